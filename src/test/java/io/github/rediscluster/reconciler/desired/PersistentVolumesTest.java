package io.github.rediscluster.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Quantity;
import io.github.rediscluster.reconciler.testing.Specs;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersistentVolumesTest {

    @Test
    void onePreBoundRetainedNfsVolumePerPod() {
        List<PersistentVolume> volumes = PersistentVolumes.desired(Specs.classic());

        assertThat(volumes).extracting(pv -> pv.getMetadata().getName())
                .containsExactly("nfs-pv1", "nfs-pv2", "nfs-pv3", "nfs-pv4", "nfs-pv5", "nfs-pv6");
        PersistentVolume first = volumes.get(0);
        assertThat(first.getMetadata().getNamespace()).isNull();
        assertThat(first.getSpec().getCapacity()).containsEntry("storage", new Quantity("200M"));
        assertThat(first.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
        assertThat(first.getSpec().getPersistentVolumeReclaimPolicy()).isEqualTo("Retain");
        assertThat(first.getSpec().getStorageClassName()).isEmpty();
        assertThat(first.getSpec().getNfs().getServer()).isEqualTo("192.168.184.122");
        assertThat(first.getSpec().getNfs().getPath()).isEqualTo("/usr/local/k8s/redis/pv1");
        assertThat(volumes.get(5).getSpec().getNfs().getPath()).isEqualTo("/usr/local/k8s/redis/pv6");
    }

    /** PV i+1 must serve exactly the claim the StatefulSet controller creates for pod i. */
    @Test
    void claimRefNamesTheClaimOfItsPod() {
        List<PersistentVolume> volumes = PersistentVolumes.desired(Specs.classic());

        assertThat(volumes.get(0).getSpec().getClaimRef().getName()).isEqualTo("redis-data-redis-app-0");
        assertThat(volumes.get(5).getSpec().getClaimRef().getName()).isEqualTo("redis-data-redis-app-5");
        assertThat(volumes.get(0).getSpec().getClaimRef().getNamespace()).isEqualTo("default");
        assertThat(volumes.get(0).getSpec().getClaimRef().getKind()).isEqualTo("PersistentVolumeClaim");
        String template = RedisStatefulSet.desired(Specs.classic()).getSpec().getVolumeClaimTemplates().get(0)
                .getMetadata().getName();
        assertThat(template + "-redis-app-0").isEqualTo(volumes.get(0).getSpec().getClaimRef().getName());
    }

    @Test
    void labelledAsStorageOfTheCluster() {
        PersistentVolume volume = PersistentVolumes.desired(Specs.classic(), 0);

        assertThat(volume.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/name", "redis")
                .containsEntry("app.kubernetes.io/instance", "redis-app")
                .containsEntry("app.kubernetes.io/component", "storage")
                .containsEntry("app.kubernetes.io/managed-by", "redis-cluster-reconciler");
    }
}
