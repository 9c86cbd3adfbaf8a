package io.github.rediscluster.reconciler.kube;

/**
 * A field the API server refuses to change in place, with what the user can do instead.
 *
 * @param pointer JSON pointer of the field, e.g. {@code /spec/selector}
 * @param remedy what to do when the spec needs another value there; {name} and {namespace} stand for the object's
 */
public record ImmutableField(String pointer, String remedy) {
}
