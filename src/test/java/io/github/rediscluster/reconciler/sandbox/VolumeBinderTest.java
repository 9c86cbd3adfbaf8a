package io.github.rediscluster.reconciler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which PV a pending claim gets, with literal PVs and claims. */
class VolumeBinderTest {

    private static final PersistentVolumeClaim CLAIM = claim("redis-data-redis-app-0", "uid-new", "", "100Mi");

    @Test
    void thePvPreBoundToTheClaimWinsOverAnyOtherThatFits() {
        List<PersistentVolume> volumes = List.of(unclaimed("spare", "", "1Gi"), preBound("nfs-pv1", "redis-data-redis-app-0", null));

        assertThat(name(VolumeBinder.volumeFor(CLAIM, "default", volumes, Set.of()))).contains("nfs-pv1");
    }

    @Test
    void aPvStillHoldingAnotherClaimsUidIsNotBoundEvenByName() {
        List<PersistentVolume> volumes = List.of(preBound("nfs-pv1", "redis-data-redis-app-0", "uid-old"));

        assertThat(VolumeBinder.volumeFor(CLAIM, "default", volumes, Set.of())).isEmpty();
        assertThat(name(VolumeBinder.volumeFor(CLAIM, "default",
                List.of(preBound("nfs-pv1", "redis-data-redis-app-0", "uid-new")), Set.of())))
                .as("the claim's own uid").contains("nfs-pv1");
    }

    @Test
    void aPvPreBoundInAnotherNamespaceOrToAnotherClaimIsNotMatched() {
        List<PersistentVolume> volumes = List.of(preBound("nfs-pv1", "redis-data-redis-app-1", null));

        assertThat(VolumeBinder.volumeFor(CLAIM, "default", volumes, Set.of())).isEmpty();
        assertThat(VolumeBinder.volumeFor(CLAIM, "other", List.of(preBound("nfs-pv1", "redis-data-redis-app-0", null)),
                Set.of())).isEmpty();
    }

    @Test
    void anUnclaimedPvMustHaveTheClassTheRoomAndTheAccessModeAndBeFree() {
        assertThat(name(VolumeBinder.volumeFor(CLAIM, "default", List.of(unclaimed("a", null, "200M")), Set.of())))
                .as("no class equals the empty class; 200M holds 100Mi").contains("a");
        assertThat(VolumeBinder.volumeFor(CLAIM, "default", List.of(unclaimed("b", "fast", "1Gi")), Set.of()))
                .as("another class").isEmpty();
        assertThat(VolumeBinder.volumeFor(CLAIM, "default", List.of(unclaimed("c", "", "100M")), Set.of()))
                .as("100M is less than 100Mi").isEmpty();
        assertThat(VolumeBinder.volumeFor(CLAIM, "default", List.of(unclaimed("d", "", "1Gi")), Set.of("d")))
                .as("taken by another claim").isEmpty();
        PersistentVolume readOnly = new PersistentVolumeBuilder(unclaimed("e", "", "1Gi"))
                .editSpec().withAccessModes("ReadOnlyMany").endSpec().build();
        assertThat(VolumeBinder.volumeFor(CLAIM, "default", List.of(readOnly), Set.of())).as("access mode").isEmpty();
    }

    private static Optional<String> name(Optional<PersistentVolume> volume) {
        return volume.map(found -> found.getMetadata().getName());
    }

    private static PersistentVolumeClaim claim(String name, String uid, String storageClass, String size) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(name).withNamespace("default").withUid(uid).endMetadata()
                .withNewSpec().withStorageClassName(storageClass).withAccessModes("ReadWriteOnce")
                    .withNewResources().addToRequests("storage", new Quantity(size)).endResources()
                .endSpec()
                .build();
    }

    private static PersistentVolume unclaimed(String name, String storageClass, String size) {
        return new PersistentVolumeBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withStorageClassName(storageClass).withAccessModes("ReadWriteOnce")
                    .addToCapacity("storage", new Quantity(size))
                    .withNewNfs().withServer("10.0.0.5").withPath("/exports/" + name).endNfs()
                .endSpec()
                .build();
    }

    private static PersistentVolume preBound(String name, String claim, String uid) {
        return new PersistentVolumeBuilder(unclaimed(name, "", "200M"))
                .editSpec().withNewClaimRef().withNamespace("default").withName(claim).withUid(uid).endClaimRef().endSpec()
                .build();
    }
}
