package io.github.rediscluster.reconciler.apply;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The PV-to-claim bindings that exist are the truth. A hand-built cluster's PVs had no claimRef, so the binder paired
 * them with the claims as it pleased ({@code redis-data-redis-app-1} may live on {@code nfs-pv1}): re-pointing them by
 * ordinal would swap data between pods. So a desired PV keeps the claim of this cluster it is bound to live, and a PV
 * is pre-bound by ordinal only to a claim that no other PV serves (in practice: the claims of new pods). Pure.
 */
final class ClaimBindings {

    private ClaimBindings() {
    }

    /** @param listed every live PV by name */
    static List<PersistentVolume> keepingLive(List<PersistentVolume> desired, Map<String, PersistentVolume> listed) {
        Set<String> served = listed.values().stream().map(ClaimBindings::claimOf).flatMap(Optional::stream)
                .map(ClaimBindings::key).collect(Collectors.toSet());
        return desired.stream().map(volume -> keepingLive(volume, listed.get(volume.getMetadata().getName()), served)).toList();
    }

    private static PersistentVolume keepingLive(PersistentVolume desired, PersistentVolume live, Set<String> served) {
        ObjectReference wanted = desired.getSpec().getClaimRef();
        if (wanted == null) {
            return desired;
        }
        Optional<ObjectReference> bound = Optional.ofNullable(live).flatMap(ClaimBindings::claimOf);
        if (bound.isPresent()) {
            // Only a claim of this cluster's pods in its namespace: any other binding is refused as before, with the remedy.
            boolean ours = Objects.equals(bound.get().getNamespace(), wanted.getNamespace())
                    && claimPrefix(bound.get().getName()).equals(claimPrefix(wanted.getName()));
            return ours ? withClaim(desired, new ObjectReferenceBuilder(bound.get()).build()) : desired;
        }
        return served.contains(key(wanted)) ? withClaim(desired, null) : desired;
    }

    private static PersistentVolume withClaim(PersistentVolume desired, ObjectReference claim) {
        return new PersistentVolumeBuilder(desired).editSpec().withClaimRef(claim).endSpec().build();
    }

    private static Optional<ObjectReference> claimOf(PersistentVolume volume) {
        return Optional.ofNullable(volume.getSpec()).map(spec -> spec.getClaimRef())
                .filter(ref -> ref.getName() != null && !ref.getName().isEmpty());
    }

    private static String key(ObjectReference claim) {
        return claim.getNamespace() + "/" + claim.getName();
    }

    /** {@code redis-data-redis-app-} of {@code redis-data-redis-app-3}: the claims of one StatefulSet's pods. */
    static String claimPrefix(String claim) {
        return claim.replaceFirst("\\d+$", "");
    }
}
