package io.github.rediscluster.reconciler.observe;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;

/**
 * How long a new pod is left to get going before what holds it up counts as a problem (the setting
 * {@code reconciler.pod-problems.grace-period}). A pod a second old is normally Unschedulable because its claim is not
 * bound yet, or waiting for its image: the scheduler retries within seconds (backoff 1 s doubling to 10 s) and the PV
 * controller binds within its 15 s sync period, so telling it as a problem would be a false alarm.
 *
 * @param period how long after its creation a pod is on its way; zero: never
 * @param now when the pass looks
 */
public record StartGrace(Duration period, Instant now) {

    /** No grace: whatever holds a pod up is a problem at once. */
    public static final StartGrace NONE = new StartGrace(Duration.ZERO, Instant.EPOCH);

    public StartGrace {
        if (period.isNegative()) {
            throw new IllegalArgumentException("a grace period cannot be negative, got " + period);
        }
    }

    /**
     * Whether the pod was created less than the period ago. A pod without a creation time (an API server always sets
     * one) or with one that cannot be read is not: a problem is better told than hidden.
     */
    boolean onItsWay(Pod pod) {
        if (period.isZero() || pod.getMetadata() == null || pod.getMetadata().getCreationTimestamp() == null) {
            return false;
        }
        Instant created = PodEvents.instant(pod.getMetadata().getCreationTimestamp());
        return !created.equals(Instant.EPOCH) && created.plus(period).isAfter(now);
    }
}
