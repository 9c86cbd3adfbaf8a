package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.ClusterFacts.names;
import static io.github.rediscluster.reconciler.plan.ClusterFacts.view;

import io.github.rediscluster.reconciler.observe.ClusterNode;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisPod;
import io.github.rediscluster.reconciler.observe.SlotRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When no node knows another: forms a new cluster out of empty nodes (bootstrap), finishes a bootstrap cut short, or
 * refuses (keys in no slot, slots of different clusters). Only once every pod answers; a pass that forms the cluster
 * does only that, since every later stage needs the cluster it produces.
 */
final class FormCluster implements Stage {

    /**
     * Up to this many pods every pair meets (190 MEETs at 20): every node knows every other within a handshake
     * (measured: 0.5 to 0.8 s at 6 and 20 pods, against 2.0 and 3.6 s when gossip introduces them). Beyond it the
     * pairs grow as n^2/2, and at 100 pods the 4,950 handshakes took as long as gossip (3.3 to 5.7 s on 2 cores), so
     * the nodes meet a seed and gossip introduces the rest.
     */
    static final int FULL_MESH_PODS = 20;

    private final int fullMeshPods;

    FormCluster() {
        this(FULL_MESH_PODS);
    }

    /** @param fullMeshPods the most pods whose every pair meets (a test shows the seed scheme on a few pods) */
    FormCluster(int fullMeshPods) {
        this.fullMeshPods = fullMeshPods;
    }

    @Override
    public StageResult decide(ClusterFacts facts, PlanSoFar soFar) {
        List<ObservedPod> answering = facts.answering();
        if (!answering.stream().allMatch(pod -> view(pod).alone())) {
            return StageResult.proceed();
        }
        StageResult.Builder out = new StageResult.Builder();
        if (!facts.allPodsAnswer()) {
            return out.await(WaitReason.FORMING_AWAITS_PODS, facts.spec().podCount() + " pods", String.valueOf(answering.size()))
                    .stop();
        }
        List<ObservedPod> withKeys = answering.stream().filter(pod -> view(pod).keys() > 0).toList();
        List<ObservedPod> withSlots = answering.stream().filter(pod -> view(pod).myself().ownsSlots()).toList();
        Optional<String[]> overlap = overlapping(withSlots);
        if (withSlots.isEmpty() && withKeys.isEmpty()) {
            bootstrap(facts, fullMeshPods, out);
        } else if (withSlots.isEmpty()) {
            out.refuse(RefusalReason.KEYS_OUTSIDE_SLOTS, names(withKeys), "");
        } else if (overlap.isPresent()) {
            out.refuse(RefusalReason.OVERLAPPING_SLOTS, overlap.get()[0], overlap.get()[1]);
        } else {
            resumeForming(facts, withSlots.get(0), out);
        }
        return out.stop();
    }

    private static void bootstrap(ClusterFacts facts, int fullMeshPods, StageResult.Builder out) {
        List<ObservedPod> answering = facts.answering();
        List<RedisPod> all = answering.stream().map(ObservedPod::pod).toList();
        List<RedisPod> masters = Layout.chooseMasters(all, facts.spec().masters());
        List<SlotRange> ranges = SlotRange.evenSplit(masters.size());
        List<RedisCommand> commands = new ArrayList<>();
        List<String> assignment = new ArrayList<>();
        // Distinct config epochs up front, as redis-cli does, so no two masters start with a collision to resolve.
        for (int i = 0; i < answering.size(); i++) {
            if (view(answering.get(i)).myself().configEpoch() == 0) {
                commands.add(RedisCommand.on(answering.get(i).pod(), "CLUSTER", "SET-CONFIG-EPOCH", String.valueOf(i + 1)));
            }
        }
        for (int i = 0; i < masters.size(); i++) {
            RedisPod master = masters.get(i);
            commands.add(ClusterFacts.addSlots(facts.observed(master), ranges.get(i)));
            assignment.add(master.name() + " " + ranges.get(i));
        }
        out.step(new TopologyStep(TopologyStep.Kind.BOOTSTRAP, "cluster",
                "no pod has joined a cluster yet: " + masters.size() + " masters get the 16384 slots ("
                        + String.join(", ", assignment) + "); replicas follow once all " + all.size() + " nodes have met",
                commands));
        if (all.size() <= fullMeshPods) {
            // Every pair met once (the met node learns the meeting one from its MEET): every node knows every other
            // within a handshake, instead of the seconds gossip takes to introduce them.
            List<RedisCommand> meets = new ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                for (int j = i + 1; j < all.size(); j++) {
                    meets.add(facts.meet(all.get(i), all.get(j)));
                }
            }
            out.step(new TopologyStep(TopologyStep.Kind.MEET_ALL, "cluster", "every pair of the " + all.size()
                    + " nodes meets once (" + meets.size() + " MEETs), so that none waits for gossip to introduce it", meets));
        } else {
            // n - 1 MEETs and handshakes, as redis-cli --cluster create sends, instead of every pair's n(n-1)/2 (half
            // a million at 1,000 pods); gossip introduces the rest. Every master meets the first one, and every
            // future replica its own master (FirstReplicas pairs them the same way): it knows its master within a
            // handshake, so the next pass attaches it while gossip still spreads, instead of after.
            RedisPod seed = masters.get(0);
            Map<RedisPod, RedisPod> replicaOf = FirstReplicas.pairs(masters, all.stream()
                    .filter(pod -> !masters.contains(pod)).toList(), facts.spec().replicasPerMaster(), Map.of());
            List<RedisCommand> meets = all.stream().filter(pod -> pod != seed)
                    .map(pod -> facts.meet(pod, replicaOf.getOrDefault(pod, seed))).toList();
            out.step(new TopologyStep(TopologyStep.Kind.MEET_ALL, "cluster",
                    "every master meets " + seed.name() + " and every other node the master it is to replicate ("
                            + meets.size() + " MEETs); gossip introduces the rest", meets));
        }
        out.await(WaitReason.CLUSTER_FORMING, "cluster");
    }

    /**
     * The masters got their slots but did not meet (a bootstrap cut short): meet everyone from one of them, except
     * a node that holds keys in no slot of its own, which is never made part of a cluster.
     */
    private static void resumeForming(ClusterFacts facts, ObservedPod anchor, StageResult.Builder out) {
        List<ObservedPod> strays = facts.answering().stream()
                .filter(pod -> view(pod).keys() > 0 && !view(pod).myself().ownsSlots()).toList();
        if (!strays.isEmpty()) {
            out.refuse(RefusalReason.LONE_NODE_HOLDS_KEYS, names(strays), "");
        }
        List<RedisCommand> meets = facts.answering().stream().filter(pod -> pod != anchor && !strays.contains(pod))
                .map(pod -> facts.meet(anchor.pod(), pod.pod())).toList();
        out.step(new TopologyStep(TopologyStep.Kind.BOOTSTRAP, "cluster",
                "no node knows another, but some own distinct slots (a bootstrap cut short): meeting all nodes from "
                        + anchor.pod().name(), meets));
    }

    /** Two nodes that both own a slot: their names ("a and b") and the slot ("slot 7"). */
    private static Optional<String[]> overlapping(List<ObservedPod> withSlots) {
        for (int i = 0; i < withSlots.size(); i++) {
            for (int j = i + 1; j < withSlots.size(); j++) {
                ClusterNode a = view(withSlots.get(i)).myself();
                ClusterNode b = view(withSlots.get(j)).myself();
                for (SlotRange range : a.slots()) {
                    for (int slot = range.first(); slot <= range.last(); slot++) {
                        if (b.owns(slot)) {
                            return Optional.of(new String[] {withSlots.get(i).pod().name() + " and " + withSlots.get(j).pod().name(),
                                "slot " + slot});
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }
}
