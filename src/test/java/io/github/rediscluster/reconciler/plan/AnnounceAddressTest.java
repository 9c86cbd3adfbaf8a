package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnnounceAddressTest {

    private static final String NODES = nodes(master(0, "0-16383"), replica(1, 0));

    @Test
    void aNodeAnnouncingAnOldAddressIsToldItsPodIpAndNothingElseHappensThisPass() {
        StageResult result = new AnnounceAddress().decide(facts(spec(1, 1),
                List.of(pod(0, "10.0.1.1", NODES, "ok", 0), pod(1, NODES))), PlanSoFar.NOTHING);

        assertThat(commands(result)).containsExactly("redis-app-0: CONFIG SET cluster-announce-ip 10.0.1.1");
        assertThat(result.laterStagesRun()).isFalse();
    }

    @Test
    void rightAddressesLeaveTheWayOpen() {
        StageResult result = new AnnounceAddress().decide(facts(spec(1, 1), all(NODES, 0, 1)), PlanSoFar.NOTHING);

        assertThat(result.steps()).isEmpty();
        assertThat(result.laterStagesRun()).isTrue();
    }
}
