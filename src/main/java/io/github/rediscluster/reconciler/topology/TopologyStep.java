package io.github.rediscluster.reconciler.topology;

import java.util.List;

/**
 * One change to the Redis Cluster with the reason for it: the commands are sent in order, and each step is
 * logged and recorded as a Kubernetes Event.
 *
 * @param subject the pod (or NodeId, or "cluster") the step is about
 */
public record TopologyStep(Kind kind, String subject, String reason, List<RedisCommand> commands) {

    public enum Kind {
        /** CONFIG SET cluster-announce-ip on a node whose own address is not its pod IP. */
        ANNOUNCE_ADDRESS("AnnounceAddress"),
        /** Config epochs and slots of a new cluster, out of empty nodes. */
        BOOTSTRAP("ClusterBootstrap"),
        /** A MEET between every pair of nodes of a new cluster. */
        MEET_ALL("ClusterMeet"),
        /** MEET a known node at its current pod IP. */
        REJOIN("NodeRejoin"),
        /** MEET an empty node into the cluster. */
        JOIN("NodeJoin"),
        /** CLUSTER REPLICATE: attach a replica, or re-point one at its master's current address. */
        REPLICATE("NodeReplicate"),
        /** CLUSTER ADDSLOTS for slots nobody owns. */
        ASSIGN_SLOTS("SlotsAssign"),
        /** CLUSTER SETSLOT STABLE for a migration that moved no key yet. */
        CLOSE_SLOT("SlotClose"),
        /** CLUSTER FORGET, on every node, of a node no pod has any more. */
        FORGET("NodeForget"),
        /** CLUSTER FAILOVER (the safe, coordinated form) to restore the layout. */
        FAILOVER("NodeFailover");

        private final String eventReason;

        Kind(String eventReason) {
            this.eventReason = eventReason;
        }

        /** Each command stands alone: they may be sent all at once, in any order. */
        public boolean commandsIndependent() {
            return this == REJOIN || this == FORGET || this == MEET_ALL;
        }

        /** The reason of the Kubernetes Event, in the CamelCase that kubectl shows. */
        public String eventReason() {
            return eventReason;
        }
    }

    public TopologyStep {
        commands = List.copyOf(commands);
    }

    @Override
    public String toString() {
        return kind + " " + subject + ": " + reason;
    }
}
