package io.github.rediscluster.reconciler.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.github.rediscluster.reconciler.desired.PersistentVolumes;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.Specs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live PV-claim bindings are kept; a PV is pre-bound by ordinal only to a claim no PV serves. */
class ClaimBindingsTest {

    private static final ClusterSpec SPEC = Specs.classicWith("redis-cluster.masters", "4");

    private static PersistentVolume bound(int pv, String namespace, String claim) {
        PersistentVolume volume = PersistentVolumes.desired(SPEC, pv - 1);
        return new PersistentVolumeBuilder(volume).editSpec().withClaimRef(new ObjectReferenceBuilder().withKind("PersistentVolumeClaim")
                .withApiVersion("v1").withNamespace(namespace).withName(claim).withUid("u-" + claim).build()).endSpec().build();
    }

    private static PersistentVolume unbound(int pv) {
        return new PersistentVolumeBuilder(PersistentVolumes.desired(SPEC, pv - 1)).editSpec().withClaimRef(null).endSpec().build();
    }

    private static String claimOf(PersistentVolume volume) {
        return volume.getSpec().getClaimRef() == null ? "none" : volume.getSpec().getClaimRef().getName();
    }

    @Test
    void boundPvsKeepTheirClaimsPvsOfNewPodsArePreBoundAndNoClaimServedElsewhereIsTakenTwice() {
        Map<String, PersistentVolume> live = new LinkedHashMap<>();
        live.put("nfs-pv1", bound(1, "default", "redis-data-redis-app-1"));
        live.put("nfs-pv2", bound(2, "default", "redis-data-redis-app-0"));
        live.put("nfs-pv3", unbound(3));
        live.put("nfs-pv4", bound(4, "default", "redis-data-redis-app-2"));

        List<String> claims = ClaimBindings.keepingLive(PersistentVolumes.desired(SPEC), live).stream()
                .map(ClaimBindingsTest::claimOf).toList();

        assertThat(claims).containsExactly("redis-data-redis-app-1", "redis-data-redis-app-0", "none",
                "redis-data-redis-app-2", "redis-data-redis-app-4", "redis-data-redis-app-5", "redis-data-redis-app-6",
                "redis-data-redis-app-7");
    }

    @Test
    void aBindingToAnotherNamespaceOrAnotherStatefulSetIsLeftToTheGuardThatRefusesIt() {
        Map<String, PersistentVolume> live = Map.of("nfs-pv1", bound(1, "elsewhere", "redis-data-redis-app-0"),
                "nfs-pv2", bound(2, "default", "data-other-1"));

        List<PersistentVolume> desired = ClaimBindings.keepingLive(PersistentVolumes.desired(SPEC), live);

        assertThat(desired.get(0).getSpec().getClaimRef().getNamespace()).isEqualTo("default");
        assertThat(claimOf(desired.get(1))).isEqualTo("redis-data-redis-app-1");
    }
}
