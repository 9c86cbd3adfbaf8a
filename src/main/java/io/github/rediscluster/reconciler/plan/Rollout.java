package io.github.rediscluster.reconciler.plan;

import java.util.List;
import java.util.Optional;

/**
 * What {@link RollingRestart} decided for one pass: at most one step (a coordinated CLUSTER FAILOVER away from an
 * outdated master, or the restart of one outdated pod), or why the rollout pauses.
 *
 * @param outdated the pods of the spec made from an older template, by name, highest ordinal first
 */
public record Rollout(List<String> outdated, List<TopologyStep> steps, List<Wait> waits) {

    public static final Rollout NOTHING = new Rollout(List.of(), List.of(), List.of());

    public Rollout {
        outdated = List.copyOf(outdated);
        steps = List.copyOf(steps);
        waits = List.copyOf(waits);
    }

    /** The pod to delete this pass, if any: the StatefulSet makes it again from the new template. */
    public Optional<TopologyStep> restart() {
        return steps.stream().filter(step -> step.kind() == TopologyStep.Kind.RESTART_POD).findFirst();
    }

    /** Every command of every step, as {@code pod: COMMAND args}. */
    public List<String> commands() {
        return steps.stream().flatMap(step -> step.commands().stream()).map(RedisCommand::toString).toList();
    }

    /** {@code plan} with this rollout's steps after its own, and its waits too. */
    public TopologyPlan addTo(TopologyPlan plan) {
        return new AddedSteps(steps, waits).addTo(plan);
    }
}
