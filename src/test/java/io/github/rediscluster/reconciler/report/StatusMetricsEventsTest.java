package io.github.rediscluster.reconciler.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import io.github.rediscluster.reconciler.spec.SpecStore;
import io.github.rediscluster.reconciler.testing.Metrics;
import io.github.rediscluster.reconciler.testing.MockApi;
import io.github.rediscluster.reconciler.testing.SpecFile;
import io.quarkus.test.junit.QuarkusTest;
import io.github.rediscluster.reconciler.testing.RealApiServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
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
    private static final String CREATED_PVS = "reconciler_drift_repaired_total{action=\"created\",kind=\"PersistentVolume\"}";
    private static final String UPDATED_SERVICES = "reconciler_drift_repaired_total{action=\"updated\",kind=\"Service\"}";
    private static final String NOT_CONVERGED = "reconciler_passes_total{outcome=\"not_converged\"}";

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
                created("PodDisruptionBudget redis-test/redis-app"));
        assertThat(events()).allSatisfy(event -> {
            assertThat(event.getInvolvedObject().getKind()).isEqualTo("StatefulSet");
            assertThat(event.getInvolvedObject().getName()).isEqualTo("redis-app");
            assertThat(event.getInvolvedObject().getUid()).isNotBlank();
        });

        loop.runPass();
        loop.runPass();

        assertThat(events()).as("Events after two steady passes").hasSize(11);
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
        assertThat(Metrics.value(after, CREATED_PVS) - Metrics.value(before, CREATED_PVS)).isEqualTo(6);
        assertThat(Metrics.value(after, UPDATED_SERVICES) - Metrics.value(before, UPDATED_SERVICES)).isEqualTo(1);
        assertThat(Metrics.value(after, NOT_CONVERGED) - Metrics.value(before, NOT_CONVERGED)).isEqualTo(2);
        assertThat(after).containsEntry("redis_cluster_nodes_expected", 6.0)
                .containsEntry("redis_cluster_pods_answering", 0.0)
                .containsEntry("redis_cluster_state_ok", 0.0)
                .containsKey("reconciler_pass_duration_seconds_count")
                .containsKey("reconciler_last_successful_pass_age_seconds")
                .containsEntry("reconciler_leader", 1.0)
                .containsKey("reconciler_passes_total{outcome=\"failed\"}");
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
