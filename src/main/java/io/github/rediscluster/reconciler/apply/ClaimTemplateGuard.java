package io.github.rediscluster.reconciler.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Keeps the StatefulSet's claim template (immutable in place) as it is live. A pure size increase passes without a
 * refusal: {@link VolumeGrowth} grows the claims and re-creates the StatefulSet with the larger template. A smaller
 * size, another kind of storage and any other template change are refused, each with the way out.
 */
final class ClaimTemplateGuard implements ChangeGuard {

    @Override
    public Optional<String> check(ObjectNode live, ObjectNode merged) {
        ClaimTemplateChange change = ClaimTemplateChange.of(live.at(ClaimTemplateChange.POINTER),
                merged.at(ClaimTemplateChange.POINTER));
        if (change.kind() == ClaimTemplateChange.Kind.NONE) {
            return Optional.empty();
        }
        String wanted = ChangeGuard.compact(merged.at(ClaimTemplateChange.POINTER));
        ChangeGuard.restore(merged, ClaimTemplateChange.POINTER, live.at(ClaimTemplateChange.POINTER));
        String name = live.at("/metadata/name").asText();
        String namespace = live.at("/metadata/namespace").asText();
        return switch (change.kind()) {
            case GROW -> Optional.empty();
            case SHRINK -> Optional.of("storage.size cannot shrink (live claims of " + change.liveSize() + ", wanted "
                    + change.wantedSize() + "): a volume never gets smaller; put redis-cluster.storage.size back to "
                    + change.liveSize() + " or more");
            case SWITCH -> Optional.of("the pods' volumes cannot move from " + ClaimTemplateChange.storageName(change.liveClass())
                    + " to " + ClaimTemplateChange.storageName(change.wantedClass()) + " in place: the data stays where it"
                    + " is. Put the storage keys back; to move the data, follow \"Switching storage\" in docs/operations.md"
                    + " (pod by pod: copy the data directory into a claim of the new kind, then re-create the StatefulSet"
                    + " with --cascade=orphan)");
            default -> Optional.of(ChangeGuard.dotted(ClaimTemplateChange.POINTER) + " cannot be changed in place (live "
                    + ChangeGuard.compact(live.at(ClaimTemplateChange.POINTER)) + ", wanted " + wanted + "): "
                    + KindRules.RECREATE_STATEFULSET.replace("{name}", name).replace("{namespace}", namespace));
        };
    }
}
