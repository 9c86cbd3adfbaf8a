package io.github.rediscluster.reconciler.apply;

/**
 * What the Redis side of a pass decided about the pods beyond the spec's pod count: every pod from
 * {@code releasedDownTo} on holds nothing the cluster needs. The objects side of the next pass reads it before it lets
 * the StatefulSet shrink; no decision (no pass yet, or one that could not look) lets nothing go.
 *
 * @param specPods the spec's pod count when the pass looked
 * @param releasedDownTo the first ordinal of the pods that may go
 */
public record PodRelease(int specPods, int releasedDownTo) {

    /** Whether the StatefulSet may go down to {@code pods}: the pass released every pod from there on, for this spec. */
    public boolean allows(int pods) {
        return specPods == pods && releasedDownTo <= pods;
    }
}
