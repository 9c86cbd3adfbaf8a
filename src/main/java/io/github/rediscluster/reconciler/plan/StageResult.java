package io.github.rediscluster.reconciler.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one stage decided.
 *
 * @param laterStagesRun false when the stages after this one must wait for the next pass (they need the cluster
 *        this one's steps produce, or what it waits for)
 * @param roles the masters to keep and drain, from {@link ChooseRoles}
 * @param slotsToMove slots not yet on the masters the spec wants, from {@link MoveSlots}
 * @param leavingPodsReleased the pods beyond the spec's pod count hold nothing the cluster needs
 */
record StageResult(List<TopologyStep> steps, List<Wait> waits, List<Refusal> refusals, boolean laterStagesRun,
        Optional<Roles> roles, OptionalInt slotsToMove, boolean leavingPodsReleased) {

    StageResult {
        steps = List.copyOf(steps);
        waits = List.copyOf(waits);
        refusals = List.copyOf(refusals);
    }

    /** Nothing to do here: the next stage runs. */
    static StageResult proceed() {
        return new Builder().proceed();
    }

    StageResult withRoles(Roles chosen) {
        return new StageResult(steps, waits, refusals, laterStagesRun, Optional.of(chosen), slotsToMove, leavingPodsReleased);
    }

    StageResult withSlotsToMove(int count) {
        return new StageResult(steps, waits, refusals, laterStagesRun, roles, OptionalInt.of(count), leavingPodsReleased);
    }

    StageResult releasingLeavingPods() {
        return new StageResult(steps, waits, refusals, laterStagesRun, roles, slotsToMove, true);
    }

    /** Collects one stage's findings while it decides; local to that stage, never shared. */
    static final class Builder {

        private final List<TopologyStep> steps = new ArrayList<>();
        private final List<Wait> waits = new ArrayList<>();
        private final List<Refusal> refusals = new ArrayList<>();

        Builder step(TopologyStep step) {
            steps.add(step);
            return this;
        }

        Builder await(WaitReason reason, String subject, String detail) {
            waits.add(new Wait(reason, subject, detail));
            return this;
        }

        Builder await(WaitReason reason, String subject) {
            return await(reason, subject, "");
        }

        Builder refuse(RefusalReason reason, String subject, String detail) {
            refusals.add(new Refusal(reason, subject, detail));
            return this;
        }

        boolean hasSteps() {
            return !steps.isEmpty();
        }

        boolean hasWaits() {
            return !waits.isEmpty();
        }

        boolean hasRefusals() {
            return !refusals.isEmpty();
        }

        int stepCount() {
            return steps.size();
        }

        StageResult proceed() {
            return result(true);
        }

        StageResult stop() {
            return result(false);
        }

        /** The usual rule: a stage that takes steps leaves the stages after it to the next pass. */
        StageResult stopIfSteps() {
            return result(steps.isEmpty());
        }

        StageResult result(boolean laterStagesRun) {
            return new StageResult(steps, waits, refusals, laterStagesRun, Optional.empty(), OptionalInt.empty(), false);
        }
    }
}
