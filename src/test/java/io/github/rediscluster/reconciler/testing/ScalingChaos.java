package io.github.rediscluster.reconciler.testing;

import io.github.rediscluster.reconciler.sandbox.Sandbox;
import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * One half of the soak's scaling round: the spec's masters changed by a spec edit, and as soon as slots are seen
 * moving, the other party of the move is deleted (scaling out: the new master, which imports; scaling in: the
 * leaving master, which is drained) and another master is killed and kept down past cluster-node-timeout, so its
 * replica takes over mid-move. The deleted pod and the killed master are never each other's master or replica, so
 * every slot keeps a copy that answers: what is lost then would be lost by the reconciler's moves, not by Redis.
 */
final class ScalingChaos {

    /** What was done; whether the chaos struck while slots were moving; how many pods it hit; when it is over. */
    record Step(String detail, boolean midMove, int interruptions, Predicate<List<SandboxPod>> chaosDone) {
    }

    private final Sandbox sandbox;
    private final RedisCalls redis;
    private final int port;
    private final int replicasPerMaster;
    private final Duration nodeTimeout;
    private final SplittableRandom random;

    ScalingChaos(Sandbox sandbox, RedisCalls redis, int port, int replicasPerMaster, Duration nodeTimeout,
            SplittableRandom random) {
        this.sandbox = sandbox;
        this.redis = redis;
        this.port = port;
        this.replicasPerMaster = replicasPerMaster;
        this.nodeTimeout = nodeTimeout;
        this.random = random;
    }

    /**
     * Writes the spec with {@code to} masters, polls until slots move (up to {@code deadline}; if the move finished
     * or had not begun by then, the chaos strikes anyway and says so), then deletes and kills.
     */
    Step scale(int from, int to, Duration deadline) {
        SpecFile.write(SpecFile.with(to, replicasPerMaster));
        int firstMovedOrdinal = Math.min(from, to) * (1 + replicasPerMaster);
        Instant until = Instant.now().plus(deadline);
        ClusterCheck.Snapshot seen = snapshot(Math.max(from, to));
        while (!moving(seen, from, to) && !SlotMap.even(seen, to) && Instant.now().isBefore(until)) {
            ChaosSoak.pause();
            seen = snapshot(Math.max(from, to));
        }
        boolean midMove = moving(seen, from, to);
        List<String> moved = seen.nodes().stream().map(node -> node.pod().name())
                .filter(name -> ordinal(name) >= firstMovedOrdinal).toList();
        Map<String, Integer> owners = SlotMap.slotsPerMaster(seen);
        // The moved pod that is a master (importing or drained), else any moved pod that answered.
        Optional<String> deleted = moved.stream().filter(owners::containsKey).findFirst().or(() -> moved.stream().findFirst());
        Map<String, String> replicaOf = seen.replicaOf();
        List<String> stoppable = new ArrayList<>(owners.keySet().stream()
                .filter(master -> ordinal(master) < firstMovedOrdinal)
                .filter(master -> deleted.map(pod -> !pod.equals(master) && !master.equals(replicaOf.get(pod))
                        && !pod.equals(replicaOf.get(master))).orElse(true))
                .toList());
        StringBuilder detail = new StringBuilder("masters " + from + " -> " + to + (midMove ? " mid-move: " : ", no move seen: "));
        List<Predicate<List<SandboxPod>>> done = new ArrayList<>();
        deleted.ifPresent(pod -> {
            String ip = sandbox.pod(pod).map(SandboxPod::ip).orElse("");
            detail.append(sandbox.deletePod(pod)).append("; ");
            // Scaling in, the pod may be gone for good once drained; scaling out, it comes back on a new IP.
            done.add(pods -> pods.stream().noneMatch(p -> p.name().equals(pod) && p.ip().equals(ip)));
        });
        if (!stoppable.isEmpty()) {
            String master = stoppable.get(random.nextInt(stoppable.size()));
            int restarts = sandbox.pod(master).map(SandboxPod::restarts).orElse(0);
            detail.append(sandbox.stopPod(master, nodeTimeout.plusSeconds(3)));
            done.add(pods -> pods.stream().anyMatch(p -> p.name().equals(master) && p.restarts() > restarts));
        }
        return new Step(detail.toString(), midMove, done.size(), pods -> done.stream().allMatch(test -> test.test(pods)));
    }

    /**
     * Slots on their way: one open, or {@code max(from, to)} masters owning slots, spread evenly over neither the old
     * nor the new count.
     */
    private static boolean moving(ClusterCheck.Snapshot seen, int from, int to) {
        return SlotMap.hasOpenSlot(seen) || SlotMap.slotsPerMaster(seen).size() == Math.max(from, to)
                && !SlotMap.even(seen, from) && !SlotMap.even(seen, to);
    }

    /** The Ready pods' view; pods that do not answer are left out (their absence is no sign of a move). */
    private ClusterCheck.Snapshot snapshot(int masters) {
        List<SandboxPod> ready = sandbox.pods().stream().filter(SandboxPod::ready).toList();
        return ClusterCheck.take(redis, port, ready, masters, replicasPerMaster);
    }

    /** A StatefulSet pod's ordinal, from its name. */
    static int ordinal(String pod) {
        return Integer.parseInt(pod.substring(pod.lastIndexOf('-') + 1));
    }
}
