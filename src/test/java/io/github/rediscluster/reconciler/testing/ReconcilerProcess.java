package io.github.rediscluster.reconciler.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}, or the native executable when failsafe names one)
 * as a process of its own against a given API server, with its own user agent so that its requests can be told
 * apart, and its stdout and stderr in one log file.
 */
public final class ReconcilerProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Pattern LISTENING = Pattern.compile("Listening on: (http://[^\\s,]+)");
    private static final Duration START_DEADLINE = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread destroyOnExit;
    private URI baseUri;

    private ReconcilerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        // If the test JVM is stopped before close() runs, the child must not outlive it.
        this.destroyOnExit = new Thread(process::destroyForcibly);
        Runtime.getRuntime().addShutdownHook(destroyOnExit);
    }

    /**
     * Starts the service named {@code name} (its user agent, and its log {@code <directory>/<name>.log}) against
     * {@code masterUrl}, with {@code settings} as system properties (e.g. {@code reconciler.spec.locations}).
     */
    public static ReconcilerProcess start(String name, String masterUrl, String namespace, Path directory,
            Map<String, String> settings) throws IOException {
        List<String> command = new ArrayList<>(launcher());
        // fabric8's own properties, as in a pod: kubeconfig and service account stay out, only the given API is reached.
        command.addAll(List.of("-Dkubernetes.master=" + masterUrl, "-Dkubernetes.namespace=" + namespace,
                "-Dkubernetes.trust.certificates=true", "-Dkubernetes.auth.tryKubeConfig=false",
                "-Dkubernetes.auth.tryServiceAccount=false", "-Dkubernetes.user.agent=" + name,
                // A free port each, so that instances, other test runs and a dev instance never clash.
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=0"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(mainArguments());
        Files.createDirectories(directory);
        Path log = directory.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        // Only the settings on the command line: nothing from the environment of the build.
        builder.environment().keySet().removeIf(variable -> variable.startsWith("QUARKUS_")
                || variable.startsWith("KUBERNETES_") || variable.startsWith("RECONCILER_") || variable.equals("POD_NAME"));
        return new ReconcilerProcess(name, builder.start(), log);
    }

    /** The JVM (jar) or the native executable, before the system properties. */
    private static List<String> launcher() {
        Optional<Path> nativeImage = nativeImage();
        if (nativeImage.isPresent()) {
            return List.of(nativeImage.get().toAbsolutePath().toString());
        }
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: this test runs after package (./mvnw verify)");
        }
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
    }

    /** After the system properties: the jar, or nothing for a native executable. */
    private static List<String> mainArguments() {
        return nativeImage().isPresent() ? List.of() : List.of("-jar", JAR.toAbsolutePath().toString());
    }

    /** What failsafe names in a native build (-Pnative), when it was built. */
    private static Optional<Path> nativeImage() {
        return Optional.ofNullable(System.getProperty("native.image.path")).map(Path::of).filter(Files::isRegularFile);
    }

    public String name() {
        return name;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The service's HTTP address, once it logged that it listens; fails with its log if it exits first. */
    public synchronized URI baseUri() {
        if (baseUri == null) {
            String url = Poll.until(name + " to listen on HTTP", START_DEADLINE, this::listeningUrl, Optional::isPresent)
                    .orElseThrow();
            baseUri = URI.create(url);
        }
        return baseUri;
    }

    private Optional<String> listeningUrl() {
        if (!process.isAlive()) {
            throw new AssertionError(name + " exited with code " + process.exitValue() + "; its log:\n" + logText());
        }
        Matcher matcher = LISTENING.matcher(logText());
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The body of /q/health/ready (200 or 503 alike). */
    public JsonNode readiness() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(baseUri().resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The data of the readiness check {@code check}, e.g. "leader-election"; empty when there is no such check. */
    public Optional<JsonNode> readinessData(String check) {
        for (JsonNode candidate : readiness().path("checks")) {
            if (check.equals(candidate.path("name").asText())) {
                return Optional.of(candidate.path("data"));
            }
        }
        return Optional.empty();
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL, as when a node or container dies: nothing runs in the process any more, nothing is released. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, as Kubernetes stops a pod; true when it ended within {@code timeout}. */
    public boolean terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (process.isAlive() && !terminate(Duration.ofSeconds(20))) {
                kill();
            }
        } finally {
            Runtime.getRuntime().removeShutdownHook(destroyOnExit);
        }
    }
}
