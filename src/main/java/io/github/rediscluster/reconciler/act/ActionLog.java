package io.github.rediscluster.reconciler.act;

import io.github.rediscluster.reconciler.plan.RedisCommand;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Every command the reconciler sent to change a redis-server, newest last, the last {@link #CAPACITY} kept. What
 * the chaos soak audits: this service must never have sent FLUSH*, CLUSTER
 * RESET, or a FORGET of a node that owns slots. Reads (CLUSTER NODES, INFO, GETKEYSINSLOT, ...) are not actions and
 * are not kept. A slot move pipelines thousands of commands; it is kept as one action per phase and node, with the
 * slots as ranges (e.g. {@code CLUSTER SETSLOT 0-1023 IMPORTING <id>}).
 */
@ApplicationScoped
public class ActionLog {

    /** A full restart of a 100-pod cluster (9900 MEETs), in about 2 MB: a few hundred bytes an action. */
    static final int CAPACITY = 10_000;

    /** One command as sent, with the step it served and whether that step failed. */
    public record Action(Instant at, TopologyStep.Kind kind, String subject, RedisCommand command, boolean stepFailed) {

        @Override
        public String toString() {
            return at + " " + kind + " " + subject + (stepFailed ? " (failed) " : " ") + command;
        }
    }

    private final Deque<Action> actions = new ArrayDeque<>();
    /** When the newest action dropped to keep the newest {@link #CAPACITY} was recorded; null while none was. */
    private Instant droppedUpTo;

    /** Records each command of each step that was sent. */
    public synchronized void record(Instant at, List<StepOutcome> outcomes) {
        for (StepOutcome outcome : outcomes) {
            TopologyStep step = outcome.step();
            for (RedisCommand command : outcome.sent()) {
                actions.addLast(new Action(at, step.kind(), step.subject(), command, !outcome.succeeded()));
                if (actions.size() > CAPACITY) {
                    droppedUpTo = actions.removeFirst().at();
                }
            }
        }
    }

    /** The actions kept, oldest first. */
    public synchronized List<Action> actions() {
        return List.copyOf(actions);
    }

    /**
     * The actions recorded at or after {@code from}, oldest first; empty when one of them was dropped to keep the
     * newest {@link #CAPACITY}, since a list with a hole in it cannot be audited.
     */
    public synchronized Optional<List<Action>> since(Instant from) {
        if (droppedUpTo != null && !droppedUpTo.isBefore(from)) {
            return Optional.empty();
        }
        return Optional.of(actions.stream().filter(action -> !action.at().isBefore(from)).toList());
    }
}
