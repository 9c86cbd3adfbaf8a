package io.github.rediscluster.reconciler.act;

import io.github.rediscluster.reconciler.leader.Fence;
import io.github.rediscluster.reconciler.observe.ClusterNodesParser;
import io.github.rediscluster.reconciler.observe.OpenSlot;
import io.github.rediscluster.reconciler.observe.RedisPod;
import io.github.rediscluster.reconciler.observe.SlotRange;
import io.github.rediscluster.reconciler.plan.RedisCommand;
import io.github.rediscluster.reconciler.plan.SlotMove;
import io.github.rediscluster.reconciler.redis.Migration;
import io.github.rediscluster.reconciler.redis.RedisSession;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Moves the keys of open slots from their source to their target, as {@code redis-cli --cluster reshard} does:
 * GETKEYSINSLOT on the source, MEMORY USAGE of each key, then MIGRATE in batches of one slot, bounded by keys and
 * bytes ({@link KeyBatches}), a few in flight at once, until the source holds no key of the slot, the pass's
 * budget is spent or the {@link Fence} says stop.
 * <p>
 * A MIGRATE that timed out after its keys arrived leaves a copy on both sides, and the next MIGRATE of those keys
 * answers BUSYKEY. The source's copy is the live one while it is still MIGRATING the slot to this target: it
 * serves every key it holds, the target only keys the source lacks. So a BUSYKEY batch is sent again with REPLACE
 * only after the source's CLUSTER NODES confirms that; otherwise it is reported and nothing is overwritten.
 */
final class KeyMigrator {

    /** The MIGRATE timeouts of the batches in flight at once add up to at most this. */
    static final Duration WAVE_TIME = Duration.ofSeconds(30);
    /** MIGRATEs in flight on the source's connection at once, whatever the timeout. */
    static final int MAX_IN_FLIGHT = 16;

    /** Slots found empty, and keys moved. */
    record Drained(List<Integer> empty, long keysMoved) {
    }

    private final RedisSession session;
    private final ClusterSpec.Resharding limits;
    private final MoveBudget budget;
    private final Fence fence;
    private final List<String> failures;
    private final List<RedisCommand> sent;
    private StepOutcome.Pause pause = StepOutcome.Pause.NONE;

    KeyMigrator(RedisSession session, ClusterSpec.Resharding limits, MoveBudget budget, Fence fence, List<String> failures,
            List<RedisCommand> sent) {
        this.session = session;
        this.limits = limits;
        this.budget = budget;
        this.fence = fence;
        this.failures = failures;
        this.sent = sent;
    }

    /** Why the last drain stopped before the slots were empty without failing (NONE when it did not). */
    StepOutcome.Pause pause() {
        return pause;
    }

    /** True (and {@link #pause()} says why) when no new batch may start: budget spent, or fenced. */
    boolean mustPause() {
        Optional<StepOutcome.Pause> spent = budget.spent();
        if (spent.isPresent()) {
            pause = spent.get();
        } else if (fence.breach().isPresent()) {
            pause = StepOutcome.Pause.FENCED;
        }
        return pause != StepOutcome.Pause.NONE;
    }

    /** Moves keys until the source has none left in the open slots, or it must stop; the slots found empty come back. */
    Drained drain(SlotMove move, List<Integer> open) {
        List<Integer> empty = new ArrayList<>();
        long moved = 0;
        List<Integer> pending = open;
        while (!pending.isEmpty() && failures.isEmpty()) {
            Map<Integer, List<Buffer>> keys = keysIn(move.source(), pending);
            Map<Integer, List<Buffer>> withKeys = new LinkedHashMap<>();
            keys.forEach((slot, names) -> {
                if (names.isEmpty()) {
                    empty.add(slot);
                } else {
                    withKeys.put(slot, names);
                }
            });
            if (withKeys.isEmpty() || !failures.isEmpty() || mustPause()) {
                break;
            }
            List<KeyBatches.Batch<Buffer>> batches = KeyBatches.split(withKeys, sizes(move.source(), withKeys),
                    ClusterSpec.Resharding.KEYS_PER_MIGRATE, ClusterSpec.Resharding.BYTES_PER_MIGRATE, budget.keysLeft());
            budget.spend(batches.stream().mapToLong(batch -> batch.keys().size()).sum());
            moved += migrate(move, batches, false);
            pending = new ArrayList<>(withKeys.keySet());
        }
        return new Drained(empty, moved);
    }

    private Map<Integer, List<Buffer>> keysIn(RedisPod source, List<Integer> slots) {
        List<Request> requests = slots.stream().map(slot -> Request.cmd(Command.CLUSTER).arg("GETKEYSINSLOT").arg(slot)
                .arg(ClusterSpec.Resharding.KEYS_PER_MIGRATE)).toList();
        Map<Integer, List<Buffer>> keys = new LinkedHashMap<>();
        try {
            List<Response> replies = session.send(source.ip(), requests, List.of("CLUSTER", "GETKEYSINSLOT"), Duration.ZERO).join();
            for (int i = 0; i < slots.size(); i++) {
                List<Buffer> names = new ArrayList<>();
                replies.get(i).forEach(name -> names.add(name.toBuffer()));
                keys.put(slots.get(i), names);
            }
        } catch (CompletionException e) {
            failures.add(source.name() + ": CLUSTER GETKEYSINSLOT failed: " + session.describe(e));
        }
        return keys;
    }

    /**
     * MEMORY USAGE of each key, in bytes. A key deleted since GETKEYSINSLOT makes the source answer ASK for it, which
     * fails the pipeline: then every size counts as a whole batch's worth, so that each key goes alone (slower, safe).
     */
    private Map<Integer, List<Long>> sizes(RedisPod source, Map<Integer, List<Buffer>> keys) {
        List<Request> requests = keys.values().stream().flatMap(List::stream)
                .map(key -> Request.cmd(Command.MEMORY).arg("USAGE").arg(key)).toList();
        List<Response> replies;
        try {
            replies = session.send(source.ip(), requests, List.of("MEMORY", "USAGE"), Duration.ZERO).join();
        } catch (CompletionException e) {
            replies = null;
        }
        Map<Integer, List<Long>> sizes = new LinkedHashMap<>();
        int next = 0;
        for (Map.Entry<Integer, List<Buffer>> slot : keys.entrySet()) {
            List<Long> bytes = new ArrayList<>();
            for (int i = 0; i < slot.getValue().size(); i++, next++) {
                Response reply = replies == null ? null : replies.get(next);
                bytes.add(replies == null ? ClusterSpec.Resharding.BYTES_PER_MIGRATE : reply == null ? 0L : reply.toLong());
            }
            sizes.put(slot.getKey(), bytes);
        }
        return sizes;
    }

    /**
     * Sends the batches, {@link #inFlight()} at a time, and stops after a wave that had a failure (the target is
     * likely gone, and each further MIGRATE would wait its whole timeout). Returns the keys moved.
     */
    private long migrate(SlotMove move, List<KeyBatches.Batch<Buffer>> batches, boolean replace) {
        if (batches.isEmpty()) {
            return 0;
        }
        record(move, batches, replace);
        long moved = 0;
        List<KeyBatches.Batch<Buffer>> busy = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        int inFlight = inFlight();
        for (int from = 0; from < batches.size() && refused.isEmpty(); from += inFlight) {
            List<KeyBatches.Batch<Buffer>> wave = batches.subList(from, Math.min(batches.size(), from + inFlight));
            List<CompletableFuture<Response>> replies = wave.stream()
                    .map(batch -> session.migrate(move.source().ip(), migration(move, batch, replace))).toList();
            for (int i = 0; i < wave.size(); i++) {
                try {
                    replies.get(i).join();
                    moved += wave.get(i).keys().size();
                } catch (CompletionException e) {
                    String reason = session.describe(e);
                    if (reason.contains("BUSYKEY") && !replace) {
                        busy.add(wave.get(i));
                    } else {
                        refused.add("MIGRATE of " + wave.get(i).keys().size() + " keys of slot " + wave.get(i).slot() + " to "
                                + move.target().name() + ": " + reason);
                    }
                }
            }
        }
        if (!refused.isEmpty()) {
            failures.add(move.source().name() + ": " + String.join("; ", refused.subList(0, Math.min(3, refused.size())))
                    + (refused.size() > 3 ? " (and " + (refused.size() - 3) + " more)" : ""));
        }
        return moved + (busy.isEmpty() ? 0 : replaceWhereSafe(move, busy));
    }

    /**
     * BUSYKEY: the target holds some of these keys already. Sent again with REPLACE only for slots that the source
     * still migrates to this target (its copy is then the live one); any other is reported, nothing overwritten.
     */
    private long replaceWhereSafe(SlotMove move, List<KeyBatches.Batch<Buffer>> busy) {
        Set<Integer> migrating = migratingTo(move);
        List<KeyBatches.Batch<Buffer>> safe = busy.stream().filter(batch -> migrating.contains(batch.slot())).toList();
        List<Integer> unsafe = busy.stream().map(KeyBatches.Batch::slot).filter(slot -> !migrating.contains(slot)).distinct().toList();
        if (!unsafe.isEmpty()) {
            failures.add(move.source().name() + ": keys of slot(s) " + ranges(unsafe) + " exist on both it and "
                    + move.target().name() + " (BUSYKEY), and it no longer migrates them to " + move.target().name()
                    + ": the target's copies may be the newer ones, so none is replaced");
        }
        return migrate(move, safe, true);
    }

    /** The slots the source's own CLUSTER NODES line shows MIGRATING to the target right now. */
    private Set<Integer> migratingTo(SlotMove move) {
        Set<Integer> slots = new HashSet<>();
        try {
            String nodes = session.call(move.source().ip(), List.of("CLUSTER", "NODES")).toString();
            ClusterNodesParser.parse(nodes).stream().filter(node -> node.myself()).flatMap(node -> node.openSlots().stream())
                    .filter(open -> open.direction() == OpenSlot.Direction.MIGRATING && open.peerId().equals(move.targetId()))
                    .forEach(open -> slots.add(open.slot()));
        } catch (RuntimeException e) {
            failures.add(move.source().name() + ": could not confirm it still migrates the slots before replacing keys on "
                    + move.target().name() + ": " + e.getMessage());
        }
        return slots;
    }

    /** As many MIGRATEs at once as fit {@link #WAVE_TIME} with each waiting its whole timeout; at least one. */
    private int inFlight() {
        long fit = WAVE_TIME.toMillis() / Math.max(1, limits.migrateTimeout().toMillis());
        return (int) Math.max(1, Math.min(MAX_IN_FLIGHT, fit));
    }

    private Migration migration(SlotMove move, KeyBatches.Batch<Buffer> batch, boolean replace) {
        return new Migration(move.target().ip(), session.port(), limits.migrateTimeout(), replace, batch.keys());
    }

    /** One action per round: the batches as one MIGRATE with the keys counted and the password, if any, as ***. */
    private void record(SlotMove move, List<KeyBatches.Batch<Buffer>> batches, boolean replace) {
        List<Buffer> all = batches.stream().flatMap(batch -> batch.keys().stream()).toList();
        List<Integer> slots = batches.stream().map(KeyBatches.Batch::slot).distinct().toList();
        Migration shown = new Migration(move.target().ip(), session.port(), limits.migrateTimeout(), replace, all);
        sent.add(RedisCommand.on(move.source(), shown.describe(session.authFor(move.target().ip()), ranges(slots))));
    }

    static String ranges(List<Integer> slots) {
        return String.join(",", SlotRange.of(slots).stream().map(SlotRange::toString).toList());
    }
}
