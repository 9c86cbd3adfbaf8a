package io.github.rediscluster.reconciler.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import io.github.rediscluster.reconciler.apiserver.StoredForm;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Compares a live object with the desired one on the fields the service owns, and computes the object to
 * write back. Pure, on JSON trees, so it is unit-tested with literal objects.
 *
 * <p>The desired object is overlaid onto the live one: fields the desired object does not name (status,
 * resourceVersion, a Service's clusterIP, defaults the API server filled in, other tools' annotations) are
 * kept as they are, so they never count as drift. Lists are owned whole: their items are matched by
 * {@code name} where every item has one (else by position) and merged the same way, so server defaults
 * inside an item (a port's nodePort, a probe's successThreshold) survive; extra items are dropped.
 *
 * <p>Live and merged are compared in the form the API server stores them ({@link StoredForm}): a field the server
 * omits when empty (a PV's {@code storageClassName: ""}) or fills with its default (an unset {@code imagePullPolicy})
 * is the same on both sides, while an owned field someone changed (a storage class set by hand) still differs.
 */
public final class ObjectDrift {

    /** Where Kubernetes quantities live: the API server re-writes them in canonical form (1024Mi -> 1Gi). */
    private static final Set<String> QUANTITY_MAPS = Set.of("requests", "limits", "capacity");

    /**
     * Label selectors are owned whole, not merged: a Service of a hand-built cluster taken over that kept a key of its
     * old selector ({@code appCluster}) would select none of the pods the spec's template makes.
     */
    private static final Set<String> OWNED_WHOLE = Set.of("selector", "matchLabels");

    private ObjectDrift() {
    }

    /**
     * @param merged the live object with the desired fields applied, refused changes left as they are live
     * @param drifted dotted paths of the fields that differ (empty when nothing is to be written)
     * @param refused changes a guard refused (e.g. an immutable field), each with the remedy
     */
    public record Result(ObjectNode merged, List<String> drifted, List<String> refused, List<String> diff) {

        public Result(ObjectNode merged, List<String> drifted, List<String> refused) {
            this(merged, drifted, refused, drifted);
        }

        public boolean hasDrift() {
            return !drifted.isEmpty();
        }
    }

    /** How a live object is compared with its desired form: {@link ObjectDrift#compare(ObjectNode, ObjectNode, KindRules)}. */
    @FunctionalInterface
    public interface Comparer {

        Result compare(ObjectNode live, ObjectNode desired, KindRules rules);
    }

    /** Compares the forms the API server stores: what it defaults or omits is no drift (see {@link StoredForm}). */
    public static Result compare(ObjectNode live, ObjectNode desired, KindRules rules) {
        return compare(live, desired, rules, StoredForm::of);
    }

    /**
     * @param storedForm what the API server makes of an object it is sent; the identity compares objects as sent,
     *         which a real server turns into endless phantom drift (the tests use it to show the sandbox catches that)
     */
    public static Result compare(ObjectNode live, ObjectNode desired, KindRules rules, UnaryOperator<ObjectNode> storedForm) {
        ObjectNode merged = (ObjectNode) overlay(live, withoutNulls(desired), "");
        List<String> refused = new ArrayList<>();
        rules.guards().forEach(guard -> guard.check(live, merged).ifPresent(refused::add));
        rules.beforeWrite().accept(merged);
        List<String> drifted = new ArrayList<>();
        List<String> diff = new ArrayList<>();
        differences(storedForm.apply(live), storedForm.apply(merged), "", drifted, diff);
        return new Result(merged, drifted, refused, diff);
    }

    private static JsonNode overlay(JsonNode live, JsonNode desired, String fieldName) {
        if (live == null || live.isNull() || live.getNodeType() != desired.getNodeType()) {
            return equalQuantities(live, desired, fieldName) ? live : desired.deepCopy();
        }
        if (desired.isObject() && OWNED_WHOLE.contains(fieldName)) {
            return desired.deepCopy();
        }
        if (desired.isObject()) {
            ObjectNode result = ((ObjectNode) live).deepCopy();
            Iterator<Map.Entry<String, JsonNode>> fields = desired.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String childContext = QUANTITY_MAPS.contains(fieldName) ? fieldName : field.getKey();
                result.set(field.getKey(), overlay(live.get(field.getKey()), field.getValue(), childContext));
            }
            return result;
        }
        if (desired.isArray()) {
            return overlayList((ArrayNode) live, (ArrayNode) desired, fieldName);
        }
        return equalQuantities(live, desired, fieldName) ? live : desired.deepCopy();
    }

    private static ArrayNode overlayList(ArrayNode live, ArrayNode desired, String fieldName) {
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        if (allNamed(desired) && allNamed(live)) {
            Map<String, JsonNode> liveByName = new HashMap<>();
            live.forEach(item -> liveByName.put(item.get("name").asText(), item));
            desired.forEach(item -> result.add(overlay(liveByName.get(item.get("name").asText()), item, fieldName)));
        } else {
            for (int i = 0; i < desired.size(); i++) {
                result.add(overlay(i < live.size() ? live.get(i) : null, desired.get(i), fieldName));
            }
        }
        return result;
    }

    private static boolean allNamed(ArrayNode items) {
        for (JsonNode item : items) {
            if (!item.isObject() || !item.path("name").isTextual()) {
                return false;
            }
        }
        return true;
    }

    /** Inside resource requests/limits and PV capacity, 1Gi and 1024Mi are the same value. */
    private static boolean equalQuantities(JsonNode live, JsonNode desired, String fieldName) {
        if (!QUANTITY_MAPS.contains(fieldName) || live == null || !live.isTextual() || !desired.isTextual()) {
            return false;
        }
        try {
            return Quantity.getAmountInBytes(new Quantity(live.asText()))
                    .compareTo(Quantity.getAmountInBytes(new Quantity(desired.asText()))) == 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> {
                if (!field.getValue().isNull()) {
                    copy.set(field.getKey(), withoutNulls(field.getValue()));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(withoutNulls(item)));
            return copy;
        }
        return node;
    }

    /**
     * @param out the dotted paths that differ
     * @param diff the same, each as {@code path: live -> wanted} (values shortened): what a dry run shows
     */
    private static void differences(JsonNode live, JsonNode merged, String path, List<String> out, List<String> diff) {
        if (live != null && live.isObject() && merged.isObject()) {
            merged.fieldNames().forEachRemaining(name ->
                    differences(live.get(name), merged.get(name), path.isEmpty() ? name : path + "." + name, out, diff));
            live.fieldNames().forEachRemaining(name -> {
                if (!merged.has(name)) {
                    String removed = path.isEmpty() ? name : path + "." + name;
                    out.add(removed);
                    diff.add(removed + ": " + ChangeGuard.compact(live.get(name)) + " -> (removed)");
                }
            });
        } else if (live != null && live.isArray() && merged.isArray() && live.size() == merged.size()) {
            for (int i = 0; i < merged.size(); i++) {
                differences(live.get(i), merged.get(i), path + "[" + i + "]", out, diff);
            }
        } else if (!merged.equals(live)) {
            out.add(path);
            diff.add(path + ": " + (live == null ? "(none)" : ChangeGuard.compact(live)) + " -> " + ChangeGuard.compact(merged));
        }
    }
}
