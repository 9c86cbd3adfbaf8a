package io.github.rediscluster.reconciler.apply;

import java.util.Optional;

/**
 * What the Redis side of a pass said about the pods beyond the spec's pod count; the objects side of the next
 * pass reads it before it lets the StatefulSet shrink.
 *
 * @param specPods the spec's pod count when the pass looked
 * @param releasedDownTo set when every pod from this ordinal on holds nothing the cluster needs
 */
public record PodRelease(int specPods, Optional<Integer> releasedDownTo) {

    /** Whether the StatefulSet may go down to {@code pods}: the last pass released every pod from there on. */
    public boolean allows(int pods) {
        return specPods == pods && releasedDownTo.filter(released -> released <= pods).isPresent();
    }
}
