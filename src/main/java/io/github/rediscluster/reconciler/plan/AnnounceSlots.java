package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.ClusterFacts.view;

import io.github.rediscluster.reconciler.observe.ClusterNode;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisView;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells nodes the slots of masters they know but have not heard from since their handshake: the master meets each of
 * them. A node learns a master's slots only from a message the master itself sends (the slot bitmap of its header),
 * never from gossip, and after a handshake the next ping between the two comes up to {@code cluster-node-timeout / 2}
 * later (2.5 s by default): until then the node counts those slots as unassigned and says {@code cluster_state:fail}.
 * A CLUSTER MEET that the master sends to a node already knowing it carries that header, and Redis (cluster.c, a
 * MEET, PING or PONG from a known sender) takes the slots from it at once. Measured when forming on Redis 7.0: every
 * node knew every other 0.5 s after the MEETs, and said {@code cluster_state:ok} only 4 s later.
 *
 * <p>Only for a node that says {@code cluster_state:fail} and lists the master, at its pod IP and past the
 * handshake, without any slot while the master's own line claims some: a cluster being formed, or a pod met into
 * one. A settled cluster plans nothing here. At most {@link #MEETS_PER_PASS} a pass. Later stages still run.
 */
final class AnnounceSlots implements Stage {

    static final int MEETS_PER_PASS = 10_000;

    @Override
    public StageResult decide(ClusterFacts facts, PlanSoFar soFar) {
        List<ObservedPod> masters = facts.answering().stream()
                .filter(pod -> view(pod).myself().master() && view(pod).myself().ownsSlots()).toList();
        List<ObservedPod> unaware = facts.answering().stream().filter(pod -> !view(pod).clusterStateOk()).toList();
        if (masters.isEmpty() || unaware.isEmpty()) {
            return StageResult.proceed();
        }
        StageResult.Builder out = new StageResult.Builder();
        int planned = 0;
        for (ObservedPod master : masters) {
            List<RedisCommand> meets = new ArrayList<>();
            List<String> told = new ArrayList<>();
            for (ObservedPod node : unaware) {
                if (node != master && planned < MEETS_PER_PASS && knowsWithoutSlots(view(node), master, facts)
                        && !view(master).handshakeWith(node.pod().ip(), facts.port())) {
                    meets.add(facts.meet(master.pod(), node.pod()));
                    told.add(node.pod().name());
                    planned++;
                }
            }
            if (!meets.isEmpty()) {
                out.step(new TopologyStep(TopologyStep.Kind.ANNOUNCE_SLOTS, master.pod().name(), told.size()
                        + " node(s) know it but not its slots yet (" + ClusterFacts.compact(told) + "): meeting them, so"
                        + " that they take its slots from the MEET instead of its next ping", meets));
            }
        }
        return out.proceed();
    }

    /** {@code view} lists {@code master} at its pod IP, handshake done and not failing, but with no slot. */
    private static boolean knowsWithoutSlots(RedisView view, ObservedPod master, ClusterFacts facts) {
        return view.node(view(master).myId())
                .filter(line -> !line.handshake() && !line.failing() && !line.noAddress() && !line.ownsSlots())
                .filter(line -> line.ip().equals(master.pod().ip()) && line.port() == facts.port())
                .isPresent();
    }
}
