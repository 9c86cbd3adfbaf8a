package io.github.rediscluster.reconciler.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.github.rediscluster.reconciler.desired.PersistentVolumes;
import io.github.rediscluster.reconciler.testing.Specs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which live objects are this cluster's, and which NFS directories are taken: pure rules on literal objects. */
class OwnershipTest {

    private final PersistentVolume desired = PersistentVolumes.desired(Specs.classic(), 0);

    @Test
    void ourAnnotationMakesItOursEvenWithItsLabelsEditedAway() {
        PersistentVolume live = new PersistentVolumeBuilder(desired).editMetadata().withLabels(null).endMetadata().build();

        assertThat(Ownership.refusal(live, desired)).isEmpty();
    }

    @Test
    void madeBeforeTheAnnotationItIsOursByItsLabelsAndClaimNamespace() {
        PersistentVolume legacy = new PersistentVolumeBuilder(desired).editMetadata().withAnnotations(null).endMetadata().build();
        PersistentVolume otherNamespace = new PersistentVolumeBuilder(legacy).editSpec().editClaimRef().withNamespace("other")
                .endClaimRef().endSpec().build();

        assertThat(Ownership.refusal(legacy, desired)).isEmpty();
        assertThat(Ownership.refusal(otherNamespace, desired)).hasValueSatisfying(refusal -> assertThat(refusal)
                .contains("its labels name another cluster"));
    }

    @Test
    void anotherClustersOrNobodysObjectIsRefused() {
        PersistentVolume other = new PersistentVolumeBuilder(desired).editMetadata()
                .addToAnnotations("redis-cluster-reconciler/cluster", "cache/redis-app").endMetadata().build();
        PersistentVolume unlabelled = new PersistentVolumeBuilder(desired).editMetadata().withLabels(null).withAnnotations(null)
                .endMetadata().build();

        assertThat(Ownership.refusal(other, desired)).hasValueSatisfying(refusal -> assertThat(refusal)
                .startsWith("exists but was not made by this service for cluster default/redis-app (it belongs to cluster"
                        + " cache/redis-app)"));
        assertThat(Ownership.refusal(unlabelled, desired)).hasValueSatisfying(refusal -> assertThat(refusal)
                .contains("no label app.kubernetes.io/managed-by=redis-cluster-reconciler").contains("redis-cluster.adopt=true"));
    }

    @Test
    void anNfsDirectoryOfAnotherPvOrInsideOrAroundOneIsTaken() {
        assertThat(SharedNfsPaths.refusal(desired, List.of(desired))).as("itself").isEmpty();
        assertThat(SharedNfsPaths.refusal(desired, List.of(pv("a", "192.168.184.122", "/usr/local/k8s/redis/pv2")))).isEmpty();
        assertThat(SharedNfsPaths.refusal(desired, List.of(pv("a", "10.0.0.9", "/usr/local/k8s/redis/pv1")))).as("other server")
                .isEmpty();
        for (String taken : List.of("/usr/local/k8s/redis/pv1/", "/usr/local//k8s/redis/pv1", "/usr/local/k8s", "/",
                "/usr/local/k8s/redis/pv1/inner")) {
            assertThat(SharedNfsPaths.refusal(desired, List.of(pv("theirs", "192.168.184.122", taken)))).as(taken)
                    .hasValueSatisfying(refusal -> assertThat(refusal).startsWith("its NFS directory"
                            + " 192.168.184.122:/usr/local/k8s/redis/pv1 is already used by PV theirs"));
        }
    }

    private static PersistentVolume pv(String name, String server, String path) {
        return new PersistentVolumeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNewNfs().withServer(server).withPath(path).endNfs().endSpec().build();
    }
}
