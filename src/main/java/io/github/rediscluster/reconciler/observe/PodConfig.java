package io.github.rediscluster.reconciler.observe;

import java.util.Map;
import java.util.Optional;

/**
 * What CONFIG GET answered on one pod for the directives the spec sets, and the pod's Redis version (INFO server).
 *
 * @param values directive to value as CONFIG GET answered it; a directive the pod's Redis does not know is absent
 * @param error why the pod could not be asked; empty when {@code values} holds its answers
 */
public record PodConfig(RedisPod pod, String redisVersion, Map<String, String> values, String error) {

    public PodConfig {
        values = Map.copyOf(values);
    }

    public static PodConfig read(RedisPod pod, String redisVersion, Map<String, String> values) {
        return new PodConfig(pod, redisVersion, values, "");
    }

    public static PodConfig unread(RedisPod pod, String redisVersion, String error) {
        return new PodConfig(pod, redisVersion, Map.of(), error);
    }

    public Optional<String> value(String directive) {
        return Optional.ofNullable(values.get(directive));
    }
}
