package io.github.rediscluster.reconciler.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks {@code redis-cluster.redis-conf.*} values as the Redis of the spec's image would read them, so that a value
 * Redis refuses is a bad spec value (named key, reason, nothing applied) rather than pods crash-looping at their next
 * restart. Pure: the directive table ({@link RedisDirectives}) is the judge, not a running pod.
 *
 * <p>Order of checks: directives that would break the cluster or the reconciler are refused whatever their value;
 * directives unknown to the image's Redis (typos, other versions) are refused with the closest known name; then the
 * value is checked against the directive's type.
 */
public final class RedisConfValidation {

    private static final String TLS = "the service sets the TLS directives from " + SpecKeys.TLS_SECRET.name()
            + " (the reconciler, the probes and the exporter must use the same certificates and port)";
    private static final String ANNOUNCE = "each pod announces its own pod IP and the spec's port, which the reconciler"
            + " and the other nodes reach it on";
    private static final String ACL = "ACL users in redis.conf are not supported: the probes and replication use the"
            + " default user with the password of " + SpecKeys.AUTH_SECRET.name() + ", and the reconciler's own user ("
            + SpecKeys.AUTH_RECONCILER_USER.name() + ") is given on the pods' command line";
    private static final String DATA_FILE = "a restarted pod would look for its data under the new name and start empty"
            + " (the old file stays on the volume)";

    /** Directives refused whatever their value, with the reason; {@code tls-*} is refused as a family. */
    public static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("replicaof", "the reconciler attaches replicas with CLUSTER REPLICATE; a cluster node refuses to"
                    + " start with replicaof"),
            Map.entry("slaveof", "the reconciler attaches replicas with CLUSTER REPLICATE; a cluster node refuses to start"
                    + " with slaveof"),
            Map.entry("bind", "redis-server must listen on the pod IP, where the reconciler, the probes and the other nodes"
                    + " reach it"),
            Map.entry("bind-source-addr", "cluster bus connections must leave from the pod IP"),
            Map.entry("rename-command", "the reconciler and the probes send CLUSTER, CONFIG, INFO and ROLE by name"),
            Map.entry("cluster-announce-port", ANNOUNCE),
            Map.entry("cluster-announce-bus-port", ANNOUNCE),
            Map.entry("cluster-announce-tls-port", ANNOUNCE),
            Map.entry("cluster-announce-hostname", ANNOUNCE),
            Map.entry("cluster-preferred-endpoint-type", ANNOUNCE + "; clients are sent to pod IPs"),
            Map.entry("replica-announce-ip", ANNOUNCE),
            Map.entry("replica-announce-port", ANNOUNCE),
            Map.entry("slave-announce-ip", ANNOUNCE),
            Map.entry("slave-announce-port", ANNOUNCE),
            Map.entry("include", "the ConfigMap is the whole redis.conf: no other file is mounted in the pods"),
            Map.entry("loadmodule", "modules are not supported: the image has none, and no other file is mounted"),
            Map.entry("user", ACL),
            Map.entry("aclfile", ACL),
            Map.entry("logfile", "redis-server must log to its container's output, where kubectl logs finds it"),
            Map.entry("unixsocket", "nothing outside the container could reach the socket"),
            Map.entry("unixsocketperm", "nothing outside the container could reach the socket"),
            Map.entry("dbfilename", DATA_FILE),
            Map.entry("appendfilename", DATA_FILE),
            Map.entry("appenddirname", DATA_FILE),
            Map.entry("set-proc-title", "redis-server must rewrite its process title, which keeps the password given"
                    + " with auth out of the process list"));

    private RedisConfValidation() {
    }

    /** Every problem of {@code directives} (directive name to value) for the Redis that {@code image} runs. */
    public static List<SpecProblem> problems(String image, Map<String, String> directives) {
        RedisVersion version = RedisVersion.ofImage(image);
        List<SpecProblem> problems = new ArrayList<>();
        directives.forEach((directive, value) -> problem(version, image, directive, value)
                .ifPresent(problem -> problems.add(new SpecProblem(RedisConfDirectives.PREFIX + directive, problem))));
        return problems;
    }

    static Optional<String> problem(RedisVersion version, String image, String directive, String value) {
        if (REFUSED.containsKey(directive)) {
            return Optional.of("is not allowed: " + REFUSED.get(directive));
        }
        if (directive.startsWith("tls-")) {
            return Optional.of("is not allowed: " + TLS);
        }
        Optional<RedisDirectives.Directive> known = RedisDirectives.find(directive);
        if (known.isEmpty()) {
            return Optional.of("is not a redis.conf directive of Redis " + version + closest(directive, version)
                    .map(name -> "; did you mean " + name + "?").orElse(""));
        }
        if (known.get().change(version).isEmpty()) {
            return Optional.of("is not a directive of Redis " + version + " (image " + image + "): "
                    + (known.get().change(RedisVersion.V7_0).isPresent() ? "it came with Redis 7.0" : "Redis 7.0 removed it"));
        }
        return known.get().type().problem(value).map(problem -> problem + ", got '" + value + "'");
    }

    private static Optional<String> closest(String directive, RedisVersion version) {
        return RedisDirectives.all().values().stream()
                .filter(known -> known.change(version).isPresent() && !REFUSED.containsKey(known.name()))
                .map(RedisDirectives.Directive::name)
                .filter(name -> SpecParser.editDistance(name, directive) <= 3)
                .min(Comparator.comparingInt(name -> SpecParser.editDistance(name, directive)));
    }
}
