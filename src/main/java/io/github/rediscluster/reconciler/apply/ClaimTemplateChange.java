package io.github.rediscluster.reconciler.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * How the StatefulSet's claim template (the volumeClaimTemplates, immutable in place) would change: not at all, only
 * a larger size (which the service makes by re-creating the StatefulSet, see {@link VolumeGrowth}), a smaller size or
 * another kind of storage (both refused), or anything else (refused with the usual manual re-creation). Pure, on the
 * live and the merged JSON of {@code /spec/volumeClaimTemplates}.
 */
record ClaimTemplateChange(Kind kind, String liveSize, String wantedSize, String liveClass, String wantedClass) {

    static final String POINTER = "/spec/volumeClaimTemplates";
    private static final String CLASS = "/0/spec/storageClassName";
    private static final String SIZE = "/0/spec/resources/requests/storage";

    enum Kind {
        NONE,
        GROW,
        SHRINK,
        SWITCH,
        OTHER
    }

    static ClaimTemplateChange of(JsonNode live, JsonNode wanted) {
        String liveSize = live.at(SIZE).asText("");
        String wantedSize = wanted.at(SIZE).asText("");
        String liveClass = live.at(CLASS).asText("");
        String wantedClass = wanted.at(CLASS).asText("");
        Kind kind;
        if (live.isMissingNode() || live.equals(wanted)) {
            kind = Kind.NONE;
        } else if (!liveClass.equals(wantedClass)) {
            kind = Kind.SWITCH;
        } else if (!withoutSize(live).equals(withoutSize(wanted))) {
            kind = Kind.OTHER;
        } else {
            kind = bySize(liveSize, wantedSize);
        }
        return new ClaimTemplateChange(kind, liveSize, wantedSize, liveClass, wantedClass);
    }

    private static Kind bySize(String liveSize, String wantedSize) {
        Optional<BigDecimal> live = bytes(liveSize);
        Optional<BigDecimal> wanted = bytes(wantedSize);
        if (live.isEmpty() || wanted.isEmpty()) {
            return Kind.OTHER;
        }
        int order = wanted.get().compareTo(live.get());
        return order == 0 ? Kind.NONE : order > 0 ? Kind.GROW : Kind.SHRINK;
    }

    /** A quantity in bytes; empty when the text is none. */
    static Optional<BigDecimal> bytes(String quantity) {
        try {
            return quantity.isEmpty() ? Optional.empty() : Optional.of(Quantity.getAmountInBytes(new Quantity(quantity)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static JsonNode withoutSize(JsonNode templates) {
        JsonNode copy = templates.deepCopy();
        JsonNode requests = copy.at("/0/spec/resources/requests");
        if (requests.isObject()) {
            ((ObjectNode) requests).remove("storage");
        }
        return copy;
    }

    static String storageName(String storageClass) {
        return storageClass.isEmpty() ? "static NFS PVs" : "StorageClass " + storageClass;
    }
}
