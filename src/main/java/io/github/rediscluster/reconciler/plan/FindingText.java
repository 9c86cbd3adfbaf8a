package io.github.rediscluster.reconciler.plan;

/** The one place where a finding becomes words: readiness, Events and the log all show this text. */
public final class FindingText {

    private FindingText() {
    }

    public static String of(Finding finding) {
        if (finding instanceof Wait wait) {
            return of(wait.reason(), wait.subject(), wait.detail());
        }
        Refusal refusal = (Refusal) finding;
        return of(refusal.reason(), refusal.subject(), refusal.detail());
    }

    private static String of(WaitReason reason, String s, String d) {
        return switch (reason) {
            case POD_MISSING -> "no such pod yet: " + s;
            case CONFIG_UNREADABLE -> s + ": its redis.conf directives could not be read (" + d + ")";
            case CONFIG_RESTART_PENDING -> "redis.conf " + s + " is not in force yet on " + d
                    + ": Redis reads it only at start, so it applies as the pods restart";
            case CONFIG_DIRECTIVE_UNKNOWN -> "redis.conf " + s + " is not a directive of the Redis of " + d
                    + ": the pods run another Redis version than the image names?";
            case DRAIN_FAILOVER_ASKED -> s + " is being deleted; " + d + " was asked to take over its slots";
            case DRAIN_REPLICA_VIEW_BEHIND -> s + " is being deleted while a master, but its replica still lists it owning "
                    + d + ", which another node already gives to a new owner: taking over now would claim them back with a"
                    + " newer epoch and make that owner drop their keys, so the failover waits for the replica to learn";
            case DRAIN_NO_SYNCED_REPLICA -> s + " is being deleted while a master, and none of its replicas (" + d
                    + ") is in sync: its slots wait for the cluster's own failover";
            case ROLLOUT_AWAITS_CONTROLLER -> "the rolling restart waits for the StatefulSet controller to see the new pod"
                    + " template of " + s + " (" + d + ")";
            case ROLLOUT_HELD -> "the rolling restart of " + s + " waits for the cluster's other changes: " + d;
            case ROLLOUT_AWAITS_PODS -> "the rolling restart of " + s + " waits until every pod runs and answers: " + d;
            case ROLLOUT_AWAITS_HEALTH -> "the rolling restart of " + s + " waits for a healthy cluster: " + d;
            case ROLLOUT_REPLICA_NOT_SYNCED -> "the rolling restart of " + s + " waits until every replica is in sync: " + d;
            case ROLLOUT_NO_SYNCED_REPLICA -> s + " runs the old pod template and is a master: it restarts only after a"
                    + " coordinated failover to a replica in sync, and none is (" + d + ")";
            case POD_NOT_ANSWERING -> s + ": " + d;
            case FORMING_AWAITS_PODS -> "the cluster is formed once all " + s + " answer; " + d + " do";
            case CLUSTER_FORMING -> "the new cluster forms; replicas are attached once every node has met the others";
            case MAJORITY_LOST -> "only " + s + " answer: no topology change until a majority does";
            case HANDSHAKE -> "handshake in progress on " + s + ": no other change until it completes";
            case FAILURE_FLAG -> s + " still see " + d;
            case SLOT_CLAIMED_TWICE -> d + " both claim " + s + " (Redis settles this by config epoch)";
            case SLOT_OPEN_AWAITS_PODS -> s + " is left open by a migration; it is finished or rolled back once every pod answers";
            case SLOT_OPEN -> s + " is left open by a move " + d + "; it goes on once both see cluster_state ok";
            case SLOT_OWNER_FAILING_OVER -> s + " are served by " + d + " takes over once the cluster flags it failed";
            case SLOT_OPEN_OWNER_SILENT -> s + " is left open by a move, and " + d + ", listed as its owner, does not answer: it is"
                    + " left alone until the owner answers (its keys may be there)";
            case SLOT_OWNER_SILENT -> s + " are served by " + d + ", which does not answer";
            case SLOTS_UNCOVERED_AWAITS_PODS -> s + " have no owner; assigning them waits until every pod answers";
            case SLOTS_UNCOVERED -> s + " have no owner and no master answers to take them";
            case NEW_PODS_PENDING -> "the spec wants " + s + " and " + d + " pods are: the others come from pods that have not"
                    + " joined the cluster yet";
            case FAILOVER_IN_FLIGHT -> s + " was asked to take over from " + d + "; waiting for it";
            case TAKEOVER_AWAITS_SYNC -> d + ", once its replication link is up and synced";
            case REPLICA_MASTER_UNKNOWN -> s + " is to replicate " + d + " but does not know it yet";
            case MOVES_AWAIT_PODS -> s + ": waiting until every pod answers";
            case MOVES_AWAIT_FAILOVER -> s + ": waiting for the failover of " + d;
            case MOVES_AWAIT_NODES -> s + ": waiting until every node sees cluster_state ok and knows every pod (not yet: " + d + ")";
            case MOVES_AWAIT_OTHER_CHANGES -> s + ": waiting until the changes above are done";
            case GONE_NODE_OWNS_SLOTS -> s + " belongs to no pod but " + d + " still list it with slots: it is never forgotten"
                    + " while any node does";
            case GONE_NODE_AWAITS_PODS -> s + " is up but no pod that answers has it: waiting for the pods that do not answer"
                    + " (or are going away)";
            case GONE_NODE_NOT_FAILED -> s + " belongs to no pod; it is forgotten once the cluster flags it failed"
                    + (d.isEmpty() ? "" : " and " + d + " no longer replicate it");
            case LEAVING_PODS_RELEASED -> s + " hold no slot and no replica the cluster needs: the StatefulSet goes down to "
                    + d + " pods";
            case LEAVING_PODS_HOLD_DATA -> s + " go once the pods that stay hold everything: " + d;
            case CLUSTER_STATE_NOT_OK -> "cluster_state is not ok on " + s;
            case NODES_UNKNOWN -> "not every node knows every pod yet: " + s;
            case MASTERS_COUNT -> s + " masters own slots; the spec wants " + d;
            case REPLICA_NOT_SYNCED -> "replicas not synced with their master yet: " + s;
            case REPLICAS_COUNT -> s + " has " + d;
        };
    }

    private static String of(RefusalReason reason, String s, String d) {
        return switch (reason) {
            case KEYS_OUTSIDE_SLOTS -> "no node knows another or owns a slot, but " + s + " hold keys: refusing to build a"
                    + " cluster over data that belongs to no slot";
            case LONE_NODE_HOLDS_KEYS -> s + " knows no peer, owns no slot and holds " + (d.isEmpty() ? "keys" : d + " keys")
                    + ": refusing to join it (its keys would be unreachable); move them or empty it by hand";
            case OVERLAPPING_SLOTS -> "no node knows another, and " + s + " both own " + d + ": these are nodes of different"
                    + " clusters; refusing to join them";
            case FOREIGN_CLUSTER -> s + " knows no peer and owns " + d + " to another node: refusing to join it";
            case SLOTS_LOST -> s + " belong to " + d + ", which no pod has any more and no replica replaced: their keys are"
                    + " lost unless that node comes back; `redis-cli --cluster fix` would reassign them empty";
            case OPEN_SLOT_KEYS_ON_NON_OWNER -> s + " is open on " + d + ": finish the migration by hand, e.g. with"
                    + " `redis-cli --cluster fix`";
            case SLOTS_CONTESTED -> s + " have no owner and keys on more than one node (or on a replica): fix by hand with"
                    + " `redis-cli --cluster fix`";
            case NOT_ENOUGH_EMPTY_NODES -> "the spec wants " + s + " but only " + d + " are replicas, and only an empty node can"
                    + " become a new master (a pod that comes back with the data directory of an earlier scale-in keeps the"
                    + " role it had). If the data of one of them is not needed, empty it with `CLUSTER RESET` (redis-cli -h"
                    + " <pod IP> -p <port>) and it joins as a new master; or lower redis-cluster.masters";
            case MASTER_WITHOUT_SLOTS_HOLDS_KEYS -> s + " is a master without slots that holds " + d + " keys: not making it a"
                    + " replica (that would need it emptied); move its keys to the slots' owners, e.g. with MIGRATE, or empty"
                    + " it by hand";
            case UNKNOWN_NODE -> s + " is in the cluster but is no pod of " + d + ": remove it by hand if it does not belong";
        };
    }
}
