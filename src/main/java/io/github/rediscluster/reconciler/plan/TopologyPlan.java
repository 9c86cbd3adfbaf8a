package io.github.rediscluster.reconciler.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the planner decided for one pass.
 *
 * @param steps the changes to make now, in order
 * @param waits what is not as wanted yet and will be handled by a later pass (Redis is still converging, or a
 *        guard holds changes back)
 * @param refusals what the service reports and will not change by itself, because doing so could lose data
 * @param slotsToMove slots not yet on the masters the spec wants, when this pass looked
 * @param podsReleasedDownTo set when the pods from this ordinal on hold nothing the cluster needs: the StatefulSet
 *        may be lowered to this many pods
 */
public record TopologyPlan(List<TopologyStep> steps, List<Wait> waits, List<Refusal> refusals, int slotsToMove,
        Optional<Integer> podsReleasedDownTo) {

    public TopologyPlan {
        steps = List.copyOf(steps);
        waits = List.copyOf(waits);
        refusals = List.copyOf(refusals);
    }

    public TopologyPlan(List<TopologyStep> steps, List<Wait> waits, List<Refusal> refusals) {
        this(steps, waits, refusals, 0, Optional.empty());
    }

    /** Nothing to do and nothing wrong: the cluster is as the spec wants it. */
    public boolean converged() {
        return steps.isEmpty() && waits.isEmpty() && refusals.isEmpty();
    }

    /** Waits first, then refusals, in the order the stages found them. */
    public List<Finding> findings() {
        List<Finding> all = new ArrayList<>(waits);
        all.addAll(refusals);
        return all;
    }

    /** Redis settles something by itself, or the next pass has work: some wait has a converging reason. */
    public boolean converging() {
        return waits.stream().anyMatch(Wait::converging);
    }

    /** Every command of every step, as {@code pod: COMMAND args}. */
    public List<String> commands() {
        return steps.stream().flatMap(step -> step.commands().stream()).map(RedisCommand::toString).toList();
    }
}
