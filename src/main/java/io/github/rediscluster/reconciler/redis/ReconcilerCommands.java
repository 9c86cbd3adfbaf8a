package io.github.rediscluster.reconciler.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The commands the reconciler sends to redis-server, in one place. Two things are made from this list and nothing else:
 * the session refuses to send any other command ({@link #allows}), and the reconciler's own ACL user
 * ({@code redis-cluster.auth.reconciler-user}) is given exactly these ({@link #aclRules}). So the code cannot start
 * sending a command its ACL user may not run without every test that reaches a redis-server (fake or real) failing.
 *
 * <p>AUTH and HELLO need no rule: Redis lets every connection run them. MIGRATE's target runs {@code SELECT} and
 * {@code RESTORE-ASKING} as the user the source authenticated as (AUTH2), so that user needs them too (measured on
 * 6.2.11 and 7.0.15: without {@code +select} the target answers "NOPERM ... 'select'" and the key stays on the source).
 * Keys: {@code ~*}, since MIGRATE, RESTORE-ASKING and MEMORY USAGE name keys; no command given reads or writes a value.
 */
public final class ReconcilerCommands {

    /**
     * CLUSTER's subcommands, each allowed alone: never FLUSHSLOTS, DELSLOTS or KEYSLOT's like. RESET is on the list
     * for one step only, the SOFT reset of a synced replica the spec needs as a new empty master
     * ({@code plan.ReplicaReset}); the actor refuses it in any other step.
     */
    static final List<String> CLUSTER = List.of("MYID", "NODES", "INFO", "MEET", "ADDSLOTS", "ADDSLOTSRANGE",
            "SET-CONFIG-EPOCH", "REPLICATE", "FAILOVER", "FORGET", "SETSLOT", "COUNTKEYSINSLOT", "GETKEYSINSLOT", "RESET");
    /** Commands with subcommands other than CLUSTER, as {@code COMMAND SUBCOMMAND}. */
    static final List<String> SUBCOMMANDS = List.of("CONFIG GET", "CONFIG SET", "MEMORY USAGE");
    /** Whole commands. */
    static final List<String> COMMANDS = List.of("INFO", "DBSIZE", "ROLE", "MIGRATE");
    /** Run on a MIGRATE target by its source, authenticated as the reconciler's user: never sent by the reconciler. */
    static final List<String> MIGRATE_TARGET = List.of("SELECT", "RESTORE-ASKING");
    /** What every connection may run before and without any ACL rule. */
    static final Set<String> CONNECTION = Set.of("AUTH", "HELLO");

    private static final Set<String> ALLOWED = allowed();

    private ReconcilerCommands() {
    }

    /** Whether the reconciler may send {@code command} (its name, then its arguments). */
    public static boolean allows(List<String> command) {
        if (command.isEmpty()) {
            return false;
        }
        String name = command.get(0).toUpperCase(Locale.ROOT);
        String withSub = command.size() > 1 ? name + " " + command.get(1).toUpperCase(Locale.ROOT) : name;
        return ALLOWED.contains(name) || ALLOWED.contains(withSub);
    }

    /**
     * The ACL rules of the reconciler's user after its password: no key value, no channel, no command but the list's.
     * {@code reset} first, so that the same rules give the same user whatever it held before. Redis 6.2 and 7.0 take
     * {@code +command|subcommand} alike.
     */
    public static List<String> aclRules() {
        List<String> rules = new ArrayList<>(List.of("~*", "resetchannels", "-@all"));
        CLUSTER.forEach(sub -> rules.add("+cluster|" + sub.toLowerCase(Locale.ROOT)));
        SUBCOMMANDS.forEach(command -> rules.add("+" + command.toLowerCase(Locale.ROOT).replace(' ', '|')));
        COMMANDS.forEach(command -> rules.add("+" + command.toLowerCase(Locale.ROOT)));
        MIGRATE_TARGET.forEach(command -> rules.add("+" + command.toLowerCase(Locale.ROOT)));
        return rules;
    }

    /** The refusal of a command not on the list: a bug of this service, named with where the list is. */
    static IllegalStateException refusal(List<String> command) {
        String shown = command.size() > 1 ? command.get(0) + " " + command.get(1) : command.isEmpty() ? "(empty)" : command.get(0);
        return new IllegalStateException("refusing to send " + shown + ": not among the commands the reconciler sends"
                + " (redis.ReconcilerCommands), which its ACL user is limited to");
    }

    private static Set<String> allowed() {
        Set<String> allowed = CLUSTER.stream().map(sub -> "CLUSTER " + sub).collect(Collectors.toCollection(java.util.HashSet::new));
        allowed.addAll(SUBCOMMANDS);
        allowed.addAll(COMMANDS);
        allowed.addAll(CONNECTION);
        return Set.copyOf(allowed);
    }
}
