package io.github.rediscluster.reconciler.act;

import io.github.rediscluster.reconciler.leader.Fence;
import java.util.List;
import java.util.Optional;

/**
 * What a pass's actor did: the outcome of each step it took, and, when the {@link Fence} stopped it, why and how many
 * planned steps it did not take (the next pass, maybe of another instance, plans again from what the nodes show).
 */
public record ActResult(List<StepOutcome> outcomes, Optional<Fenced> fenced) {

    /** The actor stopped before {@code stepsNotTaken} planned steps because the pass may no longer write. */
    public record Fenced(String reason, int stepsNotTaken) {
    }

    public ActResult {
        outcomes = List.copyOf(outcomes);
    }
}
