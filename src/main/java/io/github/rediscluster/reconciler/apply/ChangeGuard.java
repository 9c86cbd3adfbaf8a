package io.github.rediscluster.reconciler.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** A change the service must not make in place, even though the spec asks for it. */
public interface ChangeGuard {

    /**
     * @param live the object as it is
     * @param merged the object as it would be written; a refused change is put back to its live value here
     * @return why the change was refused and what the user can do, empty when it may go ahead
     */
    Optional<String> check(ObjectNode live, ObjectNode merged);

    /** Puts the live value at {@code pointer} back into {@code merged}; the live object has the field's parent. */
    static void restore(ObjectNode merged, String pointer, JsonNode liveValue) {
        int slash = pointer.lastIndexOf('/');
        ObjectNode parent = (ObjectNode) merged.at(pointer.substring(0, slash));
        String field = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (liveValue.isMissingNode()) {
            parent.remove(field);
        } else {
            parent.set(field, liveValue.deepCopy());
        }
    }

    static String dotted(String pointer) {
        return pointer.substring(1).replace('/', '.').replace("~1", "/").replace("~0", "~");
    }

    static String compact(JsonNode value) {
        String text = value.toString();
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }
}
