package io.github.rediscluster.reconciler.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * What the objects side of a pass did, and the StatefulSet as it read it.
 *
 * @param outcomes one per object, in the order they were brought to their desired state
 * @param statefulSetAsRead the live StatefulSet when this pass read it and did not change it: the Redis side takes its
 *        template revision from it instead of reading it again (empty when the pass created or rewrote it, took it over,
 *        or could not read it: the Redis side then reads it itself)
 */
public record ObjectsPass(List<ApplyOutcome> outcomes, Optional<ObjectNode> statefulSetAsRead) {

    public ObjectsPass {
        outcomes = List.copyOf(outcomes);
    }
}
