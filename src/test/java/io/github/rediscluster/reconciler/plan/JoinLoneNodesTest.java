package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JoinLoneNodesTest {

    private static final String CLUSTER = nodes(master(0, "0-16383"), replica(1, 0));
    private static final String LONE = ID[2] + " " + ip(2) + ":6379@16379 myself,master - 0 0 0 connected";

    @Test
    void anEmptyLoneNodeIsMetIntoTheClusterAndTheLaterStagesWait() {
        StageResult result = new JoinLoneNodes().decide(facts(spec(1, 2),
                List.of(pod(0, CLUSTER), pod(1, CLUSTER), pod(2, ip(2), LONE, "fail", 0))), PlanSoFar.NOTHING);

        assertThat(commands(result)).containsExactly("redis-app-0: CLUSTER MEET 10.0.0.3 6379");
        assertThat(result.laterStagesRun()).isFalse();
    }

    @Test
    void aLoneNodeHoldingKeysIsRefused() {
        StageResult result = new JoinLoneNodes().decide(facts(spec(1, 2),
                List.of(pod(0, CLUSTER), pod(1, CLUSTER), pod(2, ip(2), LONE, "fail", 42))), PlanSoFar.NOTHING);

        assertThat(result.steps()).isEmpty();
        assertThat(result.refusals()).containsExactly(new Refusal(RefusalReason.LONE_NODE_HOLDS_KEYS, "redis-app-2", "42"));
        assertThat(result.laterStagesRun()).isTrue();
    }

    @Test
    void aRejoinEarlierInThePassStopsTheLaterStagesToo() {
        TopologyStep rejoin = new TopologyStep(TopologyStep.Kind.REJOIN, "redis-app-1", "moved", List.of());
        PlanSoFar soFar = PlanSoFar.NOTHING.with(new StageResult.Builder().step(rejoin).proceed());

        StageResult result = new JoinLoneNodes().decide(facts(spec(1, 1), List.of(pod(0, CLUSTER), pod(1, CLUSTER))), soFar);

        assertThat(result.steps()).isEmpty();
        assertThat(result.laterStagesRun()).isFalse();
    }
}
