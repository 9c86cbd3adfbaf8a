package io.github.rediscluster.reconciler.act;

import io.github.rediscluster.reconciler.plan.RedisCommand;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import java.util.List;

/**
 * What became of one step: every command that failed, with the reason (none when the step went through), the
 * commands sent to change a redis-server, and for a slot move how far it got.
 */
public record StepOutcome(TopologyStep step, List<String> failures, List<RedisCommand> sent, MoveProgress moved) {

    /**
     * How many slots a move handed over and how many keys it migrated; slots left open are resumed next pass, and
     * {@code pause} says why the move stopped before its last slot (NONE when it did not, or a failure stopped it).
     */
    public record MoveProgress(int slotsMoved, long keysMoved, List<Integer> leftOpen, Pause pause) {

        public static final MoveProgress NONE = new MoveProgress(0, 0, List.of(), Pause.NONE);

        public MoveProgress {
            leftOpen = List.copyOf(leftOpen);
        }
    }

    /** Why a move stopped early without failing: the next pass goes on from where it stopped. */
    public enum Pause {
        NONE(""),
        KEY_BUDGET("the pass's key budget is spent"),
        TIME_BUDGET("the pass's time for moving keys is spent"),
        FENCED("this instance may no longer write (the Lease)");

        private final String text;

        Pause(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
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
