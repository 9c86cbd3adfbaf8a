package io.github.rediscluster.reconciler.report;

import static org.jboss.logging.Logger.Level.INFO;
import static org.jboss.logging.Logger.Level.WARN;

import io.github.rediscluster.reconciler.apply.ApplyOutcome;
import io.github.rediscluster.reconciler.report.ClusterEvents.Notice;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a pass owes users, as topics for the {@link Announcer}: for the objects, each one written (a change made now:
 * an INFO line and a Normal Event) and each refusal or failure (a WARN line and a Warning Event when it appears), and
 * one line when they all cleared; then the Redis side's ({@link StepNotices}, {@link PodProblemNotices},
 * {@link RedisNotices}).
 */
public final class PassNotices {

    static final String OBJECT_PROBLEMS = "object-problems";
    static final String OBJECTS_NOT_CONVERGED = "objects-not-converged";

    private PassNotices() {
    }

    static final String DRY_RUN = "dry-run";

    public static Telling of(ClusterSpec spec, PassReport report) {
        return objects(report).and(dryRun(report)).and(StepNotices.of(report.topology())).and(PodProblemNotices.of(report.topology()))
                .and(RedisNotices.of(spec, report.topology()));
    }

    static Telling objects(PassReport report) {
        List<Topic> changes = new ArrayList<>();
        List<Topic> problems = new ArrayList<>();
        for (ApplyOutcome outcome : report.outcomes()) {
            switch (outcome.action()) {
                case CREATED -> changes.add(Topic.of("created " + outcome.object()).log(INFO, "Created " + outcome.object())
                        .event(new Notice("Created", "created " + outcome.object(), false)));
                case UPDATED -> changes.add(Topic.of("updated " + outcome.object())
                        .log(INFO, "Updated " + outcome.object() + ": " + String.join(", ", outcome.drifted()) + " differed from the spec")
                        .event(new Notice("Updated", "updated " + outcome.object() + ": " + String.join(", ", outcome.drifted())
                                + " differed from the spec", false)));
                case FAILED -> problems.add(problem("ApplyFailed", "could not apply " + outcome.object() + ": " + outcome.error(),
                        outcome.object() + ": " + outcome.error()));
                // Not converged yet, but nothing is wrong: the storage provider is still at work (a Normal Event).
                case WAITING -> problems.add(Topic.of("Waiting: " + outcome.object() + ": " + outcome.error())
                        .log(INFO, "Waiting: " + outcome.object() + ": " + outcome.error())
                        .event(new Notice("Waiting", outcome.object() + ": " + outcome.error(), false)));
                default -> {
                }
            }
            outcome.refused().forEach(refusal -> problems.add(problem("ChangeRefused", outcome.object() + ": " + refusal,
                    outcome.object() + ": " + refusal)));
        }
        // One topic for "some object is not as wanted", so that one line says when they all cleared.
        List<Topic> notConverged = problems.isEmpty() ? List.of() : List.of(Topic.of(OBJECTS_NOT_CONVERGED, "")
                .onClear(INFO, "Converged: every object is as the spec wants it"));
        return new Telling(changes, Map.of(OBJECT_PROBLEMS, problems))
                .and(Telling.standing(OBJECTS_NOT_CONVERGED, notConverged));
    }

    /**
     * The plan of a dry run: one standing topic whose state is the plan, so it is logged (INFO) and told (one Event)
     * when the plan changes, not every pass; its cleared line says when the dry run ends or nothing is left to do.
     */
    static Telling dryRun(PassReport report) {
        List<String> plan = report.dryRun() ? DryRunPlan.of(report) : List.of();
        if (plan.isEmpty()) {
            return Telling.standing(DRY_RUN, List.of());
        }
        String text = String.join("\n", plan);
        return Telling.standing(DRY_RUN, List.of(Topic.of("dry-run plan", text)
                .log(INFO, "Dry run: nothing written; the pass would do this:\n" + text)
                .event(new Notice("DryRunPlan", "dry run, nothing written; would: " + String.join(" | ", plan), false))
                .onClear(INFO, "Dry run: no change left to make, or the dry run ended")));
    }

    private static Topic problem(String reason, String message, String logged) {
        return Topic.of(reason + ": " + message).log(WARN, "Not converged: " + logged).event(new Notice(reason, message, true));
    }
}
