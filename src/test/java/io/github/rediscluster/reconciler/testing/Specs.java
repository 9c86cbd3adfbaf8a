package io.github.rediscluster.reconciler.testing;

import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.spec.SpecKeys;
import io.github.rediscluster.reconciler.spec.SpecParseResult;
import io.github.rediscluster.reconciler.spec.SpecParser;
import java.util.HashMap;
import java.util.Map;

/** Literal specs for unit tests, read by the parser: every key not named has its declared default. */
public final class Specs {

    private Specs() {
    }

    /** The classic setup: 3 masters with 1 replica each (the defaults), on NFS, in the namespace {@code default}. */
    public static ClusterSpec classic() {
        return classicWith();
    }

    /** The classic setup with some properties set, e.g. {@code "redis-cluster.port", "7000"}. */
    public static ClusterSpec classicWith(String... keysAndValues) {
        Map<String, String> properties = new HashMap<>();
        properties.put(SpecKeys.NFS_SERVER.name(), "192.168.184.122");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        SpecParseResult result = SpecParser.parse(properties, "default");
        if (result instanceof SpecParseResult.Invalid invalid) {
            throw new IllegalArgumentException(invalid.summary());
        }
        return ((SpecParseResult.Valid) result).spec();
    }
}
