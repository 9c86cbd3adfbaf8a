package io.github.rediscluster.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.rediscluster.reconciler.testing.Specs;
import org.junit.jupiter.api.Test;

class RedisNetworkPolicyTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    @Test
    void byDefaultTheBusOnlyFromTheClustersPodsAndTheClientPortFromTheReconcilerAndTheNamespace() {
        NetworkPolicy policy = RedisNetworkPolicy.desired(Specs.classic()).orElseThrow();

        assertThat(JSON.asJson(policy)).isEqualTo("""
                {"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"annotations":\
                {"redis-cluster-reconciler/cluster":"default/redis-app"},"labels":{"app.kubernetes.io/name":"redis",\
                "app.kubernetes.io/instance":"redis-app","app.kubernetes.io/component":"network",\
                "app.kubernetes.io/part-of":"redis-cluster","app.kubernetes.io/managed-by":"redis-cluster-reconciler"},\
                "name":"redis-app","namespace":"default"},"spec":{"ingress":[\
                {"from":[{"podSelector":{"matchLabels":{"app.kubernetes.io/name":"redis","app.kubernetes.io/instance":"redis-app"}}}],\
                "ports":[{"port":6379,"protocol":"TCP"},{"port":16379,"protocol":"TCP"}]},\
                {"from":[{"podSelector":{"matchLabels":{"app.kubernetes.io/name":"redis-cluster-reconciler"}}}],\
                "ports":[{"port":6379,"protocol":"TCP"}]},\
                {"from":[{"podSelector":{}}],"ports":[{"port":6379,"protocol":"TCP"}]}],\
                "podSelector":{"matchLabels":{"app.kubernetes.io/name":"redis","app.kubernetes.io/instance":"redis-app"}},\
                "policyTypes":["Ingress"]}}""");
    }

    @Test
    void clientsBySelectedPodsInSelectedNamespacesAndTheExporterPortFromAnywhere() {
        NetworkPolicy policy = RedisNetworkPolicy.desired(Specs.classicWith(
                "redis-cluster.network-policy.client-pods", "app=shop,tier=web",
                "redis-cluster.network-policy.client-namespaces", "kubernetes.io/metadata.name=shop",
                "redis-cluster.metrics.exporter", "true", "redis-cluster.port", "7000")).orElseThrow();
        NetworkPolicyIngressRule clients = policy.getSpec().getIngress().get(2);
        NetworkPolicyIngressRule metrics = policy.getSpec().getIngress().get(3);

        assertThat(clients.getFrom()).singleElement().satisfies(peer -> {
            assertThat(peer.getPodSelector().getMatchLabels()).containsExactlyInAnyOrderEntriesOf(
                    java.util.Map.of("app", "shop", "tier", "web"));
            assertThat(peer.getNamespaceSelector().getMatchLabels()).containsExactlyEntriesOf(
                    java.util.Map.of("kubernetes.io/metadata.name", "shop"));
        });
        assertThat(clients.getPorts()).extracting(port -> port.getPort().getIntVal()).containsExactly(7000);
        assertThat(policy.getSpec().getIngress().get(0).getPorts()).extracting(port -> port.getPort().getIntVal())
                .containsExactly(7000, 17000);
        assertThat(metrics.getFrom()).isNullOrEmpty();
        assertThat(metrics.getPorts()).extracting(port -> port.getPort().getIntVal()).containsExactly(9121);
    }

    @Test
    void offMakesNone() {
        assertThat(RedisNetworkPolicy.desired(Specs.classicWith("redis-cluster.network-policy", "false"))).isEmpty();
    }
}
