package io.github.rediscluster.reconciler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stand-in provisioner makes a PV for a claim of its StorageClass, which the binder then binds, and grows it when
 * the claim asks for more; a pod left by a StatefulSet deleted without its pods is adopted by the new one.
 */
@EnableKubernetesMockClient(crud = true)
class StorageProvisionerTest {

    private static final String NS = "default";

    KubernetesClient client;

    private ClusterSnapshot snapshot() {
        return ClusterSnapshot.read(client, NS);
    }

    private PersistentVolumeClaim claim(String name) {
        return client.persistentVolumeClaims().inNamespace(NS).withName(name).get();
    }

    @Test
    void aClaimOfItsClassGetsAVolumeOverASandboxDirectoryAndGrowsWhenItAsksForMore() {
        StorageProvisioner provisioner = new StorageProvisioner(client, NS);
        VolumeBinder binder = new VolumeBinder(client, NS, java.time.Clock.systemUTC());
        provisioner.registerStorageClass();
        assertThat(client.storage().v1().storageClasses().withName(Sandbox.STORAGE_CLASS).get().getAllowVolumeExpansion()).isTrue();
        client.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("redis-data-redis-app-0").endMetadata()
                .withNewSpec().withStorageClassName(Sandbox.STORAGE_CLASS).withAccessModes("ReadWriteOnce")
                    .withNewResources().addToRequests("storage", new Quantity("200M")).endResources().endSpec()
                .withNewStatus().withPhase("Pending").endStatus()
                .build()).create();
        client.persistentVolumeClaims().inNamespace(NS).resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("other-class").endMetadata()
                .withNewSpec().withStorageClassName("elsewhere").withAccessModes("ReadWriteOnce")
                    .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec()
                .build()).create();

        provisioner.sync(snapshot());
        binder.sync(snapshot());

        PersistentVolumeClaim bound = claim("redis-data-redis-app-0");
        assertThat(bound.getStatus().getPhase()).isEqualTo("Bound");
        assertThat(bound.getStatus().getCapacity()).containsEntry("storage", new Quantity("200M"));
        PersistentVolume volume = client.persistentVolumes().withName(bound.getSpec().getVolumeName()).get();
        assertThat(volume.getSpec().getHostPath().getPath()).startsWith("/local-path/pvc-").endsWith("_default_redis-data-redis-app-0");
        assertThat(volume.getSpec().getStorageClassName()).isEqualTo(Sandbox.STORAGE_CLASS);
        assertThat(client.persistentVolumes().list().getItems()).as("no PV for another provisioner's class").hasSize(1);

        client.persistentVolumeClaims().inNamespace(NS).withName("redis-data-redis-app-0").edit(claim -> {
            claim.getSpec().getResources().getRequests().put("storage", new Quantity("1Gi"));
            return claim;
        });
        provisioner.sync(snapshot());

        assertThat(client.persistentVolumes().withName(volume.getMetadata().getName()).get().getSpec().getCapacity())
                .containsEntry("storage", new Quantity("1Gi"));
        assertThat(claim("redis-data-redis-app-0").getStatus().getCapacity()).containsEntry("storage", new Quantity("1Gi"));
    }

    @Test
    void aPodWhoseStatefulSetWasDeletedIsAdoptedByTheNewOneAndKeepsItsUid() {
        StatefulSet old = client.apps().statefulSets().inNamespace(NS).resource(statefulSet()).create();
        String uid = client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("redis-app-0")
                .withLabels(Map.of("app", "redis", StatefulSetController.REVISION_LABEL, StatefulSetController.revision(old)))
                .withOwnerReferences(PodAdoption.controllerReference(old)).endMetadata()
                .build()).create().getMetadata().getUid();
        client.apps().statefulSets().inNamespace(NS).withName("redis-app")
                .withPropagationPolicy(DeletionPropagation.ORPHAN).delete();
        assertThat(client.pods().inNamespace(NS).list().getItems()).as("the pod stays").hasSize(1);
        StatefulSet recreated = client.apps().statefulSets().inNamespace(NS).resource(statefulSet()).create();

        // Same template, same revision: the adopted pod is current and is not rolled.
        new StatefulSetController(client, NS).sync(snapshot());

        assertThat(client.pods().inNamespace(NS).list().getItems()).singleElement().satisfies(pod -> {
            assertThat(pod.getMetadata().getUid()).isEqualTo(uid);
            assertThat(pod.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(recreated.getMetadata().getUid()));
        });
        assertThat(PodAdoption.adoptable(recreated, client.pods().inNamespace(NS).withName("redis-app-0").get(),
                List.of(recreated))).as("owned now").isFalse();
    }

    private static StatefulSet statefulSet() {
        return new StatefulSetBuilder().withNewMetadata().withName("redis-app").endMetadata()
                .withNewSpec().withReplicas(1).withPodManagementPolicy("Parallel")
                    .withNewSelector().withMatchLabels(Map.of("app", "redis")).endSelector()
                    .withNewTemplate().withNewMetadata().withLabels(Map.of("app", "redis")).endMetadata()
                        .withNewSpec().addNewContainer().withName("redis").withImage("redis").endContainer().endSpec()
                    .endTemplate()
                .endSpec().build();
    }
}
