package io.github.rediscluster.reconciler.observe;

/**
 * What reading a Secret the spec names gave: what the reconciler needs from it (a password, certificates), or why it
 * cannot have it. Messages name namespace, Secret and key, never a value.
 *
 * @param <T> what the Secret holds for the reconciler
 */
public sealed interface SecretLookup<T> {

    record Found<T>(T value) implements SecretLookup<T> {
    }

    /** @param problem why the reconciler cannot use the Secret, for readiness, the log and a Warning Event */
    record Unavailable<T>(String problem) implements SecretLookup<T> {
    }
}
