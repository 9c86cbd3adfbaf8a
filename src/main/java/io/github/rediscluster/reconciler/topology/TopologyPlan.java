package io.github.rediscluster.reconciler.topology;

import java.util.List;

/**
 * What the planner decided for one pass.
 *
 * @param steps the changes to make now, in order
 * @param waiting what is not as wanted yet and will be handled by a later pass (Redis is still converging, or a
 *        guard holds changes back)
 * @param needsHuman what the service reports and will not change by itself, because doing so could lose data
 */
public record TopologyPlan(List<TopologyStep> steps, List<String> waiting, List<String> needsHuman) {

    public TopologyPlan {
        steps = List.copyOf(steps);
        waiting = List.copyOf(waiting);
        needsHuman = List.copyOf(needsHuman);
    }

    /** Nothing to do and nothing wrong: the cluster is as the spec wants it. */
    public boolean converged() {
        return steps.isEmpty() && waiting.isEmpty() && needsHuman.isEmpty();
    }

    /** Every command of every step, as {@code pod: COMMAND args}. */
    public List<String> commands() {
        return steps.stream().flatMap(step -> step.commands().stream()).map(RedisCommand::toString).toList();
    }
}
