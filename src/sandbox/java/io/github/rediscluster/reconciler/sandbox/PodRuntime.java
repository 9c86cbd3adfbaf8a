package io.github.rediscluster.reconciler.sandbox;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What the sandbox kubelet knows of one pod (one uid): its address once given, its container's process,
 * restarts, readiness, and why it waits when it does not run. Mutated by the sandbox thread only.
 */
final class PodRuntime {

    final String name;
    final String uid;
    final Path directory;
    final Instant created;
    String node;
    PodAddress address;
    /** The container's first port: where redis-server serves clients and the probe asks. */
    int port;
    MountTable mounts = MountTable.NONE;
    /** What the exec probe's redis-cli would authenticate with: the container's REDISCLI_AUTH, if any. */
    Optional<String> probePassword = Optional.empty();
    /** What the exec probe's redis-cli would connect with: TLS from its --tls flags, if any. */
    Optional<ProbeTls> probeTls = Optional.empty();
    /** When the pod's Secret volumes were last written: the kubelet refreshes them, which certificate rotation needs. */
    Instant secretsWritten = Instant.EPOCH;
    Process process;
    /** The redis_exporter beside redis-server, when the pod has one and it was started. */
    Process sidecar;
    /** Why the exporter could not start, told once. */
    String sidecarProblem;
    Instant startedAt;
    int restartCount;
    boolean ready;
    Instant lastProbe = Instant.EPOCH;
    /** Why the container is not running: it cannot start yet, it is held down, or it waits to restart. */
    String waitingReason = "ContainerCreating";
    String waitingMessage;
    Instant heldDownUntil;
    Termination lastTermination;
    /** The container's terminationMessagePolicy is FallbackToLogsOnError: a failed run's log tail goes in its status. */
    boolean logsAsTerminationMessage;
    /** Set once the pod's deletionTimestamp is seen: its graceful termination, run off the sandbox thread. */
    java.util.concurrent.CompletableFuture<Void> termination;

    /** @param message the termination message (null when none), as the kubelet reports it in lastState */
    record Termination(int exitCode, String reason, Instant startedAt, Instant finishedAt, String message) {
    }

    PodRuntime(String name, String uid, Path directory, Instant created) {
        this.name = name;
        this.uid = uid;
        this.directory = directory;
        this.created = created;
    }

    boolean running() {
        return process != null;
    }

    Path log() {
        return directory.resolve("redis-server.log");
    }

    void started(Process started, Instant now) {
        process = started;
        startedAt = now;
        ready = false;
        lastProbe = Instant.EPOCH;
        waitingReason = null;
        waitingMessage = null;
        heldDownUntil = null;
    }

    void ended(int exitCode, String reason, Instant now, Instant restartAt, String waiting, String message) {
        ended(exitCode, reason, now, restartAt, waiting, message, null);
    }

    void ended(int exitCode, String reason, Instant now, Instant restartAt, String waiting, String message,
            String terminationMessage) {
        lastTermination = new Termination(exitCode, reason, startedAt, now.truncatedTo(ChronoUnit.SECONDS), terminationMessage);
        process = null;
        ready = false;
        restartCount++;
        heldDownUntil = restartAt;
        waitingReason = waiting;
        waitingMessage = message;
    }

    void waiting(String reason, String message) {
        waitingReason = reason;
        waitingMessage = message;
    }

    SandboxPod view() {
        return new SandboxPod(name, uid, node, address == null ? null : address.podIp(), port, running(), ready,
                restartCount, process == null ? -1 : process.pid(), mounts.mounts(), log(), waitingReason,
                waitingMessage);
    }
}
