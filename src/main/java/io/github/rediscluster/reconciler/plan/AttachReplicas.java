package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.ClusterFacts.view;

import io.github.rediscluster.reconciler.observe.ClusterNode;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisPod;
import io.github.rediscluster.reconciler.observe.RedisView;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Attaches replicas to the masters {@link ChooseRoles} kept: empty masters that stay become replicas, spread over
 * Kubernetes nodes ({@link Layout#pairReplicas}); a replica still following an old address is told again; a master
 * short of replicas gets one, one per pass. Redis refuses to make a node with keys a replica, so a master without
 * slots that holds keys is for a human to move. A step leaves the stages after this one to the next pass.
 */
final class AttachReplicas implements Stage {

    @Override
    public StageResult decide(ClusterFacts facts, PlanSoFar soFar) {
        Roles roles = soFar.chosenRoles();
        StageResult.Builder out = new StageResult.Builder();
        facts.answering().stream().filter(pod -> view(pod).myself().master() && !view(pod).myself().ownsSlots() && view(pod).keys() > 0)
                .forEach(pod -> out.refuse(RefusalReason.MASTER_WITHOUT_SLOTS_HOLDS_KEYS, pod.pod().name(),
                        String.valueOf(view(pod).keys())));
        List<RedisPod> spares = facts.answering().stream()
                .filter(pod -> !facts.leaving(pod) && ClusterFacts.emptyMaster(pod) && !roles.keeps(pod)).map(ObservedPod::pod).toList();
        Map<RedisPod, Integer> replicaCounts = facts.replicaCounts(roles.keepers());
        List<RedisPod> keeperPods = roles.keepers().stream().map(ObservedPod::pod).toList();
        if (!spares.isEmpty() && !keeperPods.isEmpty()) {
            int total = replicaCounts.values().stream().mapToInt(Integer::intValue).sum() + spares.size();
            int perMaster = Math.max(facts.spec().replicasPerMaster(), (total + keeperPods.size() - 1) / keeperPods.size());
            Layout.pairReplicas(keeperPods, spares, perMaster, replicaCounts)
                    .forEach((replica, master) -> replicate(facts, replica, master, replicaCounts.getOrDefault(master, 0),
                            "an empty master in the cluster", out));
        }
        int mark = out.stepCount();
        repointStaleReplicas(facts, out);
        if (out.stepCount() == mark) {
            moveSurplusReplica(facts, roles, replicaCounts, out);
        }
        return out.stopIfSteps();
    }

    private static void replicate(ClusterFacts facts, RedisPod replica, RedisPod master, int hasReplicas, String what,
            StageResult.Builder out) {
        ObservedPod replicaPod = facts.observed(replica);
        String masterId = view(facts.observed(master)).myId();
        Optional<ClusterNode> known = view(replicaPod).node(masterId);
        if (known.isEmpty() || known.get().handshake() || known.get().failing()) {
            out.await(WaitReason.REPLICA_MASTER_UNKNOWN, replica.name(), master.name());
            return;
        }
        out.step(new TopologyStep(TopologyStep.Kind.REPLICATE, replica.name(),
                what + ": making it a replica of " + master.name() + " (" + hasReplicas + " of " + facts.spec().replicasPerMaster()
                        + " replicas" + (replica.sameNodeAs(master) ? ", same Kubernetes node: no other master has room"
                                : replica.k8sNode().isEmpty() ? "" : ", on another Kubernetes node") + ")",
                List.of(RedisCommand.on(replica, "CLUSTER", "REPLICATE", masterId))));
    }

    /**
     * Redis re-points a replica itself when it learns its master's new address; one still replicating from an old
     * address once it knows the new one is told again (CLUSTER REPLICATE of the same master).
     */
    private static void repointStaleReplicas(ClusterFacts facts, StageResult.Builder out) {
        for (ObservedPod pod : facts.answering()) {
            RedisView replica = view(pod);
            Optional<String> masterId = replica.myself().masterId();
            ObservedPod master = masterId.map(facts::podOf).orElse(null);
            if (!replica.myself().replica() || master == null || replica.masterHost().isEmpty()
                    || replica.masterHost().equals(master.pod().ip())) {
                continue;
            }
            Optional<ClusterNode> known = replica.node(masterId.get());
            if (known.isPresent() && known.get().ip().equals(master.pod().ip()) && !known.get().failing()) {
                out.step(new TopologyStep(TopologyStep.Kind.REPLICATE, pod.pod().name(),
                        "replicates from " + replica.masterHost() + " but its master " + master.pod().name() + " is at "
                                + master.pod().ip() + " now",
                        List.of(RedisCommand.on(pod.pod(), "CLUSTER", "REPLICATE", masterId.get()))));
            }
        }
    }

    /**
     * A master short of replicas gets one, one per pass: a staying replica of a master that neither owns slots nor is
     * to (an empty master whose pod goes) first, else one from a master that has more than the spec asks.
     */
    private static void moveSurplusReplica(ClusterFacts facts, Roles roles, Map<RedisPod, Integer> counts, StageResult.Builder out) {
        int wanted = facts.spec().replicasPerMaster();
        List<ObservedPod> masters = roles.keepers();
        Optional<ObservedPod> short_ = masters.stream().filter(master -> counts.getOrDefault(master.pod(), 0) < wanted).findFirst();
        if (short_.isEmpty()) {
            return;
        }
        Set<String> needed = facts.lines().stream().filter(ClusterNode::ownsSlots).map(ClusterNode::id).collect(Collectors.toSet());
        masters.forEach(keeper -> needed.add(view(keeper).myId()));
        Optional<ObservedPod> orphan = facts.answering().stream().filter(pod -> !facts.leaving(pod) && view(pod).myself().replica())
                .filter(pod -> view(pod).myself().masterId().filter(id -> !needed.contains(id)).isPresent()).findFirst();
        if (orphan.isPresent()) {
            replicate(facts, orphan.get().pod(), short_.get().pod(), counts.getOrDefault(short_.get().pod(), 0),
                    "it replicates a master that holds no slot", out);
            return;
        }
        Optional<ObservedPod> rich = masters.stream().filter(master -> counts.getOrDefault(master.pod(), 0) > wanted).findFirst();
        if (rich.isEmpty()) {
            return;
        }
        String richId = view(rich.get()).myId();
        facts.answering().stream()
                .filter(pod -> !facts.leaving(pod) && view(pod).myself().masterId().filter(richId::equals).isPresent())
                .min(Comparator.comparing((ObservedPod pod) -> pod.pod().sameNodeAs(short_.get().pod()))
                        .thenComparingInt(pod -> pod.pod().ordinal()))
                .ifPresent(replica -> replicate(facts, replica.pod(), short_.get().pod(), counts.getOrDefault(short_.get().pod(), 0),
                        "one of " + counts.get(rich.get().pod()) + " replicas of " + rich.get().pod().name(), out));
    }
}
