package io.github.rediscluster.reconciler.act;

import io.github.rediscluster.reconciler.redis.RedisCallException;
import io.github.rediscluster.reconciler.redis.RedisSession;

import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.plan.RedisCommand;
import io.github.rediscluster.reconciler.observe.RedisPod;
import io.github.rediscluster.reconciler.plan.SlotMove;
import io.github.rediscluster.reconciler.observe.SlotRange;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Moves slots with their keys, as {@code redis-cli --cluster reshard} does, {@link #CHUNK} slots at a time, each phase
 * pipelined over the slots of the chunk:
 * <ol>
 * <li>SETSLOT IMPORTING on the target, then MIGRATING on the source (again on a resumed move: it is idempotent);</li>
 * <li>GETKEYSINSLOT on the source and MIGRATE ... KEYS to the target, until the source has no key left in the slot
 * or the pass's key budget is spent;</li>
 * <li>for each slot the source holds no key of any more: SETSLOT NODE on the target, then the source, then every
 * other master.</li>
 * </ol>
 * The new owner is set only once GETKEYSINSLOT found the slot empty on the source: a source that still held keys
 * when it learned of the new owner would drop them. A slot whose keys could not all move stays open and the next
 * pass resumes it. Every failure comes back in the outcome; nothing is retried here.
 */
final class SlotMover {

    /** Slots opened, drained and closed together. */
    static final int CHUNK = 128;
    /** What a replica answers to SETSLOT. */
    private static final String NOW_A_REPLICA = "Please use SETSLOT only with masters";

    /** Keys left to move in this pass, shared by its moves. */
    static final class KeyBudget {
        private long left;

        KeyBudget(long keys) {
            this.left = keys;
        }

        boolean spent() {
            return left <= 0;
        }

        long left() {
            return left;
        }

        void spend(long keys) {
            left -= keys;
        }
    }

    private final RedisSession session;
    private final ClusterSpec.Resharding limits;
    private final KeyBudget budget;
    private final List<String> failures = new ArrayList<>();
    private final List<RedisCommand> sent = new ArrayList<>();

    private SlotMover(RedisSession session, ClusterSpec.Resharding limits, KeyBudget budget) {
        this.session = session;
        this.limits = limits;
        this.budget = budget;
    }

    static StepOutcome execute(RedisSession session, TopologyStep step, ClusterSpec.Resharding limits, KeyBudget budget) {
        SlotMover mover = new SlotMover(session, limits, budget);
        SlotMove move = step.move().orElseThrow();
        StepOutcome.MoveProgress progress = mover.move(move);
        return new StepOutcome(step, mover.failures, mover.sent, progress);
    }

    /**
     * Moves the slots a chunk at a time, so that when the key budget runs out at most one chunk is left open, and
     * clients meet few ASK redirections at once.
     */
    private StepOutcome.MoveProgress move(SlotMove move) {
        int moved = 0;
        long keysMoved = 0;
        List<Integer> leftOpen = new ArrayList<>();
        for (int from = 0; from < move.slots().size() && failures.isEmpty() && !budget.spent(); from += CHUNK) {
            List<Integer> chunk = move.slots().subList(from, Math.min(move.slots().size(), from + CHUNK));
            boolean lastOfSource = move.keepSourceMaster() && from + chunk.size() == move.slots().size() && moved == from;
            List<Integer> open = setSlot(move.target(), chunk, "IMPORTING", move.sourceId());
            open = setSlot(move.source(), open, "MIGRATING", move.targetId());
            List<Integer> empty = new ArrayList<>();
            keysMoved += drain(move, open, empty);
            Set<Integer> owned = new HashSet<>(setOwner(move, empty, lastOfSource && empty.size() == chunk.size()));
            moved += owned.size();
            open.stream().filter(slot -> !owned.contains(slot)).forEach(leftOpen::add);
        }
        return new StepOutcome.MoveProgress(moved, keysMoved, leftOpen);
    }

    /**
     * GETKEYSINSLOT and MIGRATE until the source holds no key of a slot, or the budget is spent; adds the slots found
     * empty to {@code empty} and returns how many keys moved.
     */
    private long drain(SlotMove move, List<Integer> open, List<Integer> empty) {
        long keysMoved = 0;
        List<Integer> pending = open;
        while (!pending.isEmpty() && failures.isEmpty()) {
            Map<Integer, List<String>> keys = keysIn(move.source(), pending);
            List<Integer> withKeys = new ArrayList<>();
            keys.forEach((slot, names) -> (names.isEmpty() ? empty : withKeys).add(slot));
            if (withKeys.isEmpty() || budget.spent()) {
                break;
            }
            keysMoved += migrate(move, withKeys, keys);
            pending = withKeys;
        }
        return keysMoved;
    }

    /** SETSLOT slot IMPORTING|MIGRATING|NODE id on one node, for every slot; returns the slots it accepted. */
    private List<Integer> setSlot(RedisPod pod, List<Integer> slots, String subcommand, String id) {
        if (slots.isEmpty()) {
            return slots;
        }
        record(pod, List.of("CLUSTER", "SETSLOT", ranges(slots), subcommand, id));
        return accepted(pod, slots, slot -> List.of("CLUSTER", "SETSLOT", String.valueOf(slot), subcommand, id), Duration.ZERO);
    }

    private Map<Integer, List<String>> keysIn(RedisPod source, List<Integer> slots) {
        List<List<String>> commands = slots.stream().map(slot -> List.of("CLUSTER", "GETKEYSINSLOT", String.valueOf(slot),
                String.valueOf(ClusterSpec.Resharding.KEYS_PER_MIGRATE))).toList();
        Map<Integer, List<String>> keys = new LinkedHashMap<>();
        try {
            List<Response> replies = session.batch(source.ip(), commands).join();
            for (int i = 0; i < slots.size(); i++) {
                List<String> names = new ArrayList<>();
                replies.get(i).forEach(name -> names.add(name.toString()));
                keys.put(slots.get(i), names);
            }
        } catch (CompletionException e) {
            failures.add(source.name() + ": CLUSTER GETKEYSINSLOT failed: " + session.describe(e));
        }
        return keys;
    }

    /**
     * One MIGRATE per slot (MIGRATE refuses keys of different slots), pipelined, no more keys than the budget has
     * left; returns the keys moved.
     */
    private long migrate(SlotMove move, List<Integer> slots, Map<Integer, List<String>> keys) {
        List<Integer> batch = new ArrayList<>();
        long count = 0;
        for (int slot : slots) {
            if (budget.spent()) {
                break;
            }
            List<String> some = keys.get(slot).subList(0, (int) Math.min(keys.get(slot).size(), budget.left()));
            keys.put(slot, some);
            batch.add(slot);
            budget.spend(some.size());
            count += some.size();
        }
        String timeout = String.valueOf(limits.migrateTimeout().toMillis());
        record(move.source(), List.of("MIGRATE", move.target().ip(), String.valueOf(session.port()), "\"\"", "0", timeout,
                "KEYS", "(" + count + " keys of " + ranges(batch) + ")"));
        List<Integer> done = accepted(move.source(), batch, slot -> {
            List<String> command = new ArrayList<>(List.of("MIGRATE", move.target().ip(), String.valueOf(session.port()), "",
                    "0", timeout, "KEYS"));
            command.addAll(keys.get(slot));
            return command;
        }, limits.migrateTimeout().multipliedBy(batch.size()));
        return done.stream().mapToLong(slot -> keys.get(slot).size()).sum();
    }

    /**
     * The new owner on the target first (it then serves the slot), then the source, then every other master.
     * <p>
     * Except for the last slots of a source whose pod goes. A master left without slots turns itself into a replica
     * of the new owner (on SETSLOT in 7.0, or when gossip tells it), and a replica can never become an empty master
     * again without losing its data: the pod could not come back as a new master when the spec grows again. So the
     * source is told first, after {@code cluster-allow-replica-migration no} (7.0 and 6.2.11 know it; a server too
     * old to know it converts only on gossip), and gives the slots away itself. Clients that ask it in the
     * milliseconds before the target is told are redirected back and forth once. A master that turned into a replica
     * anyway refuses SETSLOT, and needs telling no more.
     */
    private List<Integer> setOwner(SlotMove move, List<Integer> empty, boolean lastOfSource) {
        List<Integer> owned;
        if (lastOfSource) {
            keepMasterWhenEmptied(move.source());
            List<Integer> released = setSlot(move.source(), empty, "NODE", move.targetId());
            owned = setSlot(move.target(), released, "NODE", move.targetId());
        } else {
            owned = setSlot(move.target(), empty, "NODE", move.targetId());
            setSlot(move.source(), owned, "NODE", move.targetId());
        }
        move.otherMasters().forEach(master -> setSlot(master, owned, "NODE", move.targetId()));
        failures.removeIf(failure -> failure.contains(NOW_A_REPLICA) && !failure.startsWith(move.target().name() + ":"));
        return owned;
    }

    private void keepMasterWhenEmptied(RedisPod source) {
        List<String> command = List.of("CONFIG", "SET", "cluster-allow-replica-migration", "no");
        try {
            session.call(source.ip(), command);
            record(source, command);
        } catch (RedisCallException e) {
            // A server too old to know the setting does not need it either; any other refusal is reported.
            if (!e.getMessage().contains("nknown option")) {
                failures.add(source.name() + ": " + e.getMessage());
            }
        }
    }

    /**
     * Sends one command per slot, each with its own reply but all written at once (pipelined on the pod's connection);
     * records the refusals as failures (the first three, and how many) and returns the slots that went.
     */
    private List<Integer> accepted(RedisPod pod, List<Integer> slots, Function<Integer, List<String>> command, Duration longer) {
        List<CompletableFuture<List<Response>>> replies = slots.stream()
                .map(slot -> session.batch(pod.ip(), List.of(command.apply(slot)), longer)).toList();
        List<Integer> ok = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            try {
                replies.get(i).join();
                ok.add(slots.get(i));
            } catch (CompletionException e) {
                List<String> args = command.apply(slots.get(i));
                refused.add(String.join(" ", args.subList(0, Math.min(4, args.size()))) + ": " + session.describe(e));
            }
        }
        if (!refused.isEmpty()) {
            failures.add(pod.name() + ": " + String.join("; ", refused.subList(0, Math.min(3, refused.size())))
                    + (refused.size() > 3 ? " (and " + (refused.size() - 3) + " more slots)" : ""));
        }
        return ok;
    }

    private void record(RedisPod pod, List<String> args) {
        sent.add(RedisCommand.on(pod, args));
    }

    private static String ranges(List<Integer> slots) {
        return String.join(",", SlotRange.of(slots).stream().map(SlotRange::toString).toList());
    }
}
