package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** MissingPods on two-pod clusters (one master, one replica). */
class MissingPodsTest {

    private static final String NODES = nodes(master(0, "0-16383"), replica(1, 0));

    @Test
    void aPodThatDoesNotExistYetIsAwaitedAndTheOthersGoOn() {
        StageResult result = new MissingPods().decide(facts(spec(1, 1), List.of(pod(0, NODES))), PlanSoFar.NOTHING);

        assertThat(result.waits()).containsExactly(new Wait(WaitReason.POD_MISSING, "redis-app-1"));
        assertThat(result.laterStagesRun()).isTrue();
        assertThat(result.leavingPodsReleased()).isFalse();
    }

    @Test
    void whenNoPodAnswersNothingElseIsDecidedAndNoPodIsHeldBack() {
        StageResult result = new MissingPods().decide(facts(spec(1, 1),
                List.of(silent(0, "connection refused"), silent(1, "connection refused"))), PlanSoFar.NOTHING);

        assertThat(result.waits()).containsExactly(new Wait(WaitReason.POD_NOT_ANSWERING, "redis-app-0, redis-app-1",
                "connection refused"));
        assertThat(result.waits().get(0).converging()).as("the pod watch asks for a pass").isFalse();
        assertThat(result.laterStagesRun()).isFalse();
        assertThat(result.leavingPodsReleased()).isTrue();
    }

    @Test
    void aSilentPodBeyondTheSpecIsNotReleasedUnseen() {
        StageResult result = new MissingPods().decide(facts(spec(1, 1),
                List.of(silent(0, "timeout"), silent(1, "timeout"), silent(2, "timeout"))), PlanSoFar.NOTHING);

        assertThat(result.leavingPodsReleased()).isFalse();
    }
}
