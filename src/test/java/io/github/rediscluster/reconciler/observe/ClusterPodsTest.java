package io.github.rediscluster.reconciler.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.github.rediscluster.reconciler.testing.Specs;
import org.junit.jupiter.api.Test;

/** How a pod of the StatefulSet is seen by the topology code. */
class ClusterPodsTest {

    @Test
    void aRunningPodGivesItsOrdinalIpAndNode() {
        assertThat(ClusterPods.toRedisPod(Specs.classic(), pod("redis-app-4", "10.1.0.7", "node-b", null)))
                .isEqualTo(new RedisPod("redis-app-4", 4, "10.1.0.7", "node-b"));
    }

    @Test
    void aTerminatingPodCountsAsHavingNoIp() {
        assertThat(ClusterPods.toRedisPod(Specs.classic(), pod("redis-app-0", "10.1.0.7", "node-b", "2026-11-26T10:00:00Z")))
                .isEqualTo(new RedisPod("redis-app-0", 0, "", "node-b"));
    }

    @Test
    void anUnscheduledPodHasNoIpAndNoNode() {
        assertThat(ClusterPods.toRedisPod(Specs.classic(), pod("redis-app-2", null, null, null)))
                .isEqualTo(new RedisPod("redis-app-2", 2, "", ""));
    }

    @Test
    void aPodThatIsNotNamedLikeTheStatefulSetsPodsIsIgnored() {
        assertThat(ClusterPods.toRedisPod(Specs.classic(), pod("redis-app-debug", "10.1.0.9", "node-b", null))).isNull();
        assertThat(ClusterPods.toRedisPod(Specs.classic(), pod("other-0", "10.1.0.9", "node-b", null))).isNull();
    }

    private static Pod pod(String name, String ip, String node, String deletion) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withDeletionTimestamp(deletion).endMetadata()
                .withNewSpec().withNodeName(node).endSpec()
                .withNewStatus().withPodIP(ip).endStatus()
                .build();
    }
}
