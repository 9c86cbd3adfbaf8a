package io.github.rediscluster.reconciler.report;

import static org.jboss.logging.Logger.Level.INFO;
import static org.jboss.logging.Logger.Level.WARN;

import io.github.rediscluster.reconciler.act.StepOutcome;
import io.github.rediscluster.reconciler.observe.SlotRange;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import io.github.rediscluster.reconciler.report.ClusterEvents.Notice;
import java.util.List;
import java.util.Map;

/**
 * The Redis steps a pass took, as topics: each step that succeeded is a change made now (an INFO line and a Normal
 * Event, with its reason); each that failed is a standing topic (a WARN line and a Warning Event) told again only when
 * it fails differently, so a step Redis keeps refusing is told once, not every second ({@link RepeatedFailures}).
 */
public final class StepNotices {

    static final String STEP_FAILURES = "step-failures";

    private StepNotices() {
    }

    static Telling of(TopologyReport redis) {
        if (redis.error().isPresent() && redis.outcomes().isEmpty()) {
            return Telling.NOTHING; // it could not look: what failed before is not known to work now
        }
        return of(redis.outcomes());
    }

    static Telling of(List<StepOutcome> outcomes) {
        return new Telling(outcomes.stream().filter(StepOutcome::succeeded).map(StepNotices::success).toList(),
                Map.of(STEP_FAILURES, failures(outcomes)));
    }

    /** One topic per failed step: the same step is the same commands for the same reason, its state how it failed. */
    static List<Topic> failures(List<StepOutcome> outcomes) {
        return outcomes.stream().filter(outcome -> !outcome.succeeded()).map(StepNotices::failure).toList();
    }

    private static Topic success(StepOutcome outcome) {
        TopologyStep step = outcome.step();
        return Topic.of(key(step)).log(INFO, "Redis " + step.kind().eventReason() + " " + step.subject() + ": " + step.reason()
                + " (" + done(outcome) + ")").event(new Notice(step.kind().eventReason(), step.subject() + ": " + step.reason()
                        + (step.move().isPresent() ? " (" + done(outcome) + ")" : ""), false));
    }

    private static Topic failure(StepOutcome outcome) {
        TopologyStep step = outcome.step();
        String failures = String.join("; ", outcome.failures());
        return Topic.of(key(step), outcome.failures().toString())
                .log(WARN, "Redis " + step.kind().eventReason() + " " + step.subject() + " failed: " + failures + "; reason for it: "
                        + step.reason())
                .event(new Notice(step.kind().eventReason() + "Failed", step.subject() + ": " + failures + " (reason for it: "
                        + step.reason() + ")", true));
    }

    private static String key(TopologyStep step) {
        return step.kind() + " " + step.subject() + " " + step.commands();
    }

    /** What a step did: how many commands it sent, or for a slot move how far it got. */
    private static String done(StepOutcome outcome) {
        return outcome.step().move().map(move -> outcome.moved().slotsMoved() + " of " + move.slots().size() + " slot(s) "
                + SlotRange.describe(move.slots()) + " moved from " + move.source().name() + " with " + outcome.moved().keysMoved()
                + " keys" + (outcome.moved().leftOpen().isEmpty() ? ""
                        : ", " + outcome.moved().leftOpen().size() + " left open for the next pass ("
                                + (outcome.moved().pause() == StepOutcome.Pause.NONE ? "a failure" : outcome.moved().pause()) + ")"))
                .orElse(outcome.sent().size() + " command(s)");
    }
}
