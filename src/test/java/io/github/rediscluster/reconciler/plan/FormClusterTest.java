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
        StageResult result = new FormCluster(1).decide(facts(spec(1, 1),
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
    void aFewPodsMeetOncePerPair() {
        StageResult result = new FormCluster().decide(facts(spec(2, 1), List.of(pod(0, ip(0), fresh(0), "fail", 0),
                pod(1, ip(1), fresh(1), "fail", 0), pod(2, ip(2), fresh(2), "fail", 0), pod(3, ip(3), fresh(3), "fail", 0))),
                PlanSoFar.NOTHING);

        assertThat(result.steps()).extracting(TopologyStep::kind)
                .containsExactly(TopologyStep.Kind.BOOTSTRAP, TopologyStep.Kind.MEET_ALL);
        assertThat(result.steps().get(1).commands()).extracting(RedisCommand::toString).containsExactly(
                "redis-app-0: CLUSTER MEET 10.0.0.2 6379",
                "redis-app-0: CLUSTER MEET 10.0.0.3 6379",
                "redis-app-0: CLUSTER MEET 10.0.0.4 6379",
                "redis-app-1: CLUSTER MEET 10.0.0.3 6379",
                "redis-app-1: CLUSTER MEET 10.0.0.4 6379",
                "redis-app-2: CLUSTER MEET 10.0.0.4 6379");
    }

    @Test
    void beyondTheFullMeshMastersMeetTheFirstMasterAndEachFutureReplicaMeetsItsOwnMaster() {
        // Kubernetes nodes: redis-app-0 and -3 on n1, -1 on n2, -2 on n3; masters 0 and 1, so -3 is paired with 1.
        StageResult result = new FormCluster(3).decide(facts(spec(2, 1), List.of(pod(0, ip(0), fresh(0), "fail", 0),
                pod(1, ip(1), fresh(1), "fail", 0), pod(2, ip(2), fresh(2), "fail", 0), pod(3, ip(3), fresh(3), "fail", 0))),
                PlanSoFar.NOTHING);

        assertThat(result.steps()).extracting(TopologyStep::kind)
                .containsExactly(TopologyStep.Kind.BOOTSTRAP, TopologyStep.Kind.MEET_ALL);
        assertThat(result.steps().get(1).commands()).extracting(RedisCommand::toString).containsExactly(
                "redis-app-1: CLUSTER MEET 10.0.0.1 6379",
                "redis-app-2: CLUSTER MEET 10.0.0.1 6379",
                "redis-app-3: CLUSTER MEET 10.0.0.2 6379");
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
