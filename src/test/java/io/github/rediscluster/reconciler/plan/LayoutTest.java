package io.github.rediscluster.reconciler.plan;

import io.github.rediscluster.reconciler.observe.RedisPod;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayoutTest {

    /** Pods redis-app-0.. on the given Kubernetes nodes ("" for not known). */
    private static List<RedisPod> pods(String... k8sNodes) {
        List<RedisPod> pods = new ArrayList<>();
        for (int i = 0; i < k8sNodes.length; i++) {
            pods.add(new RedisPod("redis-app-" + i, i, "10.0.0." + (i + 1), k8sNodes[i]));
        }
        return pods;
    }

    @Test
    void mastersAreTheLowestOrdinalsWhenTheyRunOnDistinctNodes() {
        List<RedisPod> pods = pods("n1", "n2", "n3", "n1", "n2", "n3");

        assertThat(Layout.chooseMasters(pods, 3)).containsExactly(pods.get(0), pods.get(1), pods.get(2));
    }

    @Test
    void aLowerOrdinalOnANodeThatAlreadyHasAMasterIsSkipped() {
        List<RedisPod> pods = pods("n1", "n1", "n2", "n2", "n3", "n3");

        assertThat(Layout.chooseMasters(pods, 3)).containsExactly(pods.get(0), pods.get(2), pods.get(4));
    }

    @Test
    void whenNodesRunOutTheLowestRemainingOrdinalsFillUp() {
        List<RedisPod> pods = pods("n1", "n1", "n1", "n2");

        assertThat(Layout.chooseMasters(pods, 3)).containsExactly(pods.get(0), pods.get(1), pods.get(3));
    }

    @Test
    void anUnknownNodeDoesNotConflictWithAnother() {
        List<RedisPod> pods = pods("", "", "n1", "n1");

        assertThat(Layout.chooseMasters(pods, 3)).containsExactly(pods.get(0), pods.get(1), pods.get(2));
    }

    @Test
    void theOrderOfTheInputDoesNotMatter() {
        List<RedisPod> pods = pods("n1", "n2", "n3", "n1", "n2", "n3");

        assertThat(Layout.chooseMasters(List.of(pods.get(5), pods.get(3), pods.get(1), pods.get(0), pods.get(4), pods.get(2)), 3))
                .containsExactly(pods.get(0), pods.get(1), pods.get(2));
    }

    @Test
    void inTheClassicLayoutEveryReplicaRunsOnAnotherNodeThanItsMaster() {
        List<RedisPod> pods = pods("n1", "n2", "n3", "n1", "n2", "n3");
        List<RedisPod> masters = pods.subList(0, 3);

        Map<RedisPod, RedisPod> pairs = Layout.pairReplicas(masters, pods.subList(3, 6), 1, Map.of());

        assertThat(pairs).containsOnlyKeys(pods.subList(3, 6));
        assertThat(pairs.values()).containsExactlyInAnyOrderElementsOf(masters);
        pairs.forEach((replica, master) -> assertThat(replica.sameNodeAs(master)).as(replica + " -> " + master).isFalse());
        assertThat(Layout.conflicts(masters, pairs)).isZero();
    }

    @Test
    void anEarlierPickIsMovedWhenOnlyThatGivesEveryReplicaAnotherNode() {
        // redis-app-2 (n3) could go anywhere and takes the first seat, redis-app-0's; redis-app-3 (n2) fits only there.
        List<RedisPod> pods = pods("n1", "n2", "n3", "n2");
        List<RedisPod> masters = pods.subList(0, 2);

        Map<RedisPod, RedisPod> pairs = Layout.pairReplicas(masters, pods.subList(2, 4), 1, Map.of());

        assertThat(pairs).containsExactly(Map.entry(pods.get(2), pods.get(1)), Map.entry(pods.get(3), pods.get(0)));
    }

    @Test
    void withAllPodsOnOneNodeEveryMasterStillGetsOneReplica() {
        List<RedisPod> pods = pods("n1", "n1", "n1", "n1", "n1", "n1");
        List<RedisPod> masters = pods.subList(0, 3);

        Map<RedisPod, RedisPod> pairs = Layout.pairReplicas(masters, pods.subList(3, 6), 1, Map.of());

        assertThat(pairs).containsOnlyKeys(pods.subList(3, 6));
        assertThat(pairs.values()).containsExactlyInAnyOrderElementsOf(masters);
    }

    @Test
    void aMasterThatHasItsReplicasAlreadyGetsNoMore() {
        List<RedisPod> pods = pods("n1", "n2", "n3", "n1", "n2");
        List<RedisPod> masters = pods.subList(0, 3);

        Map<RedisPod, RedisPod> pairs = Layout.pairReplicas(masters, pods.subList(3, 5), 1, Map.of(pods.get(1), 1));

        assertThat(pairs.values()).containsExactlyInAnyOrder(pods.get(0), pods.get(2));
        pairs.forEach((replica, master) -> assertThat(replica.sameNodeAs(master)).as(replica + " -> " + master).isFalse());
    }

    @Test
    void aReplicaIsLeftOutOnlyWhenNoMasterHasRoom() {
        List<RedisPod> pods = pods("n1", "n2", "n3", "n1");

        Map<RedisPod, RedisPod> pairs = Layout.pairReplicas(pods.subList(0, 2), pods.subList(2, 4), 1, Map.of(pods.get(0), 1));

        assertThat(pairs).hasSize(1).containsValue(pods.get(1));
    }

    @Test
    void conflictsCountMastersSharingANodeAndReplicasOnTheirMastersNode() {
        List<RedisPod> pods = pods("n1", "n2", "n3", "n1", "n2", "n3");
        // after a failover: redis-app-3 (n1) took over from redis-app-1, which replicates it now
        List<RedisPod> masters = List.of(pods.get(0), pods.get(2), pods.get(3));
        Map<RedisPod, RedisPod> sameNode = Map.of(pods.get(1), pods.get(3), pods.get(4), pods.get(2), pods.get(5), pods.get(2));

        assertThat(Layout.conflicts(masters, sameNode)).isEqualTo(2);
        assertThat(Layout.conflicts(pods.subList(0, 3), Map.of(pods.get(3), pods.get(1), pods.get(4), pods.get(2),
                pods.get(5), pods.get(0)))).isZero();
        assertThat(Layout.conflicts(pods.subList(0, 3), Map.of(pods.get(3), pods.get(0)))).isEqualTo(1);
    }

    @Test
    void podsOnUnknownNodesNeverConflict() {
        List<RedisPod> pods = pods("", "", "", "");

        assertThat(Layout.conflicts(pods.subList(0, 2), Map.of(pods.get(2), pods.get(0), pods.get(3), pods.get(1)))).isZero();
    }
}
