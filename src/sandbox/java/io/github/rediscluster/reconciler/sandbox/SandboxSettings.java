package io.github.rediscluster.reconciler.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a sandbox runs: its directory, the namespace it serves, its node names, how often its controllers
 * and kubelet sync, and which redis-server to run (see {@link RedisServerBinary#locate}), by image when {@code images}
 * has rules (see {@link ImageBinaries}).
 */
public record SandboxSettings(Path root, String namespace, List<String> nodes, Duration syncPeriod,
        Optional<String> redisServer, boolean redisServerFromPath, String images) {

    public static final List<String> DEFAULT_NODES = List.of("sandbox-node-1", "sandbox-node-2", "sandbox-node-3");
    public static final Duration DEFAULT_SYNC_PERIOD = Duration.ofMillis(200);

    public SandboxSettings {
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a sandbox needs at least one node");
        }
    }

    /** Tests: three nodes, redis-server from REDIS_SERVER or the embedded artifact (never PATH, so a run is reproducible). */
    public static SandboxSettings forTests(Path root, String namespace) {
        return new SandboxSettings(root, namespace, DEFAULT_NODES, DEFAULT_SYNC_PERIOD, Optional.empty(), false, "");
    }

    /** These settings with the image rules of {@link ImageBinaries} (e.g. a Redis upgrade played from 6.2 to 7.0). */
    public SandboxSettings withImages(String rules) {
        return new SandboxSettings(root, namespace, nodes, syncPeriod, redisServer, redisServerFromPath, rules);
    }
}
