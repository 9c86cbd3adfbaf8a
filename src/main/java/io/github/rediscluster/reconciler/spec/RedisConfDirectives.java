package io.github.rediscluster.reconciler.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The open-ended {@code redis-cluster.redis-conf.<directive>} keys: any redis.conf directive passes through to the
 * pods' redis.conf, except those the service sets itself or cannot work with, and a few whose values are checked here
 * so that a typo is refused with its key instead of leaving every redis-server pod crash-looping on a config it cannot
 * load.
 */
public final class RedisConfDirectives {

    public static final String PREFIX = SpecKeys.PREFIX + "redis-conf.";

    /** How the configuration reference names the family, its default and what it is. */
    public static final String REFERENCE_KEY = PREFIX + "<directive>";
    public static final String REFERENCE_DEFAULT = "see below";
    public static final String REFERENCE_DOC =
            "A `redis.conf` directive of the image's Redis, its value checked against its type (see below):"
                    + " `redis-cluster.redis-conf.maxmemory=1gb`.";

    /**
     * redis.conf directives the service sets itself: the pods, probes, volumes and the topology code depend on them,
     * so a user value would break the cluster rather than tune it.
     */
    public static final Map<String, String> RESERVED = Map.of(
            "port", "set " + SpecKeys.PORT.name() + " instead",
            "cluster-enabled", "the service only manages Redis Cluster nodes",
            "cluster-config-file", "nodes.conf must stay on the PersistentVolume",
            "dir", "the data directory must stay on the PersistentVolume",
            "daemonize", "redis-server must stay in the foreground of its container",
            "cluster-announce-ip", "each pod announces its own IP from the downward API",
            "requirepass", "name a Secret holding the password in " + SpecKeys.AUTH_SECRET.name() + " instead: a password"
                    + " in a ConfigMap is readable by anyone who can read ConfigMaps, and the reconciler must know it too",
            "masterauth", "set from the Secret named in " + SpecKeys.AUTH_SECRET.name() + ", together with requirepass"
                    + " (replicas authenticate to their masters with the same password)");

    /**
     * Directives the service cannot work with yet: the reconciler talks to every pod, and the Services and pods expose
     * the bus on port + 10000.
     */
    public static final Map<String, String> UNSUPPORTED = Map.of(
            "masteruser", "ACL users for replication are not supported: the reconciler, the probes and replication"
                    + " all use the default user with the password of " + SpecKeys.AUTH_SECRET.name(),
            "cluster-port", "the cluster bus is always " + SpecKeys.PORT.name() + " + 10000, which the pods and Services"
                    + " expose");

    /** Value patterns of directives the cluster depends on. */
    public static final Map<String, String> VALUES = Map.of(
            "cluster-node-timeout", "[1-9][0-9]*",
            "appendonly", "yes|no",
            "protected-mode", "yes|no",
            "cluster-require-full-coverage", "yes|no");

    private static final Pattern DIRECTIVE = Pattern.compile("[a-z][a-z0-9-]*");

    private RedisConfDirectives() {
    }

    /**
     * The directives among {@code properties} (prefixed keys, values stripped), by name in the order given; each
     * refused one is added to {@code problems} instead. A refused value is never quoted for {@code requirepass} and
     * {@code masterauth}: their values are passwords.
     */
    static Map<String, String> read(Map<String, String> properties, List<SpecProblem> problems) {
        Map<String, String> directives = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            if (!key.startsWith(PREFIX)) {
                return;
            }
            String directive = key.substring(PREFIX.length());
            if (!DIRECTIVE.matcher(directive).matches()) {
                problems.add(new SpecProblem(key, "'" + directive + "' is not a redis.conf directive name"));
            } else if (RESERVED.containsKey(directive)) {
                problems.add(new SpecProblem(key, "is set by the service: " + RESERVED.get(directive)));
            } else if (UNSUPPORTED.containsKey(directive)) {
                problems.add(new SpecProblem(key, "is not supported: " + UNSUPPORTED.get(directive)));
            } else if (value.isEmpty() || value.contains("\n") || value.contains("\r")) {
                problems.add(new SpecProblem(key, "must be a non-empty value on one line"));
            } else if (VALUES.containsKey(directive) && !value.matches(VALUES.get(directive))) {
                problems.add(new SpecProblem(key, "must match " + VALUES.get(directive) + ", got '" + value + "'"));
            } else {
                directives.put(directive, value);
            }
        });
        return directives;
    }
}
