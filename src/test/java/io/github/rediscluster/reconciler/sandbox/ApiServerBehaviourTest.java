package io.github.rediscluster.reconciler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sandbox API stores objects as kube-apiserver does, whichever verb wrote them. */
class ApiServerBehaviourTest {

    private final KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(),
            new HashMap<>(), new ApiServerBehaviour(new KubernetesCrudDispatcher()), false);
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server.init();
        client = server.createClient().inNamespace("db");
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    private static PersistentVolume volume(String storageClass) {
        return new PersistentVolumeBuilder().withNewMetadata().withName("nfs-pv1").endMetadata()
                .withNewSpec().withStorageClassName(storageClass).withAccessModes("ReadWriteMany")
                    .withCapacity(Map.of("storage", new Quantity("1024Mi")))
                    .withNewNfs().withServer("10.0.0.1").withPath("/pv1").endNfs()
                .endSpec().build();
    }

    @Test
    void aPersistentVolumeIsStoredWithoutItsEmptyStorageClassAndWithItsDefaultsWhateverTheVerb() {
        client.persistentVolumes().resource(volume("")).create();
        PersistentVolume created = client.persistentVolumes().withName("nfs-pv1").get();

        assertThat(created.getSpec().getStorageClassName()).isNull();
        assertThat(created.getSpec().getVolumeMode()).isEqualTo("Filesystem");
        assertThat(created.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");
        assertThat(created.getSpec().getCapacity().get("storage")).hasToString("1Gi");
        assertThat(created.getStatus().getPhase()).isEqualTo("Pending");

        created.getSpec().setStorageClassName("");
        assertThat(client.persistentVolumes().resource(created).update().getSpec().getStorageClassName()).as("PUT").isNull();

        client.persistentVolumes().withName("nfs-pv1").edit(pv -> new PersistentVolumeBuilder(pv).editSpec()
                .withStorageClassName("").withCapacity(Map.of("storage", new Quantity("2048Mi"))).endSpec().build());
        PersistentVolume patched = client.persistentVolumes().withName("nfs-pv1").get();
        assertThat(patched.getSpec().getStorageClassName()).as("PATCH").isNull();
        assertThat(patched.getSpec().getCapacity().get("storage")).hasToString("2Gi");
    }

    @Test
    void aNodePortServiceIsAllocatedAddressesThatAnUpdateWithoutThemKeeps() {
        Service sent = new ServiceBuilder().withNewMetadata().withName("access").endMetadata()
                .withNewSpec().withType("NodePort").addNewPort().withName("client").withPort(6379).endPort().endSpec().build();

        Service created = client.services().resource(sent).create();

        assertThat(created.getSpec().getClusterIP()).startsWith("10.96.");
        assertThat(created.getSpec().getClusterIPs()).containsExactly(created.getSpec().getClusterIP());
        assertThat(created.getSpec().getIpFamilies()).containsExactly("IPv4");
        assertThat(created.getSpec().getIpFamilyPolicy()).isEqualTo("SingleStack");
        assertThat(created.getSpec().getSessionAffinity()).isEqualTo("None");
        assertThat(created.getSpec().getExternalTrafficPolicy()).isEqualTo("Cluster");
        assertThat(created.getSpec().getInternalTrafficPolicy()).isEqualTo("Cluster");
        assertThat(created.getSpec().getPorts().get(0).getProtocol()).isEqualTo("TCP");
        assertThat(created.getSpec().getPorts().get(0).getTargetPort().getIntVal()).isEqualTo(6379);
        int nodePort = created.getSpec().getPorts().get(0).getNodePort();
        assertThat(nodePort).isBetween(30000, 32767);

        Service again = new ServiceBuilder(sent).editMetadata()
                .withResourceVersion(created.getMetadata().getResourceVersion()).endMetadata().build();
        Service updated = client.services().resource(again).update();
        assertThat(updated.getSpec().getClusterIP()).isEqualTo(created.getSpec().getClusterIP());
        assertThat(updated.getSpec().getPorts().get(0).getNodePort()).isEqualTo(nodePort);
    }

    @Test
    void aHeadlessServiceStaysHeadless() {
        Service created = client.services().resource(new ServiceBuilder().withNewMetadata().withName("peers").endMetadata()
                .withNewSpec().withClusterIP("None").withPublishNotReadyAddresses(false)
                    .addNewPort().withPort(6379).endPort().endSpec().build()).create();

        assertThat(created.getSpec().getClusterIPs()).containsExactly("None");
        assertThat(created.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(created.getSpec().getPublishNotReadyAddresses()).as("false is omitted").isNull();
    }

    @Test
    void aStatefulSetIsStoredWithTheDefaultsOfItsSpecAndPodTemplate() {
        StatefulSet created = client.apps().statefulSets().resource(new StatefulSetBuilder()
                .withNewMetadata().withName("redis-app").endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", "redis").endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "redis").endMetadata()
                        .withNewSpec().addNewContainer().withName("redis").withImage("redis:7.2")
                            .withNewReadinessProbe().withNewTcpSocket().withNewPort(6379).endTcpSocket().endReadinessProbe()
                        .endContainer().endSpec()
                    .endTemplate()
                .endSpec().build()).create();

        assertThat(created.getSpec().getPodManagementPolicy()).isEqualTo("OrderedReady");
        assertThat(created.getSpec().getRevisionHistoryLimit()).isEqualTo(10);
        assertThat(created.getSpec().getUpdateStrategy().getRollingUpdate().getPartition()).isZero();
        assertThat(created.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled()).isEqualTo("Retain");
        assertThat(created.getSpec().getTemplate().getSpec().getDnsPolicy()).isEqualTo("ClusterFirst");
        assertThat(created.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30L);
        assertThat(created.getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(created.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe().getPeriodSeconds())
                .isEqualTo(10);
    }

    @Test
    void objectsOfOtherKindsPassUnchangedButForEmptyFields() {
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
                .withData(Map.of("k", "v")).build()).create();

        assertThat(client.configMaps().withName("c").get().getData()).isEqualTo(Map.of("k", "v"));
        assertThat(client.configMaps().list().getItems()).hasSize(1);
    }
}
