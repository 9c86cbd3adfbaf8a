package io.github.rediscluster.reconciler.sandbox;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * A stand-in dynamic provisioner, as a local-path provisioner is: a claim of one of its StorageClasses gets a
 * hostPath PV it makes over a sandbox directory ({@code hostpath/local-path/pvc-<uid>_<namespace>_<claim>}),
 * pre-bound to the claim, which the {@link VolumeBinder} then binds. It honours expansion at once, online: a bound
 * claim requesting more than its PV has gets the PV's capacity and its own {@code status.capacity} raised. The
 * sandbox registers {@link #STORAGE_CLASS} at start, with {@code allowVolumeExpansion: true}.
 */
final class StorageProvisioner {

    static final String STORAGE_CLASS = "sandbox-local";
    static final String PROVISIONER = "sandbox.local/local-path";
    private static final Logger LOG = Logger.getLogger(StorageProvisioner.class);

    private final KubernetesClient client;
    private final String namespace;
    /** Writes made so far; the sandbox reads the API again after a step that wrote. */
    int writes;

    StorageProvisioner(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /** The StorageClass a spec names to have its claims provisioned here; made again if it is already there. */
    void registerStorageClass() {
        client.storage().v1().storageClasses().resource(new StorageClassBuilder()
                .withNewMetadata().withName(STORAGE_CLASS).endMetadata()
                .withProvisioner(PROVISIONER)
                .withReclaimPolicy("Delete")
                .withVolumeBindingMode("Immediate")
                .withAllowVolumeExpansion(true)
                .build()).createOr(existing -> existing.update());
    }

    void sync(ClusterSnapshot snapshot) {
        Set<String> ours = client.storage().v1().storageClasses().list().getItems().stream()
                .filter(storageClass -> PROVISIONER.equals(storageClass.getProvisioner()))
                .map(storageClass -> storageClass.getMetadata().getName())
                .collect(Collectors.toSet());
        Map<String, PersistentVolume> volumes = snapshot.volumes().stream()
                .collect(Collectors.toMap(volume -> volume.getMetadata().getName(), volume -> volume));
        for (PersistentVolumeClaim claim : snapshot.claims()) {
            if (!ours.contains(claim.getSpec().getStorageClassName())) {
                continue;
            }
            String volumeName = claim.getSpec().getVolumeName();
            if (volumeName == null && !volumes.containsKey(volumeNameFor(claim))) {
                provision(claim);
            } else if (volumeName != null && volumes.containsKey(volumeName)) {
                expand(claim, volumes.get(volumeName));
            }
        }
    }

    private static String volumeNameFor(PersistentVolumeClaim claim) {
        return "pvc-" + claim.getMetadata().getUid();
    }

    private void provision(PersistentVolumeClaim claim) {
        String name = volumeNameFor(claim);
        String directory = "/local-path/" + name + "_" + namespace + "_" + claim.getMetadata().getName();
        PersistentVolume volume = new PersistentVolumeBuilder()
                .withNewMetadata().withName(name)
                    .withAnnotations(Map.of("pv.kubernetes.io/provisioned-by", PROVISIONER)).endMetadata()
                .withNewSpec()
                    .withCapacity(Map.of("storage", requested(claim).orElse(new Quantity("1Gi"))))
                    .withAccessModes(claim.getSpec().getAccessModes())
                    .withStorageClassName(claim.getSpec().getStorageClassName())
                    .withPersistentVolumeReclaimPolicy(reclaimPolicy(claim.getSpec().getStorageClassName()))
                    .withNewHostPath().withPath(directory).withType("DirectoryOrCreate").endHostPath()
                    .withClaimRef(new ObjectReferenceBuilder().withApiVersion("v1").withKind("PersistentVolumeClaim")
                            .withNamespace(namespace).withName(claim.getMetadata().getName())
                            .withUid(claim.getMetadata().getUid()).build())
                .endSpec()
                .build();
        client.persistentVolumes().resource(volume).create();
        writes++;
        LOG.infof("Sandbox: provisioned PV %s (%s) for claim %s", name, directory, claim.getMetadata().getName());
    }

    /** Online expansion, as a driver that grows the file system without a pod restart does. */
    private void expand(PersistentVolumeClaim claim, PersistentVolume volume) {
        Optional<Quantity> requested = requested(claim);
        Quantity capacity = volume.getSpec().getCapacity().get("storage");
        if (requested.isEmpty() || capacity == null
                || Quantity.getAmountInBytes(requested.get()).compareTo(Quantity.getAmountInBytes(capacity)) <= 0) {
            return;
        }
        volume.getSpec().getCapacity().put("storage", requested.get());
        client.persistentVolumes().resource(volume).update();
        if (claim.getStatus() != null) {
            claim.getStatus().setCapacity(Map.of("storage", requested.get()));
            client.persistentVolumeClaims().inNamespace(namespace).resource(claim).updateStatus();
        }
        writes++;
        LOG.infof("Sandbox: expanded PV %s of claim %s from %s to %s", volume.getMetadata().getName(),
                claim.getMetadata().getName(), capacity, requested.get());
    }

    private String reclaimPolicy(String storageClass) {
        StorageClass found = client.storage().v1().storageClasses().withName(storageClass).get();
        return found == null || found.getReclaimPolicy() == null ? "Delete" : found.getReclaimPolicy();
    }

    private static Optional<Quantity> requested(PersistentVolumeClaim claim) {
        return Optional.ofNullable(claim.getSpec().getResources())
                .map(resources -> resources.getRequests())
                .map(requests -> requests.get("storage"));
    }
}
