package io.github.rediscluster.reconciler.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the stages before this one decided in this pass: an immutable value each stage may read (some rules depend on
 * it, e.g. slots move only while nothing else is awaited), never a list it writes to.
 */
record PlanSoFar(List<TopologyStep> steps, List<Wait> waits, List<Refusal> refusals, Optional<Roles> roles,
        int slotsToMove, boolean leavingPodsReleased) {

    static final PlanSoFar NOTHING = new PlanSoFar(List.of(), List.of(), List.of(), Optional.empty(), 0, false);

    PlanSoFar {
        steps = List.copyOf(steps);
        waits = List.copyOf(waits);
        refusals = List.copyOf(refusals);
    }

    PlanSoFar with(StageResult result) {
        return new PlanSoFar(concat(steps, result.steps()), concat(waits, result.waits()), concat(refusals, result.refusals()),
                result.roles().or(() -> roles), result.slotsToMove().orElse(slotsToMove),
                leavingPodsReleased || result.leavingPodsReleased());
    }

    boolean nothingYet() {
        return steps.isEmpty() && waits.isEmpty() && refusals.isEmpty();
    }

    /** The roles {@link ChooseRoles} decided; only asked by the stages after it. */
    Roles chosenRoles() {
        return roles.orElseThrow();
    }

    TopologyPlan toPlan(int podCount) {
        return new TopologyPlan(steps, waits, refusals, slotsToMove, leavingPodsReleased ? Optional.of(podCount) : Optional.empty());
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        if (second.isEmpty()) {
            return first;
        }
        List<T> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
