package io.github.rediscluster.reconciler.testing;

import io.github.rediscluster.reconciler.sandbox.RedisServerBinary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One plain redis-server (not cluster-enabled, nothing saved) on 127.0.0.1 and a free port, for tests of how the
 * reconciler talks to a server: the binary the sandbox uses ({@code sandbox.redis-server}, {@code REDIS_SERVER}, else
 * the embedded 6.2). Stopped by {@link #close()}.
 */
public final class StandaloneRedis implements AutoCloseable {

    public static final String IP = "127.0.0.1";

    private final Process process;
    private final int port;

    private StandaloneRedis(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** @param extraArgs e.g. {@code "--requirepass", "..."} */
    public static StandaloneRedis start(String... extraArgs) throws IOException {
        RedisServerBinary binary = RedisServerBinary.locate(Optional.ofNullable(System.getProperty("sandbox.redis-server")), false);
        int port = freePort();
        Path dir = Files.createTempDirectory(Path.of("target"), "standalone-redis");
        List<String> command = new ArrayList<>(List.of(binary.path().toString(), "--port", String.valueOf(port),
                "--bind", IP, "--save", "", "--appendonly", "no", "--dir", dir.toAbsolutePath().toString()));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-server.log").toFile()).start();
        StandaloneRedis redis = new StandaloneRedis(process, port);
        try (RedisCalls calls = new RedisCalls()) {
            // PING answers NOAUTH on a protected server: any answer at all means it listens.
            Poll.until("redis-server listening on " + IP + ":" + port, Duration.ofSeconds(10),
                    () -> process.isAlive() && answers(calls, port), up -> up);
        } catch (AssertionError | RuntimeException e) {
            redis.close();
            throw e;
        }
        return redis;
    }

    private static boolean answers(RedisCalls calls, int port) {
        try {
            calls.call(IP, port, "PING");
            return true;
        } catch (Exception e) {
            return String.valueOf(e.getMessage()).contains("NOAUTH");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
