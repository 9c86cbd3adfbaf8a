package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FormClusterTest {

    private static String fresh(int ordinal) {
        return ID[ordinal] + " " + ip(ordinal) + ":6379@16379 myself,master - 0 0 0 connected";
    }

    @Test
    void emptyNodesGetConfigEpochsSlotsAndMeetTheFirst() {
        StageResult result = new FormCluster().decide(facts(spec(1, 1),
                List.of(pod(0, ip(0), fresh(0), "fail", 0), pod(1, ip(1), fresh(1), "fail", 0))), PlanSoFar.NOTHING);

        assertThat(commands(result)).containsExactly(
                "redis-app-0: CLUSTER SET-CONFIG-EPOCH 1",
                "redis-app-1: CLUSTER SET-CONFIG-EPOCH 2",
                "redis-app-0: CLUSTER ADDSLOTSRANGE 0 16383",
                "redis-app-1: CLUSTER MEET 10.0.0.1 6379");
        assertThat(result.waits()).extracting(Wait::reason).containsExactly(WaitReason.CLUSTER_FORMING);
        assertThat(result.laterStagesRun()).isFalse();
    }

    @Test
    void aLoneNodeHoldingKeysInNoSlotStopsTheBootstrap() {
        StageResult result = new FormCluster().decide(facts(spec(1, 1),
                List.of(pod(0, ip(0), fresh(0), "fail", 0), pod(1, ip(1), fresh(1), "fail", 12))), PlanSoFar.NOTHING);

        assertThat(result.steps()).isEmpty();
        assertThat(result.refusals()).containsExactly(new Refusal(RefusalReason.KEYS_OUTSIDE_SLOTS, "redis-app-1"));
    }

    @Test
    void theClusterIsFormedOnlyOnceEveryPodAnswers() {
        StageResult result = new FormCluster().decide(facts(spec(1, 1),
                List.of(pod(0, ip(0), fresh(0), "fail", 0), silent(1, "connection refused"))), PlanSoFar.NOTHING);

        assertThat(result.steps()).isEmpty();
        assertThat(result.waits()).containsExactly(new Wait(WaitReason.FORMING_AWAITS_PODS, "2 pods", "1"));
        assertThat(result.laterStagesRun()).isFalse();
    }

    @Test
    void nodesThatKnowEachOtherAreLeftToTheLaterStages() {
        StageResult result = new FormCluster().decide(facts(spec(1, 1),
                all(nodes(master(0, "0-16383"), replica(1, 0)), 0, 1)), PlanSoFar.NOTHING);

        assertThat(result).isEqualTo(StageResult.proceed());
    }
}
