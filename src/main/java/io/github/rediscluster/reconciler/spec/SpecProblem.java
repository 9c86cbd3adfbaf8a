package io.github.rediscluster.reconciler.spec;

/** One reason a spec was refused: the property key and what is wrong with its value. */
public record SpecProblem(String key, String message) {

    @Override
    public String toString() {
        return key + ": " + message;
    }
}
