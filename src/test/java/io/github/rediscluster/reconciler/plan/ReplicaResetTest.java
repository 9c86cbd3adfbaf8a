package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.observe.ObservedPod;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The one CLUSTER RESET (SOFT) and its narrow rule, on literal CLUSTER NODES: scaling 2 -> 3 masters after a
 * scale-in, the pods the scale-in drained (redis-app-4 and redis-app-5) come back with their data directories as
 * replicas of the masters that took their last slots, holding a copy of those masters' keys (Redis reconfigures the
 * replicas of a master that gives away its last slot). No empty master is left to choose.
 */
class ReplicaResetTest {

    private static final String BACK_AS_REPLICAS = nodes(master(0, "0-8191"), master(1, "8192-16383"), replica(2, 0),
            replica(3, 1), replica(4, 0), replica(5, 1));

    private static ObservedPod withKeys(int ordinal, String nodes, long keys, String linkStatus) {
        return pod(ordinal, ip(ordinal), nodes, "ok", keys, "master_link_status", linkStatus);
    }

    private static List<ObservedPod> cluster(String nodes, String linkOf5) {
        return List.of(withKeys(0, nodes, 500, "up"), withKeys(1, nodes, 400, "up"), withKeys(2, nodes, 500, "up"),
                withKeys(3, nodes, 400, "up"), withKeys(4, nodes, 500, "up"), withKeys(5, nodes, 400, linkOf5));
    }

    private static StageResult chooseRoles(List<ObservedPod> pods) {
        return new ChooseRoles().decide(facts(spec(3, 1), pods, Map.of(), Set.of()), PlanSoFar.NOTHING);
    }

    @Test
    void aSyncedReplicaWithACopyIsResetWhenTheSpecNeedsItAsANewMaster() {
        StageResult result = chooseRoles(cluster(BACK_AS_REPLICAS, "up"));

        assertThat(commands(result)).containsExactly("redis-app-5: CLUSTER RESET SOFT");
        assertThat(result.steps()).extracting(TopologyStep::kind).containsExactly(TopologyStep.Kind.RESET_REPLICA);
        assertThat(result.refusals()).isEmpty();
        assertThat(result.laterStagesRun()).isFalse();
    }

    @Test
    void aReplicaWhoseLinkIsDownIsNotResetWhileItHoldsKeys() {
        List<ObservedPod> pods = cluster(BACK_AS_REPLICAS, "down");
        ClusterFacts facts = facts(spec(3, 1), pods, Map.of(), Set.of());

        assertThat(ReplicaReset.resettable(facts, pods.get(5))).isFalse();
        assertThat(ReplicaReset.resettable(facts, pods.get(4))).isTrue();
    }

    @Test
    void nothingIsResetWhileASlotIsOpenAnywhere() {
        String open = nodes(master(0, "0-8191 [100->-" + ID[1] + "]"), master(1, "8192-16383"), replica(2, 0), replica(3, 1),
                replica(4, 0), replica(5, 1));

        StageResult result = chooseRoles(cluster(open, "up"));

        assertThat(commands(result)).isEmpty();
        assertThat(result.refusals()).extracting(Refusal::reason).containsExactly(RefusalReason.NOT_ENOUGH_EMPTY_NODES);
    }

    @Test
    void nothingIsResetWhileASlotHasNoAnsweringOwner() {
        String uncovered = nodes(master(0, "0-8190"), master(1, "8192-16383"), replica(2, 0), replica(3, 1), replica(4, 0),
                replica(5, 1));

        assertThat(commands(chooseRoles(cluster(uncovered, "up")))).isEmpty();
    }

    @Test
    void aNodeAnyViewListsAsOwningASlotIsNeverReset() {
        // redis-app-1 still lists redis-app-5 as the owner of slot 16383 (gossip not caught up yet).
        String stale = nodes(master(0, "0-8191"), master(1, "8192-16383"), replica(2, 0), replica(3, 1), replica(4, 0),
                line(5, "master", "-", "16383"));
        List<ObservedPod> pods = cluster(BACK_AS_REPLICAS, "up");
        pods = List.of(pods.get(0), withKeys(1, stale, 400, "up"), pods.get(2), pods.get(3), pods.get(4), pods.get(5));
        ClusterFacts facts = facts(spec(3, 1), pods, Map.of(), Set.of());

        assertThat(ReplicaReset.resettable(facts, pods.get(5))).isFalse();
    }

    @Test
    void aMasterIsNeverResetEvenWithoutSlots() {
        String slotless = nodes(master(0, "0-8191"), master(1, "8192-16383"), replica(2, 0), replica(3, 1), replica(4, 0),
                master(5, ""));
        List<ObservedPod> pods = cluster(slotless, "up");

        assertThat(ReplicaReset.resettable(facts(spec(3, 1), pods, Map.of(), Set.of()), pods.get(5))).isFalse();
    }

    @Test
    void noReplicaIsResetWhenAnEmptyMasterCanBeChosen() {
        String oneEmpty = nodes(master(0, "0-8191"), master(1, "8192-16383"), replica(2, 0), replica(3, 1), master(4, ""),
                replica(5, 1));
        List<ObservedPod> pods = List.of(withKeys(0, oneEmpty, 500, "up"), withKeys(1, oneEmpty, 400, "up"),
                withKeys(2, oneEmpty, 500, "up"), withKeys(3, oneEmpty, 400, "up"), withKeys(4, oneEmpty, 0, "up"),
                withKeys(5, oneEmpty, 400, "up"));

        StageResult result = chooseRoles(pods);

        assertThat(commands(result)).isEmpty();
        assertThat(result.roles().orElseThrow().keepers()).extracting(pod -> pod.pod().name())
                .containsExactly("redis-app-0", "redis-app-1", "redis-app-4");
    }
}
