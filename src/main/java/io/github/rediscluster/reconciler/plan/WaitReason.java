package io.github.rediscluster.reconciler.plan;

/**
 * Why the planner waits. {@link #converging()} says whether Redis settles it by itself (gossip spreads, a handshake
 * completes, a failover runs, a pass already decided what comes next): the loop then looks again at the next tick.
 * The others wait for pods to exist or answer, which the pod watch reports by asking for a pass.
 */
public enum WaitReason {
    POD_MISSING(false),
    POD_NOT_ANSWERING(false),
    FORMING_AWAITS_PODS(false),
    CLUSTER_FORMING(true),
    MAJORITY_LOST(false),
    HANDSHAKE(true),
    FAILURE_FLAG(true),
    SLOT_CLAIMED_TWICE(true),
    SLOT_OPEN_AWAITS_PODS(false),
    SLOT_OPEN(true),
    SLOT_OPEN_OWNER_SILENT(false),
    SLOT_OWNER_FAILING_OVER(true),
    SLOT_OWNER_SILENT(false),
    SLOTS_UNCOVERED_AWAITS_PODS(false),
    SLOTS_UNCOVERED(true),
    NEW_PODS_PENDING(false),
    FAILOVER_IN_FLIGHT(true),
    TAKEOVER_AWAITS_SYNC(true),
    REPLICA_MASTER_UNKNOWN(true),
    MOVES_AWAIT_PODS(false),
    MOVES_AWAIT_FAILOVER(true),
    MOVES_AWAIT_NODES(true),
    MOVES_AWAIT_OTHER_CHANGES(true),
    GONE_NODE_OWNS_SLOTS(true),
    GONE_NODE_AWAITS_PODS(false),
    GONE_NODE_NOT_FAILED(true),
    LEAVING_PODS_RELEASED(true),
    LEAVING_PODS_HOLD_DATA(true),
    CLUSTER_STATE_NOT_OK(true),
    NODES_UNKNOWN(true),
    MASTERS_COUNT(true),
    REPLICA_NOT_SYNCED(true),
    REPLICAS_COUNT(true),
    CONFIG_UNREADABLE(false),
    CONFIG_RESTART_PENDING(false),
    CONFIG_DIRECTIVE_UNKNOWN(false),
    DRAIN_FAILOVER_ASKED(true),
    DRAIN_NO_SYNCED_REPLICA(true),
    DRAIN_REPLICA_VIEW_BEHIND(true),
    ROLLOUT_AWAITS_CONTROLLER(true),
    ROLLOUT_HELD(true),
    ROLLOUT_AWAITS_PODS(true),
    ROLLOUT_AWAITS_HEALTH(true),
    ROLLOUT_REPLICA_NOT_SYNCED(true),
    ROLLOUT_NO_SYNCED_REPLICA(true);

    private final boolean converging;

    WaitReason(boolean converging) {
        this.converging = converging;
    }

    /** Redis settles this by itself, or the next pass has work: look again soon rather than at the spec's interval. */
    public boolean converging() {
        return converging;
    }
}
