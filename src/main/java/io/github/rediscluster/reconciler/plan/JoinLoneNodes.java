package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.ClusterFacts.view;

import io.github.rediscluster.reconciler.observe.ClusterNode;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisView;
import io.github.rediscluster.reconciler.observe.SlotRange;
import java.util.List;
import java.util.Optional;

/**
 * Meets nodes that know no peer while the others form a cluster (a new pod, or one whose data directory was lost)
 * into the cluster, from a member that sees cluster_state ok. Refuses a lone node that holds keys in no slot of its
 * own (they would be unreachable), or whose slots the cluster gives to another node.
 *
 * <p>The stages after this one wait for the next pass when this pass met any node, here or in {@link Rejoin}: they
 * need to see the cluster those meetings produce.
 */
final class JoinLoneNodes implements Stage {

    @Override
    public StageResult decide(ClusterFacts facts, PlanSoFar soFar) {
        StageResult.Builder out = new StageResult.Builder();
        List<ObservedPod> members = facts.answering().stream().filter(pod -> !view(pod).alone()).toList();
        ObservedPod anchor = members.stream().filter(pod -> view(pod).clusterStateOk()).findFirst().orElse(members.get(0));
        for (ObservedPod loner : facts.answering().stream().filter(pod -> view(pod).alone() && !facts.leaving(pod)).toList()) {
            RedisView lone = view(loner);
            if (lone.myself().ownsSlots()) {
                Optional<String> taken = slotsTakenInCluster(lone.myself(), anchor);
                if (taken.isPresent()) {
                    out.refuse(RefusalReason.FOREIGN_CLUSTER, loner.pod().name(), "slots " + lone.myself().slots()
                            + ", but the cluster gives " + taken.get());
                    continue;
                }
            } else if (lone.keys() > 0) {
                out.refuse(RefusalReason.LONE_NODE_HOLDS_KEYS, loner.pod().name(), String.valueOf(lone.keys()));
                continue;
            }
            if (!view(anchor).handshakeWith(loner.pod().ip(), facts.port())) {
                out.step(new TopologyStep(TopologyStep.Kind.JOIN, loner.pod().name(),
                        (lone.myself().ownsSlots() ? "knows no peer but owns slots nobody else has"
                                : "empty node (a new pod, or its data directory was lost)")
                                + ": meeting it into the cluster from " + anchor.pod().name(),
                        List.of(facts.meet(anchor.pod(), loner.pod()))));
            }
        }
        return out.result(soFar.steps().isEmpty() && !out.hasSteps());
    }

    private static Optional<String> slotsTakenInCluster(ClusterNode lone, ObservedPod anchor) {
        for (ClusterNode node : view(anchor).nodes()) {
            for (SlotRange range : lone.slots()) {
                for (int slot = range.first(); slot <= range.last(); slot++) {
                    if (node.owns(slot)) {
                        return Optional.of("slot " + slot);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
