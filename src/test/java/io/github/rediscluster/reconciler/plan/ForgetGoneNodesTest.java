package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ForgetGoneNodesTest {

    private static final String GONE = "0e5f2b79c1d84a3e9f6a7b8c9d0e1f2a3b4c5d6e";

    @Test
    void aGoneNodeFlaggedFailedIsForgottenOnEveryNodeThatKnowsIt() {
        String text = nodes(master(0, "0-16383"), replica(1, 0),
                GONE + " 10.0.0.9:6379@16379 slave,fail " + ID[0] + " 0 1795687060000 1 disconnected");

        StageResult result = new ForgetGoneNodes().decide(facts(spec(1, 1), all(text, 0, 1)), PlanSoFar.NOTHING);

        assertThat(commands(result)).containsExactly("redis-app-0: CLUSTER FORGET " + GONE, "redis-app-1: CLUSTER FORGET " + GONE);
        assertThat(result.laterStagesRun()).isFalse();
    }

    @Test
    void aLiveNodeOfNoPodIsLeftToAHuman() {
        String text = nodes(master(0, "0-16383"), replica(1, 0),
                GONE + " 10.0.0.9:6379@16379 slave " + ID[0] + " 0 1795687060000 1 connected");

        StageResult result = new ForgetGoneNodes().decide(facts(spec(1, 1), all(text, 0, 1)), PlanSoFar.NOTHING);

        assertThat(result.refusals()).containsExactly(new Refusal(RefusalReason.UNKNOWN_NODE, "node 0e5f2b79 at 10.0.0.9:6379",
                "redis-app"));
    }

    @Test
    void theLaterStagesRunOnlyWhenThePassFoundNothingAtAll() {
        ClusterFacts facts = facts(spec(1, 1), all(nodes(master(0, "0-16383"), replica(1, 0)), 0, 1));
        PlanSoFar waiting = PlanSoFar.NOTHING.with(new StageResult.Builder().await(WaitReason.POD_MISSING, "redis-app-1").proceed());

        assertThat(new ForgetGoneNodes().decide(facts, PlanSoFar.NOTHING).laterStagesRun()).isTrue();
        assertThat(new ForgetGoneNodes().decide(facts, waiting).laterStagesRun()).isFalse();
    }
}
