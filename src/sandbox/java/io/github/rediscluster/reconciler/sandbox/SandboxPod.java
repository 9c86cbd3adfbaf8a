package io.github.rediscluster.reconciler.sandbox;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One pod as the sandbox runs it: where it is (node, pod IP), whether its redis-server runs and is ready,
 * and the host directories behind its container paths (its PV's NFS directory among them).
 */
public record SandboxPod(String name, String uid, String node, String ip, int port, boolean running, boolean ready,
        int restarts, long pid, Map<String, Path> mounts, Path log, String waitingReason, String waitingMessage) {

    /** The host directory mounted at a container path, e.g. /var/lib/redis. */
    public Optional<Path> hostPath(String containerPath) {
        return Optional.ofNullable(mounts.get(containerPath));
    }

    /** Each container path with the host directory behind it, then the log, as {@code shown} prints paths. */
    public String volumes(Function<Path, String> shown) {
        return mounts.entrySet().stream()
                .map(mount -> mount.getKey() + " -> " + shown.apply(mount.getValue()))
                .collect(Collectors.joining(", ")) + "; log " + shown.apply(log);
    }

    public String describe() {
        String state = running ? (ready ? "Ready" : "Running, not ready")
                : waitingReason + (waitingMessage == null ? "" : ": " + waitingMessage);
        return String.format("%-20s %-16s %-15s %-18s restarts=%d", name, ip == null ? "-" : ip,
                node == null ? "-" : node, state, restarts);
    }
}
