package io.github.rediscluster.reconciler.plan;

import java.util.List;
import java.util.Optional;

/**
 * One change to the Redis Cluster with the reason for it: the commands are sent in order, and each step is
 * logged and recorded as a Kubernetes Event.
 *
 * @param subject the pod (or NodeId, or "cluster") the step is about
 * @param move for {@link Kind#MOVE_SLOTS}, the slots to move: their commands depend on the keys found, so they are
 *        not in {@code commands}
 */
public record TopologyStep(Kind kind, String subject, String reason, List<RedisCommand> commands, Optional<SlotMove> move) {

    public enum Kind {
        /** CONFIG SET cluster-announce-ip on a node whose own address is not its pod IP. */
        ANNOUNCE_ADDRESS("AnnounceAddress"),
        /** Config epochs and slots of a new cluster, out of empty nodes. */
        BOOTSTRAP("ClusterBootstrap"),
        /** A MEET between every pair of nodes of a new cluster. */
        MEET_ALL("ClusterMeet"),
        /** MEET a known node at its current pod IP. */
        REJOIN("NodeRejoin"),
        /** A master MEETs nodes that know it but not its slots yet, so that they take them from the MEET's header. */
        ANNOUNCE_SLOTS("SlotsAnnounce"),
        /** MEET an empty node into the cluster. */
        JOIN("NodeJoin"),
        /** CLUSTER REPLICATE: attach a replica, or re-point one at its master's current address. */
        REPLICATE("NodeReplicate"),
        /** CLUSTER ADDSLOTS for slots nobody owns. */
        ASSIGN_SLOTS("SlotsAssign"),
        /** CLUSTER SETSLOT STABLE for a migration that moved no key yet, or SETSLOT NODE to finish one the source let go. */
        CLOSE_SLOT("SlotClose"),
        /**
         * CLUSTER SETSLOT IMPORTING on a master without slots that holds keys of slots others own, so that those keys
         * are counted and moved with their slots (see {@code StrayKeys}).
         */
        MARK_STRAY_KEYS("StrayKeysMark"),
        /**
         * CLUSTER RESET SOFT of a synced replica that the spec needs as a new, empty master: its keys are a copy of
         * its master's (see {@code ReplicaReset}).
         */
        RESET_REPLICA("ReplicaReset"),
        /** Slots moved with their keys to another master (a new one, or one that stays when masters go). */
        MOVE_SLOTS("SlotsMove"),
        /** CLUSTER FORGET, on every node, of a node no pod has any more. */
        FORGET("NodeForget"),
        /** CLUSTER FAILOVER (the safe, coordinated form) to restore the layout. */
        FAILOVER("NodeFailover"),
        /** CONFIG SET of the redis.conf directives that Redis changes at runtime and that differ from the spec. */
        CONFIG_SET("ConfigSet"),
        /**
         * Deletes one pod whose template is outdated, so that the StatefulSet makes it again from the new one: a
         * Kubernetes write, no Redis command (see {@link RollingRestart}).
         */
        RESTART_POD("PodRestart"),
        /** CONFIG SET tls-cert-file on a pod still presenting an older certificate than the TLS Secret's. */
        RELOAD_CERTIFICATES("CertificateReload");

        private final String eventReason;

        Kind(String eventReason) {
            this.eventReason = eventReason;
        }

        /** Each command stands alone: they may be sent all at once, in any order. */
        public boolean commandsIndependent() {
            return this == REJOIN || this == FORGET || this == MEET_ALL || this == ANNOUNCE_SLOTS;
        }

        /** The reason of the Kubernetes Event, in the CamelCase that kubectl shows. */
        public String eventReason() {
            return eventReason;
        }
    }

    public TopologyStep {
        commands = List.copyOf(commands);
    }

    public TopologyStep(Kind kind, String subject, String reason, List<RedisCommand> commands) {
        this(kind, subject, reason, commands, Optional.empty());
    }

    public static TopologyStep move(SlotMove move, String reason) {
        return new TopologyStep(Kind.MOVE_SLOTS, move.target().name(), reason, List.of(), Optional.of(move));
    }

    @Override
    public String toString() {
        return kind + " " + subject + ": " + reason;
    }
}
