package io.github.rediscluster.reconciler.act;

import io.github.rediscluster.reconciler.plan.RedisCommand;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import java.util.List;

/**
 * What became of one step: every command that failed, with the reason (none when the step went through), the
 * commands sent to change a redis-server, and for a slot move how far it got.
 */
public record StepOutcome(TopologyStep step, List<String> failures, List<RedisCommand> sent, MoveProgress moved) {

    /** How many slots a move handed over and how many keys it migrated; slots left open are resumed next pass. */
    public record MoveProgress(int slotsMoved, long keysMoved, List<Integer> leftOpen) {

        public static final MoveProgress NONE = new MoveProgress(0, 0, List.of());

        public MoveProgress {
            leftOpen = List.copyOf(leftOpen);
        }
    }

    public StepOutcome {
        failures = List.copyOf(failures);
        sent = List.copyOf(sent);
    }

    /** A step whose commands were all sent as planned. */
    public StepOutcome(TopologyStep step, List<String> failures) {
        this(step, failures, step.commands(), MoveProgress.NONE);
    }

    public boolean succeeded() {
        return failures.isEmpty();
    }
}
