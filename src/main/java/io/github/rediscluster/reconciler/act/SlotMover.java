package io.github.rediscluster.reconciler.act;

import io.github.rediscluster.reconciler.leader.Fence;
import io.github.rediscluster.reconciler.redis.RedisCallException;
import io.github.rediscluster.reconciler.redis.RedisSession;

import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.plan.RedisCommand;
import io.github.rediscluster.reconciler.observe.RedisPod;
import io.github.rediscluster.reconciler.plan.SlotMove;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Moves slots with their keys, as {@code redis-cli --cluster reshard} does, {@link #CHUNK} slots at a time, each phase
 * pipelined over the slots of the chunk:
 * <ol>
 * <li>SETSLOT IMPORTING on the target, then MIGRATING on the source (again on a resumed move: it is idempotent);</li>
 * <li>the keys, by {@link KeyMigrator}, until the source has no key left in the slot or the pass's budget is spent;</li>
 * <li>for each slot the source holds no key of any more: SETSLOT NODE on the target, then the source, then every
 * other master.</li>
 * </ol>
 * The new owner is set only once GETKEYSINSLOT found the slot empty on the source: a source that still held keys
 * when it learned of the new owner would drop them. A slot whose keys could not all move stays open and the next
 * pass resumes it. Before each phase the {@link Fence} is asked whether the pass may still write; when it may not,
 * the move stops where it is (open slots stay open, for whichever instance leads next). Every failure comes back in
 * the outcome; nothing is retried here.
 */
final class SlotMover {

    /** Slots opened, drained and closed together. */
    static final int CHUNK = 128;
    /** What a replica answers to SETSLOT. */
    private static final String NOW_A_REPLICA = "Please use SETSLOT only with masters";

    private final RedisSession session;
    private final Fence fence;
    private final KeyMigrator keys;
    private final List<String> failures = new ArrayList<>();
    private final List<RedisCommand> sent = new ArrayList<>();

    private SlotMover(RedisSession session, ClusterSpec.Resharding limits, MoveBudget budget, Fence fence) {
        this.session = session;
        this.fence = fence;
        this.keys = new KeyMigrator(session, limits, budget, fence, failures, sent);
    }

    static StepOutcome execute(RedisSession session, TopologyStep step, ClusterSpec.Resharding limits, MoveBudget budget,
            Fence fence) {
        SlotMover mover = new SlotMover(session, limits, budget, fence);
        SlotMove move = step.move().orElseThrow();
        StepOutcome.MoveProgress progress = mover.move(move);
        return new StepOutcome(step, mover.failures, mover.sent, progress);
    }

    /**
     * Moves the slots a chunk at a time, so that when the budget runs out at most one chunk is left open, and
     * clients meet few ASK redirections at once.
     */
    private StepOutcome.MoveProgress move(SlotMove move) {
        int moved = 0;
        long keysMoved = 0;
        List<Integer> leftOpen = new ArrayList<>();
        for (int from = 0; from < move.slots().size() && failures.isEmpty() && !keys.mustPause(); from += CHUNK) {
            List<Integer> chunk = move.slots().subList(from, Math.min(move.slots().size(), from + CHUNK));
            boolean lastOfSource = move.keepSourceMaster() && from + chunk.size() == move.slots().size() && moved == from;
            List<Integer> open = setSlot(move.target(), chunk, "IMPORTING", move.sourceId());
            open = setSlot(move.source(), open, "MIGRATING", move.targetId());
            KeyMigrator.Drained drained = keys.drain(move, open);
            keysMoved += drained.keysMoved();
            List<Integer> empty = drained.empty();
            Set<Integer> owned = new HashSet<>(fence.breach().isPresent() ? List.of()
                    : setOwner(move, empty, lastOfSource && empty.size() == chunk.size()));
            moved += owned.size();
            open.stream().filter(slot -> !owned.contains(slot)).forEach(leftOpen::add);
        }
        StepOutcome.Pause pause = moved == move.slots().size() || !failures.isEmpty() ? StepOutcome.Pause.NONE
                : fence.breach().isPresent() ? StepOutcome.Pause.FENCED : keys.pause();
        return new StepOutcome.MoveProgress(moved, keysMoved, leftOpen, pause);
    }

    /** SETSLOT slot IMPORTING|MIGRATING|NODE id on one node, for every slot; returns the slots it accepted. */
    private List<Integer> setSlot(RedisPod pod, List<Integer> slots, String subcommand, String id) {
        if (slots.isEmpty()) {
            return slots;
        }
        record(pod, List.of("CLUSTER", "SETSLOT", ranges(slots), subcommand, id));
        return accepted(pod, slots, slot -> List.of("CLUSTER", "SETSLOT", String.valueOf(slot), subcommand, id), Duration.ZERO);
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
        return KeyMigrator.ranges(slots);
    }
}
