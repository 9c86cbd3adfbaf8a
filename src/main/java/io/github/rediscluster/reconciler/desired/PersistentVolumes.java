package io.github.rediscluster.reconciler.desired;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One static NFS PersistentVolume per pod. Each is pre-bound (claimRef) to the claim the StatefulSet creates
 * for its pod, so pod i always gets directory pv(i+1) back, and Retain keeps the data if the claim goes.
 */
public final class PersistentVolumes {

    public static final String COMPONENT = "storage";
    public static final String ACCESS_MODE = "ReadWriteMany";

    private PersistentVolumes() {
    }

    public static List<PersistentVolume> desired(ClusterSpec spec) {
        return IntStream.range(0, spec.podCount()).mapToObj(ordinal -> desired(spec, ordinal)).toList();
    }

    public static PersistentVolume desired(ClusterSpec spec, int ordinal) {
        return new PersistentVolumeBuilder()
                .withNewMetadata()
                    .withName(ClusterNames.persistentVolumeName(spec, ordinal))
                    .withLabels(ClusterLabels.of(spec, COMPONENT))
                    .withAnnotations(ClusterLabels.annotations(spec))
                .endMetadata()
                .withNewSpec()
                    .withCapacity(Map.of("storage", new Quantity(spec.storage().size())))
                    .withAccessModes(ACCESS_MODE)
                    .withPersistentVolumeReclaimPolicy("Retain")
                    .withStorageClassName("")
                    .withNewNfs()
                        .withServer(spec.storage().nfsServer())
                        .withPath(ClusterNames.nfsPath(spec, ordinal))
                    .endNfs()
                    .withNewClaimRef()
                        .withKind("PersistentVolumeClaim")
                        .withApiVersion("v1")
                        .withNamespace(spec.namespace())
                        .withName(ClusterNames.claimName(spec, ordinal))
                    .endClaimRef()
                .endSpec()
                .build();
    }
}
