package io.github.rediscluster.reconciler.desired;

import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.OptionalInt;

/** Names and paths of everything the service generates, in one place so that they never disagree. */
public final class ClusterNames {

    /** Name of the volumeClaimTemplate; the StatefulSet controller names claims {@code <this>-<pod>}. */
    public static final String DATA_VOLUME = "redis-data";
    public static final String CONFIG_VOLUME = "redis-conf";
    public static final String CONFIG_KEY = "redis.conf";
    public static final String DATA_DIR = "/var/lib/redis";
    public static final String CONFIG_DIR = "/etc/redis";
    public static final String NODES_CONF = DATA_DIR + "/nodes.conf";
    public static final String CONTAINER = "redis";
    public static final String CLIENT_PORT_NAME = "client";
    public static final String BUS_PORT_NAME = "gossip";

    private ClusterNames() {
    }

    public static String podName(ClusterSpec spec, int ordinal) {
        return spec.name() + "-" + ordinal;
    }

    /** The ordinal of a pod of the StatefulSet ({@code <name>-<ordinal>}); empty for a pod of another name. */
    public static OptionalInt ordinal(ClusterSpec spec, String podName) {
        String prefix = spec.name() + "-";
        if (!podName.startsWith(prefix) || !podName.substring(prefix.length()).matches("\\d+")) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Integer.parseInt(podName.substring(prefix.length())));
    }

    /** The claim the StatefulSet creates for pod {@code ordinal}, which PV {@code ordinal + 1} is pre-bound to. */
    public static String claimName(ClusterSpec spec, int ordinal) {
        return DATA_VOLUME + "-" + podName(spec, ordinal);
    }

    public static String persistentVolumeName(ClusterSpec spec, int ordinal) {
        return spec.storage().pvPrefix() + (ordinal + 1);
    }

    public static String nfsPath(ClusterSpec spec, int ordinal) {
        String base = spec.storage().nfsPath();
        return (base.endsWith("/") ? base : base + "/") + "pv" + (ordinal + 1);
    }
}
