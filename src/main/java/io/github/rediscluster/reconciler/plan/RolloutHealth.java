package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.ClusterFacts.compact;
import static io.github.rediscluster.reconciler.plan.ClusterFacts.view;

import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisView;
import io.github.rediscluster.reconciler.observe.SlotRange;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The gates of {@link RollingRestart}, on what every pod answered: the cluster serves every slot and agrees on its
 * members, and every replica is in sync with its master. Pure.
 */
final class RolloutHealth {

    private RolloutHealth() {
    }

    /** What keeps the cluster from being healthy enough to lose a pod for a while; empty when nothing does. */
    static Optional<String> problem(ClusterFacts facts) {
        List<String> problems = new ArrayList<>();
        List<String> notOk = facts.answering().stream().filter(pod -> !view(pod).clusterStateOk())
                .map(pod -> pod.pod().name()).toList();
        if (!notOk.isEmpty()) {
            problems.add("cluster_state is not ok on " + compact(notOk));
        }
        Set<String> podIds = facts.podIds();
        List<String> notKnowing = facts.answering().stream().filter(pod -> !view(pod).knownIds().containsAll(podIds))
                .map(pod -> pod.pod().name()).toList();
        if (!notKnowing.isEmpty()) {
            problems.add("not every pod is known to " + compact(notKnowing));
        }
        BitSet served = new BitSet(SlotRange.SLOTS);
        facts.slotOwners().forEach(master -> view(master).myself().slots()
                .forEach(range -> served.set(range.first(), range.last() + 1)));
        if (served.cardinality() < SlotRange.SLOTS) {
            problems.add((SlotRange.SLOTS - served.cardinality()) + " slots are served by no master that answers");
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /** The replicas, {@code next} aside, that are not in sync with their master, with what they show. */
    static List<String> replicasBehind(ClusterFacts facts, ObservedPod next) {
        return facts.answering().stream().filter(pod -> pod != next && view(pod).myself().replica())
                .filter(pod -> !inSync(facts, pod))
                .map(pod -> pod.pod().name() + " (master_link_status:" + view(pod).info().getOrDefault("master_link_status", "?")
                        + ", " + behind(facts, pod).map(bytes -> bytes + " bytes behind").orElse("master not answering") + ")")
                .toList();
    }

    /** Link up, initial sync done, and its offset within {@link RollingRestart#MAX_BEHIND_BYTES} of its master's. */
    static boolean inSync(ClusterFacts facts, ObservedPod replica) {
        return view(replica).replicationLinkUp()
                && behind(facts, replica).filter(bytes -> bytes <= RollingRestart.MAX_BEHIND_BYTES).isPresent();
    }

    /** How many bytes of replication stream the replica lacks; empty when its master does not answer. */
    private static Optional<Long> behind(ClusterFacts facts, ObservedPod replica) {
        return view(replica).myself().masterId().map(facts::podOf)
                .map(master -> Math.max(0, number(view(master), "master_repl_offset") - offset(replica)));
    }

    static long offset(ObservedPod replica) {
        return number(view(replica), "slave_repl_offset");
    }

    private static long number(RedisView view, String field) {
        try {
            return Long.parseLong(view.info().getOrDefault(field, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
