package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterHealthTest {

    private static final String HEALTHY = nodes(master(0, "0-16383"), replica(1, 0));

    @Test
    void aHealthyClusterLetsTheLayoutBeRestored() {
        StageResult result = new ClusterHealth().decide(facts(spec(1, 1), all(HEALTHY, 0, 1)), PlanSoFar.NOTHING);

        assertThat(result).isEqualTo(StageResult.proceed());
    }

    @Test
    void aReplicaNotSyncedIsAwaitedAndHoldsTheLayoutBack() {
        ClusterFacts facts = facts(spec(1, 1), List.of(pod(0, HEALTHY), pod(1, ip(1), HEALTHY, "ok", 0, "master_link_status", "down")));

        StageResult result = new ClusterHealth().decide(facts, PlanSoFar.NOTHING);

        assertThat(result.waits()).containsExactly(new Wait(WaitReason.REPLICA_NOT_SYNCED, "redis-app-1 (master_link_status:down)"));
        assertThat(result.laterStagesRun()).isFalse();
    }

    @Test
    void aClusterShortOfMastersAndReplicasSaysSo() {
        ClusterFacts facts = facts(spec(2, 1), all(nodes(master(0, "0-16383"), replica(1, 0), master(2, ""), master(3, "")), 0, 1, 2, 3));

        StageResult result = new ClusterHealth().decide(facts, PlanSoFar.NOTHING);

        assertThat(result.waits()).containsExactly(new Wait(WaitReason.MASTERS_COUNT, "1", "2"));
    }

    @Test
    void anEarlierWaitHoldsTheLayoutBack() {
        PlanSoFar waiting = PlanSoFar.NOTHING.with(new StageResult.Builder()
                .await(WaitReason.LEAVING_PODS_HOLD_DATA, "redis-app-2", "redis-app-2 still holds 1 slots").proceed());

        assertThat(new ClusterHealth().decide(facts(spec(1, 1), all(HEALTHY, 0, 1)), waiting).laterStagesRun()).isFalse();
    }
}
