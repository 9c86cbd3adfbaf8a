package io.github.rediscluster.reconciler.report;

import io.github.rediscluster.reconciler.act.StepOutcome;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers how the steps of the last pass failed. A step that fails the same way pass after pass (Redis keeps
 * refusing it) is told once, not every second, and does not keep the loop at its fast pace: the next try waits
 * for the spec's interval. Readiness still lists it.
 */
public final class RepeatedFailures {

    /** The outcomes worth telling (successes and new failures), and whether every step only failed again. */
    public record Verdict(List<StepOutcome> toTell, boolean onlyRepeats) {
    }

    private Map<String, List<String>> lastFailures = Map.of();

    public Verdict judge(List<StepOutcome> outcomes) {
        Map<String, List<String>> failures = new HashMap<>();
        List<StepOutcome> toTell = new ArrayList<>();
        boolean onlyRepeats = !outcomes.isEmpty();
        for (StepOutcome outcome : outcomes) {
            if (outcome.succeeded()) {
                toTell.add(outcome);
                onlyRepeats = false;
                continue;
            }
            String key = key(outcome.step());
            failures.put(key, outcome.failures());
            if (!outcome.failures().equals(lastFailures.get(key))) {
                toTell.add(outcome);
                onlyRepeats = false;
            }
        }
        lastFailures = failures;
        return new Verdict(toTell, onlyRepeats);
    }

    /** The same step is the same commands for the same reason of change. */
    private static String key(TopologyStep step) {
        return step.kind() + " " + step.subject() + " " + step.commands();
    }
}
