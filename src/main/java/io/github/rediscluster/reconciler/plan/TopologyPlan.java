package io.github.rediscluster.reconciler.plan;

import java.util.List;
import java.util.Optional;

/**
 * What the planner decided for one pass.
 *
 * @param steps the changes to make now, in order
 * @param waiting what is not as wanted yet and will be handled by a later pass (Redis is still converging, or a
 *        guard holds changes back)
 * @param needsHuman what the service reports and will not change by itself, because doing so could lose data
 * @param slotsToMove slots not yet on the masters the spec wants, when this pass looked
 * @param podsReleasedDownTo set when the pods from this ordinal on hold nothing the cluster needs: the StatefulSet
 *        may be lowered to this many pods
 */
public record TopologyPlan(List<TopologyStep> steps, List<String> waiting, List<String> needsHuman, int slotsToMove,
        Optional<Integer> podsReleasedDownTo) {

    public TopologyPlan {
        steps = List.copyOf(steps);
        waiting = List.copyOf(waiting);
        needsHuman = List.copyOf(needsHuman);
    }

    public TopologyPlan(List<TopologyStep> steps, List<String> waiting, List<String> needsHuman) {
        this(steps, waiting, needsHuman, 0, Optional.empty());
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
