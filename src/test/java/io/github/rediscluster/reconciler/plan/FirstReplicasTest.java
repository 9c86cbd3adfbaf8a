package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Four pods, 2 masters + 1 replica each, just after the bootstrap: each future replica met its own master only. */
class FirstReplicasTest {

    /** redis-app-2's handshake with redis-app-0's address, its NodeId not learnt yet. */
    private static final String HANDSHAKE_WITH_0 = "e1ac5cb06a6a32dfb7d03f6ee41e8b5ab0b6e40f 10.0.0.1:6379@16379 handshake - 0 0 0"
            + " disconnected\n";

    @Test
    void eachReplicaIsAttachedToTheMasterItMetBeforeGossipHasIntroducedTheOthers() {
        StageResult result = new FirstReplicas().decide(facts(spec(2, 1), List.of(
                pod(0, nodes(master(0, "0-8191"), master(1, "8192-16383"), master(2, ""))),
                pod(1, nodes(master(0, "0-8191"), master(1, "8192-16383"), master(3, ""))),
                pod(2, nodes(master(0, "0-8191"), master(2, ""))),
                pod(3, nodes(master(1, "8192-16383"), master(3, ""))))), PlanSoFar.NOTHING);

        assertThat(commands(result)).containsExactly("redis-app-2: CLUSTER REPLICATE " + ID[0],
                "redis-app-3: CLUSTER REPLICATE " + ID[1]);
        assertThat(result.laterStagesRun()).isFalse();
    }

    @Test
    void aReplicaThatDoesNotKnowItsMasterMeetsItUnlessTheirHandshakeRuns() {
        StageResult meeting = new FirstReplicas().decide(facts(spec(2, 1), List.of(
                pod(0, nodes(master(0, "0-8191"), master(1, "8192-16383"))),
                pod(1, nodes(master(0, "0-8191"), master(1, "8192-16383"), master(3, ""))),
                pod(2, nodes(master(1, "8192-16383"), master(2, ""))),
                pod(3, nodes(master(1, "8192-16383"), master(3, ""))))), PlanSoFar.NOTHING);
        StageResult waiting = new FirstReplicas().decide(facts(spec(2, 1), List.of(
                pod(0, nodes(master(0, "0-8191"), master(1, "8192-16383"))),
                pod(1, nodes(master(0, "0-8191"), master(1, "8192-16383"), master(3, ""))),
                pod(2, nodes(master(1, "8192-16383"), master(2, "")) + HANDSHAKE_WITH_0),
                pod(3, nodes(master(1, "8192-16383"), master(3, ""))))), PlanSoFar.NOTHING);

        assertThat(commands(meeting)).containsExactly("redis-app-2: CLUSTER MEET 10.0.0.1 6379",
                "redis-app-3: CLUSTER REPLICATE " + ID[1]);
        assertThat(commands(waiting)).containsExactly("redis-app-3: CLUSTER REPLICATE " + ID[1]);
        assertThat(waiting.waits()).containsExactly(new Wait(WaitReason.REPLICA_MASTER_UNKNOWN, "redis-app-2", "redis-app-0"));
    }

    @Test
    void aClusterHoldingKeysIsLeftToAttachReplicasOnceSettled() {
        StageResult result = new FirstReplicas().decide(facts(spec(2, 1), List.of(
                pod(0, ip(0), nodes(master(0, "0-8191"), master(1, "8192-16383"), master(2, "")), "ok", 5),
                pod(1, nodes(master(0, "0-8191"), master(1, "8192-16383"), master(3, ""))),
                pod(2, nodes(master(0, "0-8191"), master(2, ""))),
                pod(3, nodes(master(1, "8192-16383"), master(3, ""))))), PlanSoFar.NOTHING);

        assertThat(result).isEqualTo(StageResult.proceed());
    }

    @Test
    void aClusterWhoseReplicasAreAttachedGoesOnToTheLaterStages() {
        String cluster = nodes(master(0, "0-8191"), master(1, "8192-16383"), replica(2, 0), replica(3, 1));
        StageResult result = new FirstReplicas().decide(facts(spec(2, 1), all(cluster, 0, 1, 2, 3)), PlanSoFar.NOTHING);

        assertThat(result).isEqualTo(StageResult.proceed());
    }
}
