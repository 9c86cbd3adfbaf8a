package io.github.rediscluster.reconciler.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Every process the sandboxes of this JVM started, so none outlives it: one shutdown hook kills what is
 * left on exit or Ctrl-C, and a sandbox starting on a directory reaps the redis-servers a killed JVM left
 * running there.
 */
final class SandboxProcesses {

    private static final Logger LOG = Logger.getLogger(SandboxProcesses.class);
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SandboxProcesses::killAll, "sandbox-process-reaper"));
    }

    private SandboxProcesses() {
    }

    static Process start(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        LIVE.add(process);
        process.onExit().thenRun(() -> LIVE.remove(process));
        return process;
    }

    /**
     * SIGTERM to all at once (pods deleted together stop together, as on a cluster), then SIGKILL to those
     * still running after the grace period; returns once all are gone.
     */
    static void stop(List<Process> processes, Duration grace) {
        processes.forEach(Process::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (Process process : processes) {
            if (!waitFor(process, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                kill(process);
            }
        }
    }

    /** SIGKILL, as a crash or a lost node would end it; returns once the process is gone. */
    static void kill(Process process) {
        process.destroyForcibly();
        waitFor(process, Duration.ofSeconds(10));
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return false;
        }
    }

    private static void killAll() {
        LIVE.forEach(Process::destroyForcibly);
    }

    /**
     * redis-server processes that run in the given sandbox directory without belonging to this JVM: leftovers
     * of a sandbox whose JVM was killed (SIGKILL runs no shutdown hook). They are told by their working
     * directory (a pod's directory, then its data directory, both under the sandbox's), read from
     * /proc/<pid>/cwd; redis-server rewrites its command line and environment block for its process title, so
     * neither can carry a mark.
     */
    static List<ProcessHandle> strays(Path root) {
        Path sandbox = root.toAbsolutePath().normalize();
        Set<Long> ours = ConcurrentHashMap.newKeySet();
        LIVE.forEach(process -> ours.add(process.pid()));
        return ProcessHandle.allProcesses()
                .filter(handle -> !ours.contains(handle.pid()))
                .filter(handle -> handle.info().command().map(SandboxProcesses::isRedis).orElse(false))
                .filter(handle -> workingDirectory(handle.pid()).map(cwd -> cwd.startsWith(sandbox)).orElse(false))
                .toList();
    }

    /** Debian's redis-server is a link to redis-check-rdb, which the kernel names as the executable. */
    private static boolean isRedis(String executable) {
        return Path.of(executable).getFileName().toString().startsWith("redis-");
    }

    private static Optional<Path> workingDirectory(long pid) {
        try {
            return Optional.of(Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "cwd")));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty(); // gone meanwhile, or another user's process: not ours either way
        }
    }

    /** Kills them all first, then waits for each, so one slow exit does not delay the next kill. */
    static void reapStrays(Path root) {
        List<ProcessHandle> strays = strays(root);
        for (ProcessHandle stray : strays) {
            LOG.warnf("Sandbox: killing pid %d (%s), left running from %s by an earlier run", stray.pid(),
                    stray.info().commandLine().orElse("?"), root);
            stray.destroyForcibly();
        }
        for (ProcessHandle stray : strays) {
            stray.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(error -> null).join();
        }
    }
}
