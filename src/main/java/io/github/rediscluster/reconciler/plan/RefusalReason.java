package io.github.rediscluster.reconciler.plan;

/** Why the planner will not change something by itself: each would risk data, so a human decides. */
public enum RefusalReason {
    KEYS_OUTSIDE_SLOTS,
    LONE_NODE_HOLDS_KEYS,
    OVERLAPPING_SLOTS,
    FOREIGN_CLUSTER,
    SLOTS_LOST,
    OPEN_SLOT_KEYS_ON_NON_OWNER,
    SLOTS_CONTESTED,
    NOT_ENOUGH_EMPTY_NODES,
    MASTER_WITHOUT_SLOTS_HOLDS_KEYS,
    UNKNOWN_NODE
}
