package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChooseRolesTest {

    @Test
    void mastersThatOwnSlotsAreKeptAndAnEmptyMasterMakesUpTheCount() {
        ClusterFacts facts = facts(spec(2, 0), all(nodes(master(0, "0-16383"), master(1, "")), 0, 1));

        StageResult result = new ChooseRoles().decide(facts, PlanSoFar.NOTHING);

        assertThat(result.roles().orElseThrow().keepers()).extracting(pod -> pod.pod().name()).containsExactly("redis-app-0", "redis-app-1");
        assertThat(result.roles().orElseThrow().drains()).isEmpty();
        assertThat(result.laterStagesRun()).isTrue();
    }

    @Test
    void aStayingReplicaTakesOverFromAMasterWhosePodGoes() {
        String text = nodes(replica(0, 2), replica(1, 2), master(2, "0-16383"));
        ClusterFacts facts = facts(spec(1, 1), all(text, 0, 1, 2));

        StageResult result = new ChooseRoles().decide(facts, PlanSoFar.NOTHING);

        assertThat(commands(result)).containsExactly("redis-app-0: CLUSTER FAILOVER");
        assertThat(result.roles().orElseThrow().drains()).extracting(pod -> pod.pod().name()).containsExactly("redis-app-2");
        assertThat(result.laterStagesRun()).isFalse();
    }

    @Test
    void aMasterStillToComeFromAPodThatDoesNotExistIsAwaited() {
        ClusterFacts facts = facts(spec(2, 0), List.of(pod(0, nodes(master(0, "0-16383")) )));

        StageResult result = new ChooseRoles().decide(facts, PlanSoFar.NOTHING);

        assertThat(result.waits()).containsExactly(new Wait(WaitReason.NEW_PODS_PENDING, "2 masters", "1"));
        assertThat(result.laterStagesRun()).isTrue();
    }
}
