package io.github.rediscluster.reconciler.spec;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A value for every declared spec key, typed by its {@link SpecKey}, and the redis.conf directives: what the parser
 * read from the properties, or what a test sets. {@link ClusterSpec#of(SpecValues)} turns it into the spec.
 */
public final class SpecValues {

    private final Map<String, Object> values;
    private final Map<String, String> redisConf;

    private SpecValues(Map<String, Object> values, Map<String, String> redisConf) {
        this.values = Map.copyOf(values);
        this.redisConf = Map.copyOf(redisConf);
    }

    public static Builder builder() {
        return new Builder();
    }

    @SuppressWarnings("unchecked") // set(key, value) only stores a T under a SpecKey<T>'s name
    public <T> T get(SpecKey<T> key) {
        return (T) values.get(key.name());
    }

    public Map<String, String> redisConf() {
        return redisConf;
    }

    /** Collects values key by key; {@link #build()} insists on one for every key of {@link SpecKeys#ALL}. */
    public static final class Builder {

        private final Map<String, Object> values = new HashMap<>();
        private Map<String, String> redisConf = Map.of();

        private Builder() {
        }

        public <T> Builder set(SpecKey<T> key, T value) {
            values.put(key.name(), value);
            return this;
        }

        public Builder redisConf(Map<String, String> directives) {
            redisConf = new LinkedHashMap<>(directives);
            return this;
        }

        /** The redis.conf directives read so far. */
        Map<String, String> redisConfSoFar() {
            return redisConf;
        }

        /** The value set for {@code key}, if any: a key whose text was refused has none. */
        @SuppressWarnings("unchecked") // as in get
        <T> Optional<T> find(SpecKey<T> key) {
            return Optional.ofNullable((T) values.get(key.name()));
        }

        public SpecValues build() {
            List<String> missing = SpecKeys.ALL.stream().map(SpecKey::name).filter(name -> values.get(name) == null).toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException("no value for " + missing);
            }
            return new SpecValues(values, redisConf);
        }
    }
}
