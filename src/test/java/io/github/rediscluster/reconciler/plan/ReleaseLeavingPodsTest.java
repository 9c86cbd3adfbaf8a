package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReleaseLeavingPodsTest {

    @Test
    void aPodBeyondTheSpecThatHoldsNothingIsReleased() {
        ClusterFacts facts = facts(spec(1, 1), all(nodes(master(0, "0-16383"), replica(1, 0), master(2, "")), 0, 1, 2));

        StageResult result = new ReleaseLeavingPods().decide(facts, soFar(roles(facts)));

        assertThat(result.leavingPodsReleased()).isTrue();
        assertThat(result.waits()).containsExactly(new Wait(WaitReason.LEAVING_PODS_RELEASED, "redis-app-2", "2"));
    }

    @Test
    void aPodBeyondTheSpecThatOwnsSlotsIsHeld() {
        ClusterFacts facts = facts(spec(1, 1), all(nodes(master(0, "0-8191"), replica(1, 0), master(2, "8192-16383")), 0, 1, 2));

        StageResult result = new ReleaseLeavingPods().decide(facts, soFar(roles(facts)));

        assertThat(result.leavingPodsReleased()).isFalse();
        assertThat(result.waits()).extracting(Wait::reason, Wait::subject)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(WaitReason.LEAVING_PODS_HOLD_DATA, "redis-app-2"));
        assertThat(result.waits().get(0).detail()).contains("redis-app-2 still holds 8192 slots");
    }

    @Test
    void withNoPodBeyondTheSpecNothingIsHeld() {
        ClusterFacts facts = facts(spec(1, 1), all(nodes(master(0, "0-16383"), replica(1, 0)), 0, 1));

        StageResult result = new ReleaseLeavingPods().decide(facts, soFar(roles(facts)));

        assertThat(result.leavingPodsReleased()).isTrue();
        assertThat(result.waits()).isEmpty();
    }
}
