package io.github.rediscluster.reconciler.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.github.rediscluster.reconciler.desired.RedisStatefulSet;
import io.github.rediscluster.reconciler.testing.Specs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The optional kustomize component for the Prometheus Operator says what the repository's other files say. */
class MonitoringComponentTest {

    @Test
    void thePrometheusRuleHoldsTheRulesFileUnchanged() {
        Map<String, Object> rule = MonitoringFiles.read(MonitoringFiles.COMPONENT.resolve("prometheusrule.yaml"));
        assertThat(rule).containsEntry("kind", "PrometheusRule");
        assertThat(map(rule, "spec").get("groups")).isEqualTo(MonitoringFiles.read(MonitoringFiles.RULES).get("groups"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theComponentListsEveryFileBesideIt() {
        Map<String, Object> kustomization = MonitoringFiles.read(MonitoringFiles.COMPONENT.resolve("kustomization.yaml"));
        assertThat(kustomization).containsEntry("kind", "Component");
        assertThat((List<Object>) kustomization.get("resources")).containsExactlyInAnyOrder("podmonitor-reconciler.yaml",
                "podmonitor-redis.yaml", "prometheusrule.yaml");
    }

    /** The reconciler's series carry the Redis Cluster's namespace: a scrape must not rename it exported_namespace. */
    @Test
    void theReconcilersPodMonitorScrapesTheMetricsPathAndKeepsOurLabels() {
        Map<String, Object> monitor = MonitoringFiles.read(MonitoringFiles.COMPONENT.resolve("podmonitor-reconciler.yaml"));
        Map<String, Object> endpoint = map(monitor, "spec", "podMetricsEndpoints");
        assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/q/metrics").containsEntry("honorLabels", true);
    }

    /** The redis pods' PodMonitor selects the pods the reconciler makes, on the port the exporter serves. */
    @Test
    @SuppressWarnings("unchecked")
    void theRedisPodMonitorSelectsOurPodsOnTheExportersPort() {
        Map<String, Object> monitor = MonitoringFiles.read(MonitoringFiles.COMPONENT.resolve("podmonitor-redis.yaml"));
        PodTemplateSpec pod = RedisStatefulSet.desired(Specs.classicWith("redis-cluster.metrics.exporter", "true"))
                .getSpec().getTemplate();

        Map<String, Object> selector = (Map<String, Object>) map(monitor, "spec", "selector").get("matchLabels");
        assertThat(pod.getMetadata().getLabels()).containsAllEntriesOf((Map<String, String>) (Map<?, ?>) selector);
        String port = (String) map(monitor, "spec", "podMetricsEndpoints").get("port");
        assertThat(pod.getSpec().getContainers()).flatExtracting(Container::getPorts).extracting(ContainerPort::getName).contains(port);
        assertThat(map(monitor, "spec", "podMetricsEndpoints", "relabelings")).containsEntry("targetLabel", "cluster");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> root, String... path) {
        Object at = root;
        for (String key : path) {
            at = ((Map<String, Object>) at).get(key);
            if (at instanceof List<?> list) {
                at = list.get(0);
            }
        }
        return (Map<String, Object>) at;
    }
}
