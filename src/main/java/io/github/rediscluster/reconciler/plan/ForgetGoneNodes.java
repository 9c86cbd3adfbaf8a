package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.ClusterFacts.view;

import io.github.rediscluster.reconciler.observe.ClusterNode;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import java.util.List;
import java.util.Optional;

/**
 * Forgets a NodeId no pod has (its data directory was lost, or the pod was replaced) on every node that knows it, in
 * one pass so that no node re-learns it by gossip within the 60 s ban, and only once every pod answers, it owns no
 * slot, is flagged failed (or has no address) everywhere, and no node replicates from it. A node that is up but
 * belongs to no pod is left to a human.
 *
 * <p>The stages after this one run only when this pass found nothing at all so far: pods go, and the layout is
 * restored, only on a cluster that is otherwise as the spec wants it.
 */
final class ForgetGoneNodes implements Stage {

    @Override
    public StageResult decide(ClusterFacts facts, PlanSoFar soFar) {
        StageResult.Builder out = new StageResult.Builder();
        if (facts.allPodsAnswer()) {
            facts.knownIds().stream().filter(id -> !facts.hasPod(id)).forEach(id -> forget(facts, id, out));
        }
        return out.result(soFar.nothingYet() && !out.hasSteps() && !out.hasWaits() && !out.hasRefusals());
    }

    private static void forget(ClusterFacts facts, String id, StageResult.Builder out) {
        List<ObservedPod> answering = facts.answering();
        List<ClusterNode> seen = answering.stream().map(pod -> view(pod).node(id)).flatMap(Optional::stream).toList();
        String where = seen.get(0).noAddress() ? "no address" : seen.get(0).address();
        String node = "node " + ClusterNode.shortId(id);
        List<String> ownerIn = answering.stream().filter(pod -> view(pod).node(id).filter(ClusterNode::ownsSlots).isPresent())
                .map(pod -> pod.pod().name()).toList();
        if (!ownerIn.isEmpty()) {
            out.await(WaitReason.GONE_NODE_OWNS_SLOTS, node + " (" + where + ")", ownerIn.toString());
            return;
        }
        boolean alive = seen.stream().anyMatch(ClusterFacts::seenAlive);
        if (alive && facts.pods().size() > answering.size()) {
            out.await(WaitReason.GONE_NODE_AWAITS_PODS, node + " at " + where);
            return;
        }
        if (alive) {
            out.refuse(RefusalReason.UNKNOWN_NODE, node + " at " + where, facts.spec().name());
            return;
        }
        List<String> followers = answering.stream().filter(pod -> view(pod).myself().masterId().filter(id::equals).isPresent())
                .map(pod -> pod.pod().name()).toList();
        if (!followers.isEmpty() || seen.stream().noneMatch(line -> line.flags().contains("fail") || line.noAddress())) {
            out.await(WaitReason.GONE_NODE_NOT_FAILED, node + " (" + where + ")", followers.isEmpty() ? "" : followers.toString());
            return;
        }
        List<RedisCommand> forgets = answering.stream().filter(pod -> view(pod).node(id).isPresent())
                .map(pod -> RedisCommand.on(pod.pod(), "CLUSTER", "FORGET", id)).toList();
        out.step(new TopologyStep(TopologyStep.Kind.FORGET, node,
                "NodeId " + id + " (last at " + where + ") belongs to no pod, owns no slot and is flagged failed", forgets));
    }
}
