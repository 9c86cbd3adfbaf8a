package io.github.rediscluster.reconciler.sandbox;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The PersistentVolume binder: a pending claim gets the PV whose claimRef names it (a pre-bound PV, as the
 * product makes them), otherwise an unclaimed PV of the same class with room and access modes. A claimRef
 * with another claim's uid never binds (the claim was deleted and made again: the PV is Released and an
 * admin must clear the uid, as in a cluster). A bound PV whose claim is gone turns Released. With a binding delay a
 * claim waits until it is that old, as with a PV controller that binds on its periodic sync (every 15 s by default)
 * rather than at once: its pod stays Unschedulable meanwhile.
 */
final class VolumeBinder {

    private static final Logger LOG = Logger.getLogger(VolumeBinder.class);

    private final KubernetesClient client;
    private final String namespace;
    /** Writes made so far; the sandbox reads the API again after a step that wrote. */
    int writes;
    /** How old a claim must be before it is bound; zero binds at once. Set from the test's thread. */
    private volatile Duration delay = Duration.ZERO;

    private final Clock clock;

    VolumeBinder(KubernetesClient client, String namespace, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.clock = clock;
    }

    void delay(Duration delay) {
        this.delay = delay;
    }

    void sync(ClusterSnapshot snapshot) {
        Set<String> taken = new HashSet<>();
        Set<String> bound = new HashSet<>();
        Instant now = clock.instant();
        for (PersistentVolumeClaim claim : snapshot.claims()) {
            if (claim.getSpec().getVolumeName() != null) {
                taken.add(claim.getSpec().getVolumeName());
                continue;
            }
            if (tooYoung(claim, now)) {
                continue;
            }
            volumeFor(claim, namespace, snapshot.volumes(), taken).ifPresent(found -> {
                bind(claim, found);
                taken.add(found.getMetadata().getName());
                bound.add(found.getMetadata().getName());
            });
        }
        // A PV bound just now is stale in the snapshot; its phase was set with the binding.
        snapshot.volumes().stream()
                .filter(volume -> !bound.contains(volume.getMetadata().getName()))
                .forEach(volume -> updatePhase(volume, snapshot.claims()));
    }

    private boolean tooYoung(PersistentVolumeClaim claim, Instant now) {
        String created = claim.getMetadata().getCreationTimestamp();
        return !delay.isZero() && created != null && Instant.parse(created).plus(delay).isAfter(now);
    }

    /** The PV a pending claim binds to: the one pre-bound to it, else an unclaimed one that fits and is not taken. */
    static Optional<PersistentVolume> volumeFor(PersistentVolumeClaim claim, String namespace,
            List<PersistentVolume> volumes, Set<String> taken) {
        return preBound(claim, namespace, volumes).or(() -> matching(claim, volumes, taken));
    }

    private static Optional<PersistentVolume> preBound(PersistentVolumeClaim claim, String namespace,
            List<PersistentVolume> volumes) {
        return volumes.stream().filter(volume -> {
            ObjectReference ref = volume.getSpec().getClaimRef();
            return ref != null && namespace.equals(ref.getNamespace())
                    && claim.getMetadata().getName().equals(ref.getName())
                    && (ref.getUid() == null || ref.getUid().equals(claim.getMetadata().getUid()));
        }).findFirst();
    }

    private static Optional<PersistentVolume> matching(PersistentVolumeClaim claim, List<PersistentVolume> volumes,
            Set<String> taken) {
        Quantity wanted = claim.getSpec().getResources().getRequests().get("storage");
        return volumes.stream()
                .filter(volume -> volume.getSpec().getClaimRef() == null)
                .filter(volume -> !taken.contains(volume.getMetadata().getName()))
                .filter(volume -> Objects.equals(blankToNull(volume.getSpec().getStorageClassName()),
                        blankToNull(claim.getSpec().getStorageClassName())))
                .filter(volume -> volume.getSpec().getAccessModes().containsAll(claim.getSpec().getAccessModes()))
                .filter(volume -> wanted == null || Quantity.getAmountInBytes(volume.getSpec().getCapacity().get("storage"))
                        .compareTo(Quantity.getAmountInBytes(wanted)) >= 0)
                .findFirst();
    }

    private void bind(PersistentVolumeClaim claim, PersistentVolume volume) {
        volume.getSpec().setClaimRef(new ObjectReferenceBuilder()
                .withApiVersion("v1").withKind("PersistentVolumeClaim")
                .withNamespace(namespace).withName(claim.getMetadata().getName())
                .withUid(claim.getMetadata().getUid()).withResourceVersion(claim.getMetadata().getResourceVersion())
                .build());
        PersistentVolume bound = client.persistentVolumes().resource(volume).update();
        bound.setStatus(new PersistentVolumeStatusBuilder().withPhase("Bound").build());
        client.persistentVolumes().resource(bound).updateStatus();

        claim.getSpec().setVolumeName(volume.getMetadata().getName());
        PersistentVolumeClaim updated = client.persistentVolumeClaims().inNamespace(namespace).resource(claim).update();
        updated.setStatus(new PersistentVolumeClaimStatusBuilder()
                .withPhase("Bound")
                .withAccessModes(volume.getSpec().getAccessModes())
                .withCapacity(volume.getSpec().getCapacity())
                .build());
        client.persistentVolumeClaims().inNamespace(namespace).resource(updated).updateStatus();
        writes++;
        LOG.infof("Sandbox: claim %s bound to PV %s", claim.getMetadata().getName(), volume.getMetadata().getName());
    }

    /** Available while unclaimed, Released once its claim is gone; Bound is set when binding. */
    private void updatePhase(PersistentVolume volume, List<PersistentVolumeClaim> claims) {
        ObjectReference ref = volume.getSpec().getClaimRef();
        String phase = volume.getStatus() == null ? null : volume.getStatus().getPhase();
        String wanted;
        if (ref == null || ref.getUid() == null) {
            wanted = "Available";
        } else if (claims.stream().anyMatch(claim -> ref.getUid().equals(claim.getMetadata().getUid()))) {
            wanted = "Bound";
        } else {
            wanted = "Released";
        }
        if (!wanted.equals(phase)) {
            volume.setStatus(new PersistentVolumeStatusBuilder().withPhase(wanted).build());
            client.persistentVolumes().resource(volume).updateStatus();
            writes++;
            if ("Released".equals(wanted)) {
                LOG.infof("Sandbox: PV %s released: its claim %s is gone", volume.getMetadata().getName(), ref.getName());
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
