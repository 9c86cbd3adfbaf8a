package io.github.rediscluster.reconciler.act;

import io.github.rediscluster.reconciler.leader.Fence;
import io.github.rediscluster.reconciler.redis.RedisCallException;
import io.github.rediscluster.reconciler.redis.RedisSession;

import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.plan.RedisCommand;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Sends the commands of each step: in order where order matters (a bootstrap sets epochs and slots before the
 * MEETs), all at once where each command stands alone (MEETs of a rejoin, FORGETs); slot moves go to
 * {@link SlotMover}, since which keys to MIGRATE is only known from the source's answers. A failed command is recorded
 * and the others still go: each is safe on its own, and the next pass plans from what actually happened.
 */
public final class TopologyActor {

    /** How long Redis lets a manual failover run before it gives up (CLUSTER_MF_TIMEOUT). */
    static final Duration MANUAL_FAILOVER_TIMEOUT = Duration.ofSeconds(5);

    /** The longest a pass spends moving slots: liveness's stuck-after must leave room for it. */
    public static final Duration LONGEST_PASS_IN_MOVES = MoveBudget.LONGEST_PASS_IN_MOVES;

    /** Commands that destroy data or cluster identity; a plan holding one is a bug, refused before anything is sent. */
    private static final Set<String> NEVER = Set.of("FLUSHALL", "FLUSHDB", "CLUSTER RESET", "CLUSTER FLUSHSLOTS", "SHUTDOWN");

    private TopologyActor() {
    }

    /**
     * @param limits how many slots and keys the slot moves of these steps may move in all, and MIGRATE's timeout
     * @param fence asked before each step: when the pass may no longer write, no further step is taken
     */
    public static ActResult execute(RedisSession session, List<TopologyStep> steps, ClusterSpec.Resharding limits, Fence fence) {
        steps.forEach(step -> step.commands().forEach(command -> refuseDestructive(step.kind(), command)));
        MoveBudget budget = new MoveBudget(limits.keysPerPass());
        StepOutcome[] outcomes = new StepOutcome[steps.size()];
        Map<Integer, List<CompletableFuture<?>>> inFlight = new LinkedHashMap<>();
        Optional<ActResult.Fenced> fenced = Optional.empty();
        for (int i = 0; i < steps.size(); i++) {
            TopologyStep step = steps.get(i);
            Optional<String> breach = fence.breach();
            if (breach.isPresent()) {
                fenced = Optional.of(new ActResult.Fenced(breach.get(), steps.size() - i));
                break;
            }
            if (step.kind().commandsIndependent()) {
                // Sent at once, pipelined per pod: after a full restart of 100 pods that is 9900 MEETs.
                inFlight.put(i, step.commands().stream().<CompletableFuture<?>>map(command ->
                        session.batch(command.ip(), List.of(command.args()))).toList());
            } else {
                inFlight.forEach((index, replies) -> outcomes[index] = collect(session, steps.get(index), replies));
                inFlight.clear();
                outcomes[i] = step.kind() == TopologyStep.Kind.MOVE_SLOTS ? SlotMover.execute(session, step, limits, budget, fence)
                        : inOrder(session, step);
            }
        }
        inFlight.forEach((index, replies) -> outcomes[index] = collect(session, steps.get(index), replies));
        return new ActResult(Arrays.stream(outcomes).filter(Objects::nonNull).toList(), fenced);
    }

    private static StepOutcome inOrder(RedisSession session, TopologyStep step) {
        List<String> failures = new ArrayList<>();
        for (RedisCommand command : step.commands()) {
            try {
                session.call(command.ip(), command.args());
                if (step.kind() == TopologyStep.Kind.FAILOVER) {
                    awaitMaster(session, command).ifPresent(failures::add);
                }
            } catch (RedisCallException e) {
                failures.add(command.pod() + ": " + e.getMessage());
            }
        }
        return new StepOutcome(step, failures);
    }

    /**
     * CLUSTER FAILOVER only starts a failover; ROLE tells whether it happened. A coordinated failover takes well under
     * a second on a healthy cluster, and Redis abandons one after 5 s, so ROLE is read until then, and no longer.
     */
    private static Optional<String> awaitMaster(RedisSession session, RedisCommand command) {
        Instant deadline = Instant.now().plus(MANUAL_FAILOVER_TIMEOUT);
        String role = "";
        while (Instant.now().isBefore(deadline)) {
            role = session.call(command.ip(), List.of("ROLE")).get(0).toString();
            if (role.equals("master")) {
                return Optional.empty();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Optional.of(command.pod() + ": ROLE still says " + role + " " + MANUAL_FAILOVER_TIMEOUT.toSeconds()
                + " s after CLUSTER FAILOVER (Redis gave up on it); a later pass asks again");
    }

    private static StepOutcome collect(RedisSession session, TopologyStep step, List<CompletableFuture<?>> replies) {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            RedisCommand command = step.commands().get(i);
            try {
                replies.get(i).join();
            } catch (RuntimeException e) {
                failures.add(command.pod() + ": " + session.failure(command.ip(), command.args(), e).getMessage());
            }
        }
        return new StepOutcome(step, failures);
    }

    /**
     * The one exception: CLUSTER RESET SOFT in a {@link TopologyStep.Kind#RESET_REPLICA} step, which the planner
     * decides only for a synced replica that owns no slot and whose keys are its master's (see {@code ReplicaReset});
     * Redis itself refuses to reset a master that holds keys.
     */
    static void refuseDestructive(TopologyStep.Kind kind, RedisCommand command) {
        String name = command.args().get(0).toUpperCase(Locale.ROOT);
        String withSub = command.args().size() > 1 ? name + " " + command.args().get(1).toUpperCase(Locale.ROOT) : name;
        boolean replicaReset = kind == TopologyStep.Kind.RESET_REPLICA && command.args().size() == 3
                && withSub.equals("CLUSTER RESET") && command.args().get(2).equalsIgnoreCase("SOFT");
        if (!replicaReset && (NEVER.contains(name) || NEVER.contains(withSub))) {
            throw new IllegalStateException("refusing to send " + withSub + " to " + command.pod()
                    + ": this service never destroys data or cluster state");
        }
    }
}
