package io.github.rediscluster.reconciler.redis;

import io.github.rediscluster.reconciler.topology.RedisCommand;
import io.github.rediscluster.reconciler.topology.TopologyStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Every command the reconciler sent to change a redis-server, newest last, the last {@link #CAPACITY} kept. What
 * users and the chaos soak audit: this service must never have sent FLUSH*, CLUSTER RESET, or a FORGET of a node
 * that owns slots. Reads (CLUSTER NODES, INFO, ...) are not actions and are not kept.
 */
@ApplicationScoped
public class ActionLog {

    /** About ten full restarts of a 100-pod cluster (9900 MEETs each), in a few MB. */
    static final int CAPACITY = 100_000;

    /** One command as sent, with the step it served and whether that step failed. */
    public record Action(Instant at, TopologyStep.Kind kind, String subject, RedisCommand command, boolean stepFailed) {

        @Override
        public String toString() {
            return at + " " + kind + " " + subject + (stepFailed ? " (failed) " : " ") + command;
        }
    }

    private final Deque<Action> actions = new ArrayDeque<>();

    /** Records each command of each step that was sent. */
    public synchronized void record(Instant at, List<StepOutcome> outcomes) {
        for (StepOutcome outcome : outcomes) {
            TopologyStep step = outcome.step();
            for (RedisCommand command : step.commands()) {
                actions.addLast(new Action(at, step.kind(), step.subject(), command, !outcome.succeeded()));
                if (actions.size() > CAPACITY) {
                    actions.removeFirst();
                }
            }
        }
    }

    /** The actions kept, oldest first. */
    public synchronized List<Action> actions() {
        return List.copyOf(actions);
    }
}
