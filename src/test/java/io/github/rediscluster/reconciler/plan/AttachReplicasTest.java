package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AttachReplicasTest {

    @Test
    void anEmptyMasterBecomesTheReplicaOfAMasterShortOfOne() {
        ClusterFacts facts = facts(spec(1, 1), all(nodes(master(0, "0-16383"), master(1, "")), 0, 1));

        StageResult result = new AttachReplicas().decide(facts, soFar(roles(facts)));

        assertThat(commands(result)).containsExactly("redis-app-1: CLUSTER REPLICATE " + ID[0]);
        assertThat(result.laterStagesRun()).isFalse();
    }

    @Test
    void aMasterWithoutSlotsHoldingKeysIsLeftToAHuman() {
        String text = nodes(master(0, "0-16383"), master(1, ""));
        ClusterFacts facts = facts(spec(1, 1), List.of(pod(0, text), pod(1, ip(1), text, "ok", 42)));

        StageResult result = new AttachReplicas().decide(facts, soFar(roles(facts)));

        assertThat(result.steps()).isEmpty();
        assertThat(result.refusals()).containsExactly(new Refusal(RefusalReason.MASTER_WITHOUT_SLOTS_HOLDS_KEYS, "redis-app-1", "42"));
    }

    @Test
    void aReplicaFollowingAnOldAddressOfItsMasterIsToldAgain() {
        String text = nodes(master(0, "0-16383"), replica(1, 0));
        ClusterFacts facts = facts(spec(1, 1), List.of(pod(0, text), pod(1, ip(1), text, "ok", 0, "master_host", "10.0.9.9")));

        StageResult result = new AttachReplicas().decide(facts, soFar(roles(facts)));

        assertThat(commands(result)).containsExactly("redis-app-1: CLUSTER REPLICATE " + ID[0]);
    }

    @Test
    void masterWithItsReplicasNeedsNothing() {
        ClusterFacts facts = facts(spec(1, 1), all(nodes(master(0, "0-16383"), replica(1, 0)), 0, 1));

        assertThat(new AttachReplicas().decide(facts, soFar(roles(facts)))).isEqualTo(StageResult.proceed());
    }
}
