package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MoveSlotsTest {

    private static final String TWO_MASTERS = nodes(master(0, "0-16383"), master(1, ""));

    @Test
    void aNewMasterGetsABoundedBatchOfSlotsAndTheCountOfAllStillToMove() {
        ClusterFacts facts = facts(spec(2, 0), all(TWO_MASTERS, 0, 1));

        StageResult result = new MoveSlots().decide(facts, soFar(roles(facts)));

        assertThat(result.steps()).singleElement().satisfies(step -> {
            assertThat(step.kind()).isEqualTo(TopologyStep.Kind.MOVE_SLOTS);
            assertThat(step.move().orElseThrow().target().name()).isEqualTo("redis-app-1");
            assertThat(step.move().orElseThrow().slots()).hasSize(facts.spec().resharding().slotsPerPass());
        });
        assertThat(result.slotsToMove()).hasValue(8192);
        assertThat(result.laterStagesRun()).isFalse();
    }

    @Test
    void noMoveWhileSomethingElseIsAwaitedThisPass() {
        ClusterFacts facts = facts(spec(2, 0), all(TWO_MASTERS, 0, 1));
        PlanSoFar waiting = soFar(roles(facts)).with(new StageResult.Builder()
                .await(WaitReason.REPLICA_MASTER_UNKNOWN, "redis-app-2", "redis-app-0").proceed());

        StageResult result = new MoveSlots().decide(facts, waiting);

        assertThat(result.steps()).isEmpty();
        assertThat(result.waits()).containsExactly(new Wait(WaitReason.MOVES_AWAIT_OTHER_CHANGES,
                "8192 slots to move to even out the masters"));
        assertThat(result.slotsToMove()).hasValue(8192);
    }

    @Test
    void noMoveWhileAFailoverIsInFlight() {
        ClusterFacts facts = facts(spec(2, 0), all(TWO_MASTERS, 0, 1), Map.of(), Set.of("redis-app-0"));

        StageResult result = new MoveSlots().decide(facts, soFar(roles(facts)));

        assertThat(result.waits()).extracting(Wait::reason).containsExactly(WaitReason.MOVES_AWAIT_FAILOVER);
    }
}
