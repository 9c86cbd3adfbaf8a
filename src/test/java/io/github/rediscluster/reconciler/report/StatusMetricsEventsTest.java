package io.github.rediscluster.reconciler.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import io.github.rediscluster.reconciler.metrics.ReconcilerMeter;
import io.github.rediscluster.reconciler.spec.SpecStore;
import io.github.rediscluster.reconciler.testing.Metrics;
import io.github.rediscluster.reconciler.testing.MockApi;
import io.github.rediscluster.reconciler.testing.SpecFile;
import io.quarkus.test.junit.QuarkusTest;
import io.github.rediscluster.reconciler.testing.RealApiServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What users see of a pass besides the log, on the mock API (no redis-server runs here, so the Redis side finds
 * no pod): the Events, the metrics and the status endpoint. The Redis steps' Events and metrics are asserted on real
 * redis-servers in {@code OperabilityEndToEndTest}.
 */
@WithKubernetesTestServer(setup = RealApiServer.class)
@QuarkusTest
class StatusMetricsEventsTest {

    private static final String NS = SpecFile.NAMESPACE;
    private static final String STEPS = "redis_cluster_reconciler_steps_total";
    private static final String PASSES = "redis_cluster_reconciler_passes_total";

    private static final String CLUSTER_LABELS = "{cluster=\"redis-app\",namespace=\"" + NS + "\"}";

    @Inject
    KubernetesClient client;

    @Inject
    ReconcileLoop loop;

    @Inject
    SpecStore specs;

    @BeforeEach
    void startFromEmpty() {
        SpecFile.write(SpecFile.CLASSIC);
        specs.refresh();
        MockApi.clear(client, NS);
    }

    @Test
    void aPassFromEmptyIsOneEventPerObjectAndSteadyStateNone() {
        loop.runPass().orElseThrow();

        assertThat(events()).extracting(Event::getReason, Event::getMessage, Event::getType).containsExactlyInAnyOrder(
                created("PersistentVolume nfs-pv1"), created("PersistentVolume nfs-pv2"), created("PersistentVolume nfs-pv3"),
                created("PersistentVolume nfs-pv4"), created("PersistentVolume nfs-pv5"), created("PersistentVolume nfs-pv6"),
                created("ConfigMap redis-test/redis-conf"), created("Service redis-test/redis-service"),
                created("Service redis-test/redis-access-service"), created("StatefulSet redis-test/redis-app"),
                created("PodDisruptionBudget redis-test/redis-app"), created("NetworkPolicy redis-test/redis-app"));
        assertThat(events()).allSatisfy(event -> {
            assertThat(event.getInvolvedObject().getKind()).isEqualTo("StatefulSet");
            assertThat(event.getInvolvedObject().getName()).isEqualTo("redis-app");
            assertThat(event.getInvolvedObject().getUid()).isNotBlank();
        });

        loop.runPass();
        loop.runPass();

        assertThat(events()).as("Events after two steady passes: still only the first pass's").hasSize(12);
    }

    @Test
    void metricsCountWhatPassesDid() {
        Map<String, Double> before = Metrics.scrape();
        loop.runPass();
        client.services().inNamespace(NS).withName("redis-service").edit(service -> {
            service.getSpec().setPublishNotReadyAddresses(false);
            return service;
        });
        loop.runPass();

        Map<String, Double> after = Metrics.scrape();
        String[] createdPvs = {"stage=objects", "kind=PersistentVolume", "outcome=created"};
        String[] updatedServices = {"stage=objects", "kind=Service", "outcome=updated"};
        assertThat(Metrics.sum(after, STEPS, createdPvs) - Metrics.sum(before, STEPS, createdPvs)).isEqualTo(6);
        assertThat(Metrics.sum(after, STEPS, updatedServices) - Metrics.sum(before, STEPS, updatedServices)).isEqualTo(1);
        assertThat(Metrics.sum(after, PASSES, "outcome=not_converged") - Metrics.sum(before, PASSES, "outcome=not_converged"))
                .isEqualTo(2);
        assertThat(Metrics.sum(after, "redis_cluster_reconciler_pods_expected")).isEqualTo(6);
        assertThat(Metrics.sum(after, "redis_cluster_reconciler_pods_answering")).isZero();
        assertThat(Metrics.sum(after, "redis_cluster_reconciler_cluster_state_ok")).isZero();
        assertThat(Metrics.sum(after, "redis_cluster_reconciler_leader")).isEqualTo(1);
        assertThat(Metrics.sum(after, "redis_cluster_reconciler_pass_duration_seconds_count")).isPositive();
        assertThat(Metrics.sum(after, "redis_cluster_reconciler_kubernetes_requests_total", "verb=POST", "resource=persistentvolumes",
                "code=201")).as("PersistentVolumes created through the API").isGreaterThanOrEqualTo(6);
        assertThat(after.keySet()).contains("redis_cluster_reconciler_last_successful_pass_age_seconds" + CLUSTER_LABELS,
                PASSES + "{cluster=\"redis-app\",namespace=\"" + NS + "\",outcome=\"failed\"}");
    }

    /**
     * Every series of ours is named in ReconcilerMeter and carries the cluster's labels: those of the spec in force,
     * or empty ones for API requests sent before any spec was (here: the test's own, through the same client).
     */
    @Test
    void everySeriesOfOursIsDeclaredAndLabelled() {
        loop.runPass();
        Map<String, Double> series = Metrics.scrape();
        Set<String> declared = Arrays.stream(ReconcilerMeter.values()).map(ReconcilerMeter::prometheusName).collect(Collectors.toSet());
        List<String> ours = series.keySet().stream().filter(name -> name.startsWith("redis_")).toList();
        List<String> labels = List.of("cluster=\"redis-app\"", "namespace=\"" + NS + "\"");
        assertThat(ours).as("series of ours").isNotEmpty().allSatisfy(one -> {
            assertThat(declared).as(one).anyMatch(name -> Metrics.name(one).matches(Pattern.quote(name) + "(_bucket|_count|_sum|_max)?"));
            if (!Metrics.name(one).equals("redis_cluster_reconciler_kubernetes_requests_total")) {
                // The registry is the application's, shared with the other tests of this Quarkus app: a series may
                // carry the labels of a spec another test put in force (RbacCoverageTest's rbac-test namespace), never
                // empty ones.
                assertThat(Metrics.labels(one)).as(one).contains(labels.get(0))
                        .anyMatch(label -> label.matches("namespace=\"[^\"]+\""));
            }
        });
        assertThat(ours).as("series of this pass's spec")
                .filteredOn(one -> !Metrics.name(one).equals("redis_cluster_reconciler_kubernetes_requests_total"))
                .anySatisfy(one -> assertThat(Metrics.labels(one)).as(one).containsAll(labels));
        assertThat(ours).filteredOn(one -> Metrics.name(one).equals("redis_cluster_reconciler_kubernetes_requests_total"))
                .allSatisfy(one -> assertThat(Metrics.labels(one)).as(one).anyMatch(label -> label.startsWith("cluster=")))
                .anySatisfy(one -> assertThat(Metrics.labels(one)).as(one).containsAll(labels));
    }

    @Test
    void statusShowsTheSpecInForceAndTheLastPass() {
        loop.runPass();
        client.services().inNamespace(NS).withName("redis-access-service").delete();
        loop.runPass();

        given().get("/status").then().statusCode(200)
                .body("leader.leads", equalTo(true))
                .body("leader.lease", equalTo("none: leader election is disabled"))
                .body("spec.inForce.name", equalTo("redis-app"))
                .body("spec.inForce.masters", equalTo(3))
                .body("spec.inForce.storage.nfsServer", equalTo("192.168.184.122"))
                .body("lastPass.converged", equalTo(false))
                .body("lastPass.objectChanges", hasSize(1))
                .body("lastPass.objectChanges[0].object", equalTo("Service redis-test/redis-access-service"))
                .body("lastPass.objectChanges[0].action", equalTo("created"))
                .body("lastPass.cluster.expectedPods", equalTo(6))
                .body("pods", hasSize(0));
    }

    private List<Event> events() {
        return client.v1().events().inNamespace(NS).list().getItems();
    }

    private static Tuple created(String object) {
        return Tuple.tuple("Created", "created " + object, "Normal");
    }
}
