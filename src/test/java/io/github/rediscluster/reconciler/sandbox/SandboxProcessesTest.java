package io.github.rediscluster.reconciler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A redis-server left running by a sandbox whose JVM died is found in its directory and killed by the next
 * start. Tagged e2e so it runs on each redis-server build: Debian's names its executable redis-check-rdb.
 */
@Tag("e2e")
class SandboxProcessesTest {

    @Test
    void aRedisServerInTheSandboxThatThisJvmDoesNotOwnIsAStrayAndIsReaped() throws Exception {
        Path root = Files.createDirectories(Path.of("target", "sandbox-tests", "strays-" + System.nanoTime()));
        // Started without the registry, as the process of another (dead) JVM would be.
        Process stray = redisServerIn(root.resolve("pods")).start();
        try {
            assertThat(SandboxProcesses.strays(root)).extracting(ProcessHandle::pid).containsExactly(stray.pid());
            assertThat(SandboxProcesses.strays(root.resolveSibling("other"))).isEmpty();

            SandboxProcesses.reapStrays(root);

            assertThat(stray.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(SandboxProcesses.strays(root)).isEmpty();
        } finally {
            stray.destroyForcibly();
        }
    }

    @Test
    void aRedisServerOfThisJvmIsNotAStray() throws Exception {
        Path root = Files.createDirectories(Path.of("target", "sandbox-tests", "own-" + System.nanoTime()));
        Process own = SandboxProcesses.start(redisServerIn(root));
        try {
            assertThat(SandboxProcesses.strays(root)).isEmpty();
        } finally {
            SandboxProcesses.kill(own);
        }
        assertThat(own.isAlive()).isFalse();
    }

    /** A redis-server in the given directory, listening on a unix socket there only (with no listener at all it exits). */
    private static ProcessBuilder redisServerIn(Path directory) throws Exception {
        Files.createDirectories(directory);
        RedisServerBinary redis = RedisServerBinary.locate(Optional.empty(), false);
        return new ProcessBuilder(redis.path().toString(), "--port", "0", "--unixsocket", "redis.sock",
                "--appendonly", "no")
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("redis.log").toFile());
    }
}
