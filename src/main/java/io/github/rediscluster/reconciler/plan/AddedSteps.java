package io.github.rediscluster.reconciler.plan;

import java.util.List;
import java.util.stream.Stream;

/**
 * Steps and waits that a planner beside {@link TopologyPlanner} adds to the pass's plan (live redis.conf, drains).
 */
public record AddedSteps(List<TopologyStep> steps, List<Wait> waits) {

    public AddedSteps {
        steps = List.copyOf(steps);
        waits = List.copyOf(waits);
    }

    /** The waits as readiness and the log word them. */
    public List<String> waiting() {
        return waits.stream().map(Wait::text).toList();
    }

    /** {@code plan} with these steps after its own, and these waits too. */
    public TopologyPlan addTo(TopologyPlan plan) {
        return join(plan.steps(), steps, plan);
    }

    /** {@code plan} with these steps before its own (they cannot wait), and these waits too. */
    public TopologyPlan putBefore(TopologyPlan plan) {
        return join(steps, plan.steps(), plan);
    }

    private TopologyPlan join(List<TopologyStep> first, List<TopologyStep> then, TopologyPlan plan) {
        return new TopologyPlan(Stream.concat(first.stream(), then.stream()).toList(),
                Stream.concat(plan.waits().stream(), waits.stream()).toList(), plan.refusals(), plan.slotsToMove(),
                plan.podsReleasedDownTo());
    }
}
