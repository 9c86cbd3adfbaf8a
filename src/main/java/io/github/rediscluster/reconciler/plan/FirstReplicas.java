package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.ClusterFacts.view;

import io.github.rediscluster.reconciler.observe.ClusterNode;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisPod;
import io.github.rediscluster.reconciler.observe.SlotRange;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Attaches the replicas of a new cluster while gossip still spreads. {@link FormCluster} had each future replica meet
 * the master it is paired with here (the same pairing, from the same pods), so one handshake later it knows that
 * master, and CLUSTER REPLICATE needs nothing else: the nodes it has not heard of yet do not matter to it. Waiting
 * for every node to know every other first ({@link HandshakesAndFailures}, then {@link AttachReplicas}) put the
 * replicas' sync after gossip instead of alongside it, seconds later at 100 pods.
 *
 * <p>Only for a cluster that holds no key at all, whose masters (the spec's count) own all 16384 slots and every
 * pod of which answers: a cluster just formed. Anything else (a scale-out, a node back without its data) goes
 * through {@link AttachReplicas} once the cluster has settled. A replica attached here leaves the later stages to
 * the next pass; so does a replica that does not know its master yet (it meets it, unless their handshake is under
 * way).
 */
final class FirstReplicas implements Stage {

    @Override
    public StageResult decide(ClusterFacts facts, PlanSoFar soFar) {
        if (!newCluster(facts)) {
            return StageResult.proceed();
        }
        List<ObservedPod> owners = facts.slotOwners();
        List<RedisPod> spares = facts.answering().stream().filter(ClusterFacts::emptyMaster).map(ObservedPod::pod).toList();
        if (spares.isEmpty()) {
            return StageResult.proceed();
        }
        Map<RedisPod, Integer> counts = facts.replicaCounts(owners);
        StageResult.Builder out = new StageResult.Builder();
        pairs(owners.stream().map(ObservedPod::pod).toList(), spares, facts.spec().replicasPerMaster(), counts)
                .forEach((replica, master) -> {
                    String masterId = view(facts.observed(master)).myId();
                    Optional<ClusterNode> known = view(facts.observed(replica)).node(masterId);
                    if (known.isEmpty() && !view(facts.observed(replica)).handshakeWith(master.ip(), facts.port())) {
                        out.step(new TopologyStep(TopologyStep.Kind.JOIN, replica.name(), "is to replicate " + master.name()
                                + " in the new cluster but does not know it: meeting it", List.of(facts.meet(replica, master))));
                        return;
                    }
                    if (known.isEmpty() || known.get().handshake() || known.get().failing()) {
                        out.await(WaitReason.REPLICA_MASTER_UNKNOWN, replica.name(), master.name());
                        return;
                    }
                    out.step(new TopologyStep(TopologyStep.Kind.REPLICATE, replica.name(), "an empty master in the new"
                            + " cluster: making it a replica of " + master.name() + " (" + counts.getOrDefault(master, 0)
                            + " of " + facts.spec().replicasPerMaster() + " replicas) while gossip introduces the other nodes",
                            List.of(RedisCommand.on(replica, "CLUSTER", "REPLICATE", masterId))));
                });
        return out.hasSteps() || out.hasWaits() ? out.stop() : out.proceed();
    }

    /**
     * Replica to master, as {@link Layout#pairReplicas} pairs them, both lists taken in ordinal order, so that the
     * bootstrap's meetings and this stage's replicas agree.
     */
    static Map<RedisPod, RedisPod> pairs(List<RedisPod> masters, List<RedisPod> spares, int perMaster,
            Map<RedisPod, Integer> existing) {
        Comparator<RedisPod> byOrdinal = Comparator.comparingInt(RedisPod::ordinal);
        return Layout.pairReplicas(masters.stream().sorted(byOrdinal).toList(), spares.stream().sorted(byOrdinal).toList(),
                perMaster, existing);
    }

    /** Every pod answers, none goes, none holds a key, and the spec's masters own every slot between them. */
    private static boolean newCluster(ClusterFacts facts) {
        List<ObservedPod> owners = facts.slotOwners();
        return facts.allPodsAnswer() && facts.pods().stream().noneMatch(facts::leaving)
                && facts.answering().stream().allMatch(pod -> view(pod).keys() == 0)
                && owners.size() == facts.spec().masters()
                && owners.stream().mapToInt(pod -> view(pod).myself().slots().stream().mapToInt(SlotRange::size).sum())
                        .sum() == SlotRange.SLOTS;
    }
}
