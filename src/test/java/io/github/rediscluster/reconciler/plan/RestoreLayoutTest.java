package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pods redis-app-0..3 on Kubernetes nodes n1, n2, n3, n1: masters redis-app-0 and redis-app-3 share n1. */
class RestoreLayoutTest {

    private static final String SHARED = nodes(master(0, "0-8191"), replica(1, 3), replica(2, 0), master(3, "8192-16383"));

    @Test
    void aReplicaOnAnotherNodeTakesOverWithACoordinatedFailover() {
        StageResult result = new RestoreLayout().decide(facts(spec(2, 1), all(SHARED, 0, 1, 2, 3)), PlanSoFar.NOTHING);

        assertThat(commands(result)).containsExactly("redis-app-1: CLUSTER FAILOVER");
    }

    @Test
    void aFailoverAskedForRecentlyIsWaitedFor() {
        StageResult result = new RestoreLayout().decide(facts(spec(2, 1), all(SHARED, 0, 1, 2, 3), Map.of(), Set.of("redis-app-1")),
                PlanSoFar.NOTHING);

        assertThat(result.steps()).isEmpty();
        assertThat(result.waits()).containsExactly(new Wait(WaitReason.FAILOVER_IN_FLIGHT, "redis-app-1", "redis-app-3"));
    }

    @Test
    void mastersOnDistinctNodesNeedNothing() {
        String spread = nodes(master(0, "0-8191"), master(1, "8192-16383"), replica(2, 0), replica(3, 1));

        assertThat(new RestoreLayout().decide(facts(spec(2, 1), all(spread, 0, 1, 2, 3)), PlanSoFar.NOTHING).steps()).isEmpty();
    }
}
