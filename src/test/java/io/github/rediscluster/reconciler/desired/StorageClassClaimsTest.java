package io.github.rediscluster.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.Specs;
import org.junit.jupiter.api.Test;

/** With a StorageClass the claims ask its provisioner for the volumes, and the service makes no PersistentVolume. */
class StorageClassClaimsTest {

    @Test
    void claimTemplateNamesTheStorageClassReadWriteOnceByDefault() {
        ClusterSpec spec = Specs.withStorageClass("fast-ssd", "redis-cluster.storage.size", "1Gi");

        PersistentVolumeClaim claim = RedisStatefulSet.desired(spec).getSpec().getVolumeClaimTemplates().get(0);

        assertThat(claim.getMetadata().getName()).isEqualTo(ClusterNames.DATA_VOLUME);
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("fast-ssd");
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("1Gi"));
        assertThat(claim.getMetadata().getLabels()).containsEntry(ClusterLabels.COMPONENT, PersistentVolumes.COMPONENT);
    }

    @Test
    void theAccessModeComesFromTheSpec() {
        ClusterSpec spec = Specs.withStorageClass("shared", "redis-cluster.storage.access-mode", "ReadWriteMany");

        assertThat(RedisStatefulSet.desired(spec).getSpec().getVolumeClaimTemplates().get(0).getSpec().getAccessModes())
                .containsExactly("ReadWriteMany");
    }

    @Test
    void noPersistentVolumeIsMade() {
        ClusterSpec spec = Specs.withStorageClass("fast-ssd");

        assertThat(PersistentVolumes.desired(spec)).isEmpty();
        assertThat(DesiredState.of(spec).persistentVolumes()).isEmpty();
    }

    @Test
    void withNfsTheClaimsStayOnTheStaticVolumes() {
        ClusterSpec spec = Specs.classic();

        PersistentVolumeClaim claim = RedisStatefulSet.desired(spec).getSpec().getVolumeClaimTemplates().get(0);

        assertThat(claim.getSpec().getStorageClassName()).isEmpty();
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
        assertThat(PersistentVolumes.desired(spec)).hasSize(6);
    }
}
