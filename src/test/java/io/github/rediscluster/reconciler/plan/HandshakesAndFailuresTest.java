package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HandshakesAndFailuresTest {

    private static final String CLUSTER = nodes(master(0, "0-16383"), replica(1, 0));

    @Test
    void aHandshakeInProgressHoldsEveryLaterChangeBack() {
        String handshake = "e1ac5cb06a6a32dfb7d03f6ee41e8b5ab0b6e40f 10.0.0.9:6379@16379 handshake - 0 0 0 disconnected";
        StageResult result = new HandshakesAndFailures().decide(facts(spec(1, 1),
                List.of(pod(0, CLUSTER + handshake + "\n"), pod(1, CLUSTER))), PlanSoFar.NOTHING);

        assertThat(result.waits()).containsExactly(new Wait(WaitReason.HANDSHAKE, "redis-app-0"));
        assertThat(result.laterStagesRun()).isFalse();
    }

    @Test
    void aLivePodStillFlaggedFailingIsWaitedFor() {
        StageResult result = new HandshakesAndFailures().decide(facts(spec(1, 1),
                List.of(pod(0, nodes(master(0, "0-16383"), line(1, "slave,fail?", ID[0], ""))), pod(1, CLUSTER))),
                PlanSoFar.NOTHING);

        assertThat(result.waits()).containsExactly(new Wait(WaitReason.FAILURE_FLAG, "redis-app-0", "redis-app-1 as fail?,slave"));
        assertThat(result.waits().get(0).converging()).isTrue();
        assertThat(result.laterStagesRun()).isFalse();
    }

    @Test
    void aQuietClusterPasses() {
        StageResult result = new HandshakesAndFailures().decide(facts(spec(1, 1), all(CLUSTER, 0, 1)), PlanSoFar.NOTHING);

        assertThat(result.waits()).isEmpty();
        assertThat(result.laterStagesRun()).isTrue();
    }
}
