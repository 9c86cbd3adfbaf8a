package io.github.rediscluster.reconciler.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;

/**
 * Walks a JSON object along a dotted path where {@code name[]} stands for every item of the list {@code name}, e.g.
 * {@code spec.template.spec.containers[]}; the empty path is the object itself. A step that is missing selects
 * nothing, so the tables of this package name every field a kind may have without checking which ones are set.
 */
final class JsonPaths {

    private JsonPaths() {
    }

    /** Calls {@code action} with every object the path selects. */
    static void each(JsonNode root, String path, Consumer<ObjectNode> action) {
        each(root, path.isEmpty() ? List.of() : List.of(path.split("\\.")), action);
    }

    private static void each(JsonNode node, List<String> steps, Consumer<ObjectNode> action) {
        if (steps.isEmpty()) {
            if (node instanceof ObjectNode object) {
                action.accept(object);
            }
            return;
        }
        String step = steps.get(0);
        List<String> rest = steps.subList(1, steps.size());
        if (step.endsWith("[]")) {
            node.path(step.substring(0, step.length() - 2)).forEach(item -> each(item, rest, action));
        } else {
            JsonNode child = node.path(step);
            if (!child.isMissingNode()) {
                each(child, rest, action);
            }
        }
    }

    /** Splits {@code a.b[].c} into the parent path {@code a.b[]} and the field {@code c}. */
    static String[] parentAndField(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? new String[] {"", path} : new String[] {path.substring(0, dot), path.substring(dot + 1)};
    }
}
