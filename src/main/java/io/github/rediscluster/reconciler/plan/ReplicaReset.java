package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.ClusterFacts.view;

import io.github.rediscluster.reconciler.observe.ClusterNode;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.SlotRange;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one CLUSTER RESET this service sends, and its narrow rule: a replica is reset (CLUSTER RESET SOFT, which
 * flushes a replica's copy and leaves it an empty master with the same NodeId, knowing no peer, for
 * {@link JoinLoneNodes} to meet back in) only when the spec needs it as a new empty master and its keys are a copy of
 * keys its master owns:
 * <ol>
 * <li>the spec wants more masters than the pods that stay can give without it (asked by {@link ChooseRoles} after no
 * empty master and no replica of a master that goes is left), and the pod stays;</li>
 * <li>no view lists it as owning a slot;</li>
 * <li>no slot is open anywhere, and all 16,384 slots are owned by masters that answer, with no failover under way;</li>
 * <li>it holds no key, or its own view says it is a replica, its master answers as a master owning slots, and
 * its link to that master is up (INFO master_link_status:up).</li>
 * </ol>
 * Why it is needed at all: when a master gives away its last slot, its replicas (and on Redis 6.2 even when told
 * {@code cluster-allow-replica-migration no}) reconfigure as replicas of the node that took it and copy its data. So
 * every pod a scale-in drained comes back, when the spec grows again, as a replica with keys, and Redis cannot make a
 * cluster replica a master without slots in any other way. {@code redis-cli --cluster del-node} sends the same
 * CLUSTER RESET SOFT to every node it removes. A master is never reset (Redis itself refuses to reset a master that
 * holds keys), nor a node that owns or may own slots or keys of its own.
 */
final class ReplicaReset {

    private ReplicaReset() {
    }

    /** Up to {@code needed} staying replicas the rule allows to reset, those of masters with most replicas first. */
    static List<ObservedPod> candidates(ClusterFacts facts, int needed) {
        if (needed <= 0 || !facts.allPodsAnswer() || !facts.failoversInFlight().isEmpty() || !slotsSettled(facts)) {
            return List.of();
        }
        Map<String, Long> replicasOf = facts.lines().stream().flatMap(node -> node.masterId().stream())
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        return facts.answering().stream().filter(pod -> !facts.leaving(pod) && resettable(facts, pod))
                .sorted(Comparator.comparingLong((ObservedPod pod) -> -replicasOf.getOrDefault(masterOf(pod), 0L))
                        .thenComparing(pod -> -pod.pod().ordinal()))
                .limit(needed).toList();
    }

    /** Rules 2 and 4 for one pod. */
    static boolean resettable(ClusterFacts facts, ObservedPod pod) {
        String id = view(pod).myId();
        boolean ownsNothing = facts.answering().stream()
                .noneMatch(other -> view(other).node(id).filter(ClusterNode::ownsSlots).isPresent());
        if (!ownsNothing || view(pod).myself().master() || view(pod).alone()) {
            return false;
        }
        if (view(pod).keys() == 0) {
            return true;
        }
        ObservedPod master = facts.podOf(masterOf(pod));
        return view(pod).myself().replica() && master != null && view(master).myself().master()
                && view(master).myself().ownsSlots() && view(pod).replicationLinkUp();
    }

    /** Rule 3: every slot owned by an answering master, once, and none open. */
    static boolean slotsSettled(ClusterFacts facts) {
        BitSet owned = new BitSet(SlotRange.SLOTS);
        int claims = 0;
        for (ObservedPod pod : facts.answering()) {
            ClusterNode myself = view(pod).myself();
            if (!myself.openSlots().isEmpty()) {
                return false;
            }
            if (myself.master()) {
                for (SlotRange range : myself.slots()) {
                    owned.set(range.first(), range.last() + 1);
                    claims += range.size();
                }
            }
        }
        return owned.cardinality() == SlotRange.SLOTS && claims == SlotRange.SLOTS;
    }

    private static String masterOf(ObservedPod pod) {
        return view(pod).myself().masterId().orElse("");
    }

    static TopologyStep step(ObservedPod replica, String why) {
        return new TopologyStep(TopologyStep.Kind.RESET_REPLICA, replica.pod().name(), why + ": " + replica.pod().name()
                + " is a synced replica owning no slot (its keys are a copy of its master's), so it is reset (CLUSTER RESET"
                + " SOFT, as redis-cli --cluster del-node does) to come back as an empty master",
                List.of(RedisCommand.on(replica.pod(), "CLUSTER", "RESET", "SOFT")));
    }
}
