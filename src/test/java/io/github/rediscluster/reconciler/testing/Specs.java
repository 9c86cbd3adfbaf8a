package io.github.rediscluster.reconciler.testing;

import io.github.rediscluster.reconciler.spec.AccessServiceType;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.spec.SpecParseResult;
import io.github.rediscluster.reconciler.spec.SpecParser;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Literal specs for unit tests. */
public final class Specs {

    private Specs() {
    }

    /** The classic setup: 3 masters with 1 replica each, on NFS. */
    public static ClusterSpec classic() {
        return new ClusterSpec("redis-app", "default", 3, 1, "redis:7.2", 6379, "redis-conf", "redis-service",
                "redis-access-service", AccessServiceType.ClusterIP,
                new ClusterSpec.Storage("200M", "192.168.184.122", "/usr/local/k8s/redis", "nfs-pv"),
                new ClusterSpec.Resources("100m", "100Mi", Optional.empty(), Optional.empty()),
                Map.of(), Duration.ofSeconds(10), new ClusterSpec.Resharding(1024, 20_000, Duration.ofSeconds(5)),
                Optional.empty(), Optional.empty());
    }

    /** The classic setup with some properties set, e.g. {@code "redis-cluster.port", "7000"}. */
    public static ClusterSpec classicWith(String... keysAndValues) {
        Map<String, String> properties = new HashMap<>();
        properties.put(SpecParser.NFS_SERVER, "192.168.184.122");
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
