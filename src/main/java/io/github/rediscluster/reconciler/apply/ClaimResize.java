package io.github.rediscluster.reconciler.apply;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one claim of a StorageClass needs for the spec's size: nothing, a larger request (the provider then grows the
 * volume), or nothing from the service but time, while the provider has not grown the volume to what the claim
 * requests. Pure: read from the claim as listed. A claim larger than the spec wants is left alone: the claim template
 * refuses the shrink and says so.
 *
 * @param detail for EXPAND, the change; for WAIT, what waits on the provider
 */
record ClaimResize(Step step, String claim, String detail) {

    enum Step {
        NONE,
        EXPAND,
        WAIT
    }

    static ClaimResize of(PersistentVolumeClaim claim, String size) {
        String name = claim.getMetadata().getName();
        String requested = quantity(claim.getSpec().getResources() == null ? null
                : claim.getSpec().getResources().getRequests());
        Optional<BigDecimal> requestedBytes = ClaimTemplateChange.bytes(requested);
        BigDecimal wanted = ClaimTemplateChange.bytes(size).orElseThrow();
        if (requestedBytes.isPresent() && requestedBytes.get().compareTo(wanted) < 0) {
            return new ClaimResize(Step.EXPAND, name, "requests.storage " + requested + " -> " + size);
        }
        String capacity = quantity(claim.getStatus() == null ? null : claim.getStatus().getCapacity());
        Optional<BigDecimal> capacityBytes = ClaimTemplateChange.bytes(capacity);
        if (requestedBytes.isEmpty() || capacityBytes.isEmpty() || capacityBytes.get().compareTo(requestedBytes.get()) >= 0) {
            return new ClaimResize(Step.NONE, name, "");
        }
        return new ClaimResize(Step.WAIT, name, "waits on the storage provider to grow the volume: capacity " + capacity
                + " of " + requested + " requested" + conditions(claim));
    }

    /** Resizing, FileSystemResizePending (the node grows the file system, for some drivers only when the pod restarts)... */
    private static String conditions(PersistentVolumeClaim claim) {
        List<PersistentVolumeClaimCondition> conditions = claim.getStatus().getConditions();
        if (conditions == null || conditions.isEmpty()) {
            return "";
        }
        return " (" + conditions.stream()
                .map(condition -> condition.getType() + (condition.getMessage() == null || condition.getMessage().isBlank()
                        ? "" : ": " + condition.getMessage()))
                .collect(Collectors.joining("; ")) + ")";
    }

    private static String quantity(Map<String, Quantity> quantities) {
        Quantity storage = quantities == null ? null : quantities.get("storage");
        return storage == null ? "" : storage.toString();
    }
}
