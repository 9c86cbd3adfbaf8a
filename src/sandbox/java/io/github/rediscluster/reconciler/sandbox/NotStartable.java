package io.github.rediscluster.reconciler.sandbox;

/**
 * Why a pod's container cannot start yet, as the kubelet would say it in the container's waiting state
 * (reason and message); the kubelet tries again on its next sync.
 */
final class NotStartable extends Exception {

    private final String reason;

    NotStartable(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
