package io.github.rediscluster.reconciler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.apply.ApplyOutcome;
import io.github.rediscluster.reconciler.apply.ApplyOutcome.Action;
import io.github.rediscluster.reconciler.report.PassReport;
import io.github.rediscluster.reconciler.spec.SpecStore;
import io.github.rediscluster.reconciler.testing.ApiRequestLog;
import io.github.rediscluster.reconciler.testing.MockApi;
import io.github.rediscluster.reconciler.testing.SpecFile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Objects the service did not make are never adopted or changed: a PV, ConfigMap or Service that holds one of the
 * names of the spec, or a PV on one of its NFS directories, is refused with the remedy and a Warning Event, and the
 * API's request log shows no write to it.
 */
@WithKubernetesTestServer
@QuarkusTest
class ForeignObjectOwnershipTest {

    private static final String NS = SpecFile.NAMESPACE;

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Inject
    ReconcileLoop loop;

    @Inject
    SpecStore specs;

    private ApiRequestLog requests;

    @BeforeEach
    void startFromEmptyWithTheClassicSpec() {
        SpecFile.write(SpecFile.CLASSIC);
        specs.refresh();
        MockApi.clear(client, NS);
        client.v1().events().inNamespace(client.getNamespace()).delete();
        requests = new ApiRequestLog(server.getKubernetesMockServer());
    }

    @Test
    void foreignObjectsWithOurNamesOrOurNfsDirectoryAreRefusedAndNeverWritten() {
        client.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName("nfs-pv1")
                .addToLabels("team", "billing").endMetadata()
                .withNewSpec().addToCapacity("storage", new Quantity("5Gi")).withAccessModes("ReadWriteOnce")
                    .withNewNfs().withServer("192.168.184.122").withPath("/exports/billing").endNfs().endSpec().build()).create();
        client.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName("billing-data").endMetadata()
                .withNewSpec().addToCapacity("storage", new Quantity("5Gi")).withAccessModes("ReadWriteMany")
                    .withNewNfs().withServer("192.168.184.122").withPath("/usr/local/k8s/redis/pv2").endNfs().endSpec().build()).create();
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("redis-conf").endMetadata()
                .addToData("app.conf", "theirs").build()).create();
        client.services().inNamespace(NS).resource(new ServiceBuilder().withNewMetadata().withName("redis-access-service")
                .addToLabels("app.kubernetes.io/managed-by", "helm").endMetadata()
                .withNewSpec().addNewPort().withPort(80).endPort().endSpec().build()).create();
        requests.drain();

        PassReport report = loop.runPass().orElseThrow();

        List<String> writes = ApiRequestLog.writes(requests.drain());
        assertThat(writes).noneMatch(request -> request.contains("/persistentvolumes/nfs-pv1")
                || request.contains("/persistentvolumes/billing-data") || request.contains("/configmaps/redis-conf")
                || request.contains("/services/redis-access-service"));
        assertThat(writes).filteredOn(request -> request.startsWith("PUT ") || request.startsWith("PATCH ")).isEmpty();
        assertThat(refusal(report, "PersistentVolume nfs-pv1")).contains("not made by this service for cluster redis-test/redis-app")
                .contains("no label app.kubernetes.io/managed-by=redis-cluster-reconciler").contains("delete it")
                .contains("rename the cluster");
        assertThat(refusal(report, "PersistentVolume nfs-pv2")).contains("192.168.184.122:/usr/local/k8s/redis/pv2 is already used"
                + " by PV billing-data").contains("redis-cluster.storage.nfs.path");
        assertThat(refusal(report, "ConfigMap redis-test/redis-conf")).contains("not made by this service");
        assertThat(refusal(report, "Service redis-test/redis-access-service")).contains("not made by this service");
        assertThat(client.persistentVolumes().withName("nfs-pv2").get()).as("the shared directory got no PV of ours").isNull();
        assertThat(client.persistentVolumes().withName("nfs-pv1").get().getSpec().getNfs().getPath()).isEqualTo("/exports/billing");
        assertThat(client.configMaps().inNamespace(NS).withName("redis-conf").get().getData()).isEqualTo(Map.of("app.conf", "theirs"));
        assertThat(report.objectsConverged()).isFalse();
        List<Event> warnings = client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(event -> "ChangeRefused".equals(event.getReason())).toList();
        assertThat(warnings).extracting(Event::getType).containsOnly("Warning");
        assertThat(warnings).extracting(Event::getMessage).anyMatch(message -> message.startsWith("PersistentVolume nfs-pv1: "))
                .anyMatch(message -> message.startsWith("PersistentVolume nfs-pv2: "))
                .anyMatch(message -> message.startsWith("ConfigMap redis-test/redis-conf: "))
                .anyMatch(message -> message.startsWith("Service redis-test/redis-access-service: "));
        // The objects that are free are made as usual.
        assertThat(outcome(report, "PersistentVolume nfs-pv3").action()).isEqualTo(Action.CREATED);
        assertThat(outcome(report, "StatefulSet redis-test/redis-app").action()).isEqualTo(Action.CREATED);
    }

    @Test
    void objectsMadeBeforeTheAnnotationAreStillOursAndGetIt() {
        loop.runPass().orElseThrow();
        client.configMaps().inNamespace(NS).withName("redis-conf").edit(map -> {
            map.getMetadata().setAnnotations(null);
            return map;
        });

        PassReport report = loop.runPass().orElseThrow();

        assertThat(outcome(report, "ConfigMap redis-test/redis-conf").action()).isEqualTo(Action.UPDATED);
        assertThat(client.configMaps().inNamespace(NS).withName("redis-conf").get().getMetadata().getAnnotations())
                .containsEntry("redis-cluster-reconciler/cluster", "redis-test/redis-app");
    }

    @Test
    void anObjectOfAnotherClusterIsNotTaken() {
        loop.runPass().orElseThrow();
        client.services().inNamespace(NS).withName("redis-service").edit(service -> {
            service.getMetadata().getAnnotations().put("redis-cluster-reconciler/cluster", "redis-test/cache");
            service.getSpec().getPorts().get(0).setPort(7000);
            return service;
        });
        requests.drain();

        PassReport report = loop.runPass().orElseThrow();

        assertThat(refusal(report, "Service redis-test/redis-service")).contains("it belongs to cluster redis-test/cache");
        assertThat(ApiRequestLog.writes(requests.drain())).noneMatch(request -> request.contains("/services/redis-service"));
    }

    private static ApplyOutcome outcome(PassReport report, String object) {
        return report.outcomes().stream().filter(outcome -> outcome.object().equals(object)).findFirst().orElseThrow();
    }

    private static String refusal(PassReport report, String object) {
        ApplyOutcome outcome = outcome(report, object);
        assertThat(outcome.action()).as(object).isEqualTo(Action.UNCHANGED);
        assertThat(outcome.refused()).as(object).hasSize(1);
        return outcome.refused().get(0);
    }
}
