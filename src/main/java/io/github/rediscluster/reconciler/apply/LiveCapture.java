package io.github.rediscluster.reconciler.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Refuses nothing: keeps the live object the applier read, so that a later step of the same pass (growing the claim
 * template) works from it without reading the object a second time.
 */
final class LiveCapture implements ChangeGuard {

    private ObjectNode live;

    @Override
    public Optional<String> check(ObjectNode live, ObjectNode merged) {
        this.live = live.deepCopy();
        return Optional.empty();
    }

    /** Empty when the object did not exist (it was just created) or could not be read. */
    Optional<ObjectNode> live() {
        return Optional.ofNullable(live);
    }
}
