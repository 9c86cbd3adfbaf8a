package io.github.rediscluster.reconciler.report;

import io.github.rediscluster.reconciler.act.StepOutcome;
import java.util.List;

/**
 * Whether a pass's steps only failed again exactly as told before. Such a pass (Redis keeps refusing) does not keep
 * the loop at its fast pace: the next try waits for the spec's interval. Readiness still lists the failures. Pure.
 */
public final class RepeatedFailures {

    private RepeatedFailures() {
    }

    /** Some step was taken, none succeeded, and every failure is one already told, failing the same way. */
    public static boolean onlyRepeats(Told told, List<StepOutcome> outcomes) {
        return !outcomes.isEmpty() && outcomes.stream().noneMatch(StepOutcome::succeeded)
                && Edges.between(told.of(StepNotices.STEP_FAILURES), StepNotices.failures(outcomes)).nothingNew();
    }
}
