package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SettleSlotsTest {

    @Test
    void twoNodesClaimingASlotAreLeftToRedis() {
        String text = nodes(master(0, "0-8191"), master(1, "0 8192-16383"));
        StageResult result = new SettleSlots().decide(facts(spec(2, 0), all(text, 0, 1)), PlanSoFar.NOTHING);

        assertThat(result.waits()).containsExactly(new Wait(WaitReason.SLOT_CLAIMED_TWICE, "slot 0", "redis-app-1 and redis-app-0"));
        assertThat(result.laterStagesRun()).isFalse();
    }

    @Test
    void aMigrationThatMovedNoKeyAndLostItsTargetSideIsRolledBack() {
        String seen = nodes(master(0, "0-8191"), master(1, "8192-16383"));
        String source = nodes(master(0, "0-8191 [100->-" + ID[1] + "]"), master(1, "8192-16383"));
        StageResult result = new SettleSlots().decide(facts(spec(2, 0), List.of(pod(0, source), pod(1, seen))), PlanSoFar.NOTHING);

        assertThat(commands(result)).containsExactly("redis-app-0: CLUSTER SETSLOT 100 STABLE");
        assertThat(result.laterStagesRun()).isFalse();
    }

    @Test
    void slotsNobodyOwnsGoToAMaster() {
        StageResult result = new SettleSlots().decide(facts(spec(1, 1),
                all(nodes(master(0, "100-16383"), replica(1, 0)), 0, 1)), PlanSoFar.NOTHING);

        assertThat(commands(result)).containsExactly("redis-app-0: CLUSTER ADDSLOTSRANGE 0 99");
        assertThat(result.laterStagesRun()).isFalse();
    }

    @Test
    void settledSlotsLetTheLaterStagesRunUnlessSomethingNeedsAHuman() {
        ClusterFacts facts = facts(spec(1, 1), all(nodes(master(0, "0-16383"), replica(1, 0)), 0, 1));
        PlanSoFar refused = PlanSoFar.NOTHING.with(new StageResult.Builder()
                .refuse(RefusalReason.LONE_NODE_HOLDS_KEYS, "redis-app-2", "42").proceed());

        assertThat(new SettleSlots().decide(facts, PlanSoFar.NOTHING)).isEqualTo(StageResult.proceed());
        assertThat(new SettleSlots().decide(facts, refused).laterStagesRun()).isFalse();
    }
}
