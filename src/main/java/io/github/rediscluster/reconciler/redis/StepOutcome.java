package io.github.rediscluster.reconciler.redis;

import io.github.rediscluster.reconciler.topology.TopologyStep;
import java.util.List;

/** What became of one step: every command that failed, with the reason; none when the step went through. */
public record StepOutcome(TopologyStep step, List<String> failures) {

    public StepOutcome {
        failures = List.copyOf(failures);
    }

    public boolean succeeded() {
        return failures.isEmpty();
    }
}
