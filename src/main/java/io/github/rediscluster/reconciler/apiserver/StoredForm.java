package io.github.rediscluster.reconciler.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * An object as kube-apiserver v1.34 stores it and returns it on every read: with the defaults of its kind filled in
 * ({@link ApiServerDefaults}), without the empty fields the API types omit ({@link OmittedWhenEmpty}), and with its
 * resource quantities in canonical form ({@link CanonicalQuantity}). Pure: the argument is not changed. Applying it
 * twice gives what applying it once gave, so an object read from a real API server is its own stored form.
 *
 * <p>Both sides use it: the service compares stored forms, so what the server adds or leaves out is never taken for
 * drift; the sandbox's API stores what it is sent in this form, as the real server does.
 */
public final class StoredForm {

    /** Resource lists (pkg/apis/core/v1 ResourceList): their values are quantities. */
    private static final Set<String> QUANTITY_MAPS = Set.of("requests", "limits", "capacity", "allocatable");

    private StoredForm() {
    }

    public static ObjectNode of(ObjectNode object) {
        ObjectNode stored = object.deepCopy();
        ApiServerDefaults.apply(stored);
        canonicalQuantities(stored);
        OmittedWhenEmpty.drop(stored);
        return stored;
    }

    private static void canonicalQuantities(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.fields().forEachRemaining(field -> {
                if (QUANTITY_MAPS.contains(field.getKey()) && field.getValue() instanceof ObjectNode quantities) {
                    quantities.fields().forEachRemaining(quantity -> {
                        if (quantity.getValue().isTextual()) {
                            CanonicalQuantity.of(quantity.getValue().asText())
                                    .ifPresent(canonical -> quantities.put(quantity.getKey(), canonical));
                        }
                    });
                } else {
                    canonicalQuantities(field.getValue());
                }
            });
        } else if (node.isArray()) {
            node.forEach(StoredForm::canonicalQuantities);
        }
    }
}
