package io.github.rediscluster.reconciler.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.embedded.core.ExecutableProvider;

/** The redis-server executable the sandbox runs for every pod, and its version. */
public record RedisServerBinary(Path path, String version, String origin) {

    public static final String ENVIRONMENT_VARIABLE = "REDIS_SERVER";
    private static final Pattern VERSION = Pattern.compile("v=(\\d+)\\.(\\d+)\\.(\\d+)");

    /**
     * In this order: an explicit path (the sandbox.redis-server setting), then REDIS_SERVER, then (when asked)
     * redis-server on the PATH, and last the binary shipped in the embedded-redis artifact (Redis 6.2), so a
     * machine with only a JDK can run the sandbox.
     */
    public static RedisServerBinary locate(Optional<String> explicit, boolean searchPath) throws IOException {
        if (explicit.isPresent() && !explicit.get().isBlank()) {
            return probe(Path.of(explicit.get()), "sandbox.redis-server");
        }
        String fromEnvironment = System.getenv(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return probe(Path.of(fromEnvironment), ENVIRONMENT_VARIABLE);
        }
        if (searchPath) {
            Optional<Path> onPath = onPath("redis-server");
            if (onPath.isPresent()) {
                return probe(onPath.get(), "PATH");
            }
        }
        return probe(embedded(), "embedded-redis artifact");
    }

    /** {@code embedded} (the embedded-redis artifact's 6.2) or a path, as an {@link ImageBinaries} rule names it. */
    public static RedisServerBinary at(String binary) throws IOException {
        return binary.equals(ImageBinaries.EMBEDDED) ? probe(embedded(), "embedded-redis artifact")
                : probe(Path.of(binary), "sandbox.images");
    }

    private static Path embedded;

    /** Extracted once per JVM into a temporary directory (the artifact deletes it on exit). */
    private static synchronized Path embedded() throws IOException {
        if (embedded == null) {
            embedded = ExecutableProvider.newJarResourceProvider().get().toPath();
        }
        return embedded;
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static RedisServerBinary probe(Path path, String origin) throws IOException {
        if (!Files.isExecutable(path)) {
            throw new IOException("redis-server from " + origin + " is not an executable file: " + path);
        }
        Process process = new ProcessBuilder(path.toString(), "--version").redirectErrorStream(true).start();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(path + " --version did not answer within 10 s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + path + " for its version", e);
        }
        String answer = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        Matcher version = VERSION.matcher(answer);
        if (!version.find()) {
            throw new IOException(path + " --version did not name a Redis version: " + answer);
        }
        return new RedisServerBinary(path.toAbsolutePath(), version.group(1) + "." + version.group(2) + "." + version.group(3),
                origin);
    }

    public int majorVersion() {
        return Integer.parseInt(version.substring(0, version.indexOf('.')));
    }

    /**
     * Every pod listens on its own loopback address. Redis 7 makes its outgoing cluster-bus connections from
     * the first address of the host unless told otherwise, so peers would record 127.0.0.1 for every node;
     * 6.2 leaves from its first bind address (see shared REDIS-NOTES).
     */
    public String[] loopbackArgs(String podIp) {
        return majorVersion() >= 7
                ? new String[] {"--bind", podIp, "--bind-source-addr", podIp}
                : new String[] {"--bind", podIp};
    }

    @Override
    public String toString() {
        return "redis-server " + version + " (" + path + ", from " + origin + ")";
    }
}
