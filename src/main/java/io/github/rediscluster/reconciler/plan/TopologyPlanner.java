package io.github.rediscluster.reconciler.plan;

import io.github.rediscluster.reconciler.observe.ObservedCluster;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.List;
import java.util.Set;

/**
 * Decides, from what every redis-server answered, the next safe changes to the Redis Cluster: a pure function,
 * level-triggered. The planner is a flat list of stages run in order over the same {@link ClusterFacts}; a stage
 * says when the stages after it must wait for the next pass (because they need the cluster its steps produce), and
 * the next pass observes the result and goes on.
 *
 * <ul>
 * <li>{@link MissingPods}: report pods that do not exist or answer; nothing more when none answers;</li>
 * <li>{@link AnnounceAddress}: fix a node's own address (CONFIG SET cluster-announce-ip), in a pass of its own;</li>
 * <li>{@link FormCluster}: form a new cluster out of empty nodes (bootstrap), or finish one cut short;</li>
 * <li>{@link MajorityOfMasters} (gate): no change while at most half of the masters answer;</li>
 * <li>{@link AnnounceSlots}: have masters meet the nodes that know them but not their slots yet (a cluster being
 * formed), so that every node says cluster_state ok without waiting for the next ping;</li>
 * <li>{@link FirstReplicas}: attach the replicas of a cluster just formed as soon as each knows its master, while
 * gossip still spreads;</li>
 * <li>{@link Rejoin}: rejoin nodes that moved (CLUSTER MEET at the pod IP), meet pods some node does not know;</li>
 * <li>{@link JoinLoneNodes}: meet empty nodes into the cluster;</li>
 * <li>{@link HandshakesAndFailures} (gate): wait while a handshake runs or a live pod is flagged failing;</li>
 * <li>{@link SettleSlots}: finish migrations left open (or roll back those that moved no key); give slots nobody owns
 * to the node holding their keys, else to a master;</li>
 * <li>{@link ChooseRoles}: choose the masters the spec wants among the pods that stay, promoting a staying replica by
 * failover when too few of them are masters;</li>
 * <li>{@link AttachReplicas}: attach replicas (empty masters, replicas following an old address, a master short of
 * replicas);</li>
 * <li>{@link MoveSlots}: move slots with their keys until the masters to keep hold an even share and the others none,
 * a bounded batch per pass;</li>
 * <li>{@link ForgetGoneNodes}: forget nodes no pod has that own no slot and are flagged failed;</li>
 * <li>{@link ReleaseLeavingPods}: let the pods beyond the spec's pod count go once the pods that stay hold every slot
 * and replica;</li>
 * <li>{@link ClusterHealth} (gate): what readiness asks, before the layout is touched;</li>
 * <li>{@link RestoreLayout}: restore the layout (masters on distinct Kubernetes nodes) with a coordinated CLUSTER
 * FAILOVER.</li>
 * </ul>
 *
 * Roles are read from what each node says, never from pod ordinals: after failovers any pod may be a master.
 *
 * Nothing here ever removes data: no FLUSH, no FORGET of a node that owns slots, no RESET but of a synced replica
 * whose keys are its master's ({@link ReplicaReset}), and a node that
 * holds keys is never made part of a cluster it does not belong to.
 */
public final class TopologyPlanner {

    private static final List<Stage> STAGES = List.of(
            new MissingPods(),
            new AnnounceAddress(),
            new FormCluster(),
            new MajorityOfMasters(),
            new AnnounceSlots(),
            new FirstReplicas(),
            new Rejoin(),
            new JoinLoneNodes(),
            new HandshakesAndFailures(),
            new SettleSlots(),
            new ChooseRoles(),
            new AttachReplicas(),
            new MoveSlots(),
            new ForgetGoneNodes(),
            new ReleaseLeavingPods(),
            new ClusterHealth(),
            new RestoreLayout());

    private TopologyPlanner() {
    }

    /**
     * @param failoversInFlight pods that were asked to take over from their master recently; they are not asked again
     *        while the failover may still be running
     */
    public static TopologyPlan plan(ClusterSpec spec, ObservedCluster observed, Set<String> failoversInFlight) {
        return plan(ClusterFacts.of(spec, observed, failoversInFlight));
    }

    /** As {@link #plan(ClusterSpec, ObservedCluster, Set)}, on facts already gathered (e.g. with the pods to restart). */
    public static TopologyPlan plan(ClusterFacts facts) {
        ClusterSpec spec = facts.spec();
        PlanSoFar soFar = PlanSoFar.NOTHING;
        for (Stage stage : STAGES) {
            StageResult result = stage.decide(facts, soFar);
            soFar = soFar.with(result);
            if (!result.laterStagesRun()) {
                break;
            }
        }
        return soFar.toPlan(spec.podCount());
    }
}
