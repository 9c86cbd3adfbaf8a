package io.github.rediscluster.reconciler.plan;

import java.util.List;
import java.util.stream.Stream;

/**
 * Steps and waits that a planner beside {@link TopologyPlanner} adds to the pass's plan (live redis.conf, drains).
 */
public record AddedSteps(List<TopologyStep> steps, List<String> waiting) {

    public AddedSteps {
        steps = List.copyOf(steps);
        waiting = List.copyOf(waiting);
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
                Stream.concat(plan.waiting().stream(), waiting.stream()).toList(), plan.needsHuman(), plan.slotsToMove(),
                plan.podsReleasedDownTo());
    }
}
