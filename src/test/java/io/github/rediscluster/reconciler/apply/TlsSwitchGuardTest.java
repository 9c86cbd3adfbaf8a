package io.github.rediscluster.reconciler.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.rediscluster.reconciler.desired.RedisStatefulSet;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.Specs;
import org.junit.jupiter.api.Test;

/** TLS is never switched by a roll: a half-TLS cluster cannot gossip. */
class TlsSwitchGuardTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final ClusterSpec PLAIN = Specs.classic();
    private static final ClusterSpec TLS = Specs.classicWith("redis-cluster.tls.secret", "redis-tls");

    private static ObjectNode statefulSet(ClusterSpec spec) {
        return (ObjectNode) JSON.convertValue(RedisStatefulSet.desired(spec), JsonNode.class);
    }

    @Test
    void turningTlsOnKeepsTheLivePodTemplateAndSaysThePath() {
        ObjectNode live = statefulSet(PLAIN);
        ObjectNode merged = statefulSet(Specs.classicWith("redis-cluster.tls.secret", "redis-tls", "redis-cluster.masters", "4"));

        var refusal = new TlsSwitchGuard(TLS).check(live, merged);

        assertThat(refusal).hasValueSatisfying(text -> assertThat(text).contains("turning TLS on", "split the cluster",
                "kubectl -n default delete statefulset redis-app"));
        assertThat(merged.at("/spec/template")).isEqualTo(live.at("/spec/template"));
        assertThat(merged.at("/spec/replicas").asInt()).as("the rest still follows the spec").isEqualTo(8);
    }

    @Test
    void turningTlsOffIsHeldTheSameWay() {
        ObjectNode live = statefulSet(TLS);
        ObjectNode merged = statefulSet(PLAIN);

        assertThat(new TlsSwitchGuard(PLAIN).check(live, merged)).hasValueSatisfying(text -> assertThat(text).contains("turning TLS off"));
        assertThat(merged.at("/spec/template")).isEqualTo(live.at("/spec/template"));
    }

    @Test
    void otherTemplateChangesOfATlsClusterGoAhead() {
        ObjectNode live = statefulSet(TLS);
        ObjectNode merged = statefulSet(Specs.classicWith("redis-cluster.tls.secret", "redis-tls", "redis-cluster.image", "redis:7.4"));

        assertThat(new TlsSwitchGuard(TLS).check(live, merged)).isEmpty();
        assertThat(merged.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("redis:7.4");
    }
}
