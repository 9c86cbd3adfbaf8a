package io.github.rediscluster.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.Specs;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExporterSidecarTest {

    @Test
    void offByDefaultThePodIsAsBefore() {
        PodTemplateSpec template = RedisStatefulSet.desired(Specs.classic()).getSpec().getTemplate();

        assertThat(template.getSpec().getContainers()).extracting(Container::getName).containsExactly("redis");
        assertThat(template.getMetadata().getAnnotations()).as("no annotation named, not even an empty map").isNullOrEmpty();
        assertThat(new KubernetesSerialization().asJson(template)).as("the pod template as sent")
                .doesNotContain("annotations");
    }

    @Test
    void onItReadsItsRedisServerOverLoopbackAndServesThePortNamedMetrics() {
        ClusterSpec spec = Specs.classicWith("redis-cluster.metrics.exporter", "true", "redis-cluster.port", "7000");
        PodTemplateSpec template = RedisStatefulSet.desired(spec).getSpec().getTemplate();
        Container exporter = template.getSpec().getContainers().get(1);

        assertThat(exporter.getName()).isEqualTo("redis-exporter");
        assertThat(exporter.getImage()).isEqualTo("oliver006/redis_exporter:v1.45.0");
        assertThat(exporter.getEnv()).extracting(EnvVar::getName, EnvVar::getValue).containsExactly(
                tuple("REDIS_ADDR", "redis://127.0.0.1:7000"),
                tuple("REDIS_EXPORTER_WEB_LISTEN_ADDRESS", ":9121"));
        assertThat(exporter.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("metrics");
            assertThat(port.getContainerPort()).isEqualTo(9121);
        });
        assertThat(exporter.getResources().getRequests()).containsEntry("cpu", new Quantity("10m"))
                .containsEntry("memory", new Quantity("16Mi"));
        assertThat(exporter.getResources().getLimits()).containsOnlyKeys("memory");
        assertThat(exporter.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(exporter.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(template.getMetadata().getAnnotations()).isEqualTo(Map.of("prometheus.io/scrape", "true",
                "prometheus.io/port", "9121", "prometheus.io/path", "/metrics"));
    }

    @Test
    void itsImageAndResourcesAreSpecKeys() {
        ClusterSpec spec = Specs.classicWith("redis-cluster.metrics.exporter", "true",
                "redis-cluster.metrics.exporter.image", "registry.example.org/redis_exporter:v1.45.0",
                "redis-cluster.metrics.exporter.resources.requests.memory", "32Mi",
                "redis-cluster.metrics.exporter.resources.limits.cpu", "100m");

        assertThat(spec.exporter()).contains(new ClusterSpec.Exporter("registry.example.org/redis_exporter:v1.45.0",
                new ClusterSpec.Resources("10m", "32Mi", java.util.Optional.of("100m"), java.util.Optional.of("64Mi"))));
        assertThat(Specs.classicWith("redis-cluster.metrics.exporter", "false").exporter()).isEmpty();
        assertThat(Specs.classic().exporter()).isEmpty();
    }

    /** The exporter authenticates with the cluster's password, from the same Secret, by reference only. */
    @Test
    void withAuthTheExporterReadsThePasswordFromTheSecret() {
        ClusterSpec spec = Specs.classicWith("redis-cluster.metrics.exporter", "true", "redis-cluster.auth.secret", "redis-auth");
        Container exporter = RedisStatefulSet.desired(spec).getSpec().getTemplate().getSpec().getContainers().get(1);

        assertThat(exporter.getEnv()).filteredOn(env -> env.getName().equals("REDIS_PASSWORD")).singleElement().satisfies(env -> {
            assertThat(env.getValue()).isNull();
            assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("redis-auth");
            assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
        });
    }
}
