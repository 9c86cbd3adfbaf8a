package io.github.rediscluster.reconciler.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A field the API server refuses to change in place, with what the user can do instead.
 *
 * @param pointer JSON pointer of the field, e.g. {@code /spec/selector}
 * @param remedy what to do when the spec needs another value there; {name} and {namespace} stand for the object's
 */
public record ImmutableField(String pointer, String remedy) implements ChangeGuard {

    @Override
    public Optional<String> check(ObjectNode live, ObjectNode merged) {
        JsonNode liveValue = live.at(pointer);
        JsonNode mergedValue = merged.at(pointer);
        // A field not yet set live may be set: a PV not bound to any claim can still be pre-bound.
        if (liveValue.isMissingNode() || liveValue.equals(mergedValue)) {
            return Optional.empty();
        }
        ChangeGuard.restore(merged, pointer, liveValue);
        return Optional.of(ChangeGuard.dotted(pointer) + " cannot be changed in place (live " + ChangeGuard.compact(liveValue)
                + ", wanted " + ChangeGuard.compact(mergedValue) + "): " + remedy
                        .replace("{name}", live.at("/metadata/name").asText())
                        .replace("{namespace}", live.at("/metadata/namespace").asText()));
    }
}
