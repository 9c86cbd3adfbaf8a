package io.github.rediscluster.reconciler.testing;

import io.fabric8.kubernetes.api.model.Secret;
import io.github.rediscluster.reconciler.sandbox.RedisServerBinary;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether the redis-server the sandbox runs serves TLS, asked before a TLS test starts, so that a binary built without
 * TLS fails the test with that reason instead of pods crash-looping until a deadline. Measured: Debian's 7.0.15 and the
 * embedded 6.2.11 (linked against libssl 3) both do.
 */
public final class TlsSupport {

    private TlsSupport() {
    }

    /** Fails with the binary's own words when it does not answer PING over TLS with the Secret's certificates. */
    public static void assertServedBy(RedisServerBinary binary, Secret secret, Path where) throws Exception {
        // Absolute: redis-server changes into --dir before it reads the certificate files.
        Path directory = where.toAbsolutePath();
        Files.createDirectories(directory);
        for (String key : List.of("ca.crt", "tls.crt", "tls.key")) {
            Files.writeString(directory.resolve(key), new String(Base64.getDecoder().decode(secret.getData().get(key)),
                    StandardCharsets.US_ASCII));
        }
        int port = freePort();
        Path log = directory.resolve("redis-server.log");
        Process process = new ProcessBuilder(binary.path().toString(), "--port", "0", "--tls-port", String.valueOf(port),
                "--bind", "127.0.0.1", "--tls-cert-file", directory.resolve("tls.crt").toString(),
                "--tls-key-file", directory.resolve("tls.key").toString(),
                "--tls-ca-cert-file", directory.resolve("ca.crt").toString(), "--save", "", "--appendonly", "no",
                "--dir", directory.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (RedisCalls tls = new RedisCalls(Optional.empty(), Optional.of(TlsClient.of(secret)))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline && process.isAlive()) {
                if (tls.pings("127.0.0.1", port)) {
                    return;
                }
                Thread.sleep(100);
            }
            throw new AssertionError(binary + " does not serve TLS, so no TLS cluster can run on it (run these tests with"
                    + " a redis-server built with TLS, e.g. REDIS_SERVER=/usr/bin/redis-server from Debian's redis-server"
                    + " package). Its output:\n" + Files.readString(log));
        } finally {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
