package io.github.rediscluster.reconciler.spec;

import static io.github.rediscluster.reconciler.spec.ValueRules.check;
import static io.github.rediscluster.reconciler.spec.ValueRules.dnsLabel;
import static io.github.rediscluster.reconciler.spec.ValueRules.dnsSubdomain;
import static io.github.rediscluster.reconciler.spec.ValueRules.duration;
import static io.github.rediscluster.reconciler.spec.ValueRules.matching;
import static io.github.rediscluster.reconciler.spec.ValueRules.oneOf;
import static io.github.rediscluster.reconciler.spec.ValueRules.optional;
import static io.github.rediscluster.reconciler.spec.ValueRules.positiveQuantity;
import static io.github.rediscluster.reconciler.spec.ValueRules.text;
import static io.github.rediscluster.reconciler.spec.ValueRules.wholeNumber;

import io.github.rediscluster.reconciler.spec.SpecKey.Fallback;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every {@code redis-cluster.*} key, declared once: name, default, rule and one line of documentation, in the order
 * of the configuration reference (docs/configuration.md, whose table a test compares with this list). The open-ended
 * {@code redis-conf.*} family is in {@link RedisConfDirectives}.
 */
public final class SpecKeys {

    public static final String PREFIX = "redis-cluster.";

    /** Upper bound on pods: Redis Cluster is designed for at most about 1000 nodes. */
    public static final int MAX_PODS = 1000;
    /** StatefulSet names longer than this break the controller-revision-hash label of their pods. */
    private static final int MAX_STATEFULSET_NAME = 52;

    public static final SpecKey<String> NAME = key("name", "redis-app",
            dnsLabel(MAX_STATEFULSET_NAME, "must be a DNS label (lower-case letters, digits and '-', starting with a letter)"
                    + " of at most " + MAX_STATEFULSET_NAME + " characters"),
            "StatefulSet name; pods are `<name>-0..N-1`. DNS label, at most 52 characters.");
    public static final SpecKey<String> NAMESPACE = key("namespace", new Fallback.ServiceNamespace(),
            dnsLabel(63, "must be a DNS label (lower-case letters, digits and '-', at most 63 characters)"),
            "Namespace of every namespaced object. The RBAC in `kubernetes/` grants rights in the service's own namespace.");
    public static final SpecKey<Integer> MASTERS = key("masters", "3", wholeNumber(1, MAX_PODS),
            "Number of masters (1 to 1000).");
    public static final SpecKey<Integer> REPLICAS_PER_MASTER = key("replicas-per-master", "1", wholeNumber(0, MAX_PODS),
            "Replicas of each master. Pods = `masters * (1 + replicas-per-master)`, at most 1000.");
    public static final SpecKey<String> IMAGE = key("image", "redis:7.2",
            text(value -> check(!value.matches(".*\\s.*"), "must be an image reference without spaces")),
            "redis-server image.");
    public static final SpecKey<Integer> PORT = key("port", "6379", wholeNumber(1, 65535 - ClusterSpec.BUS_PORT_OFFSET),
            "Client port (1 to 55535); the cluster bus is `port + 10000`.");
    public static final SpecKey<String> CONFIG_MAP = key("config-map", "redis-conf", dnsSubdomain(),
            "Name of the ConfigMap holding `redis.conf`.");
    public static final SpecKey<String> HEADLESS_SERVICE = key("headless-service", "redis-service", serviceName(),
            "Name of the headless Service (also the StatefulSet's `serviceName`).");
    public static final SpecKey<String> ACCESS_SERVICE = key("access-service", "redis-access-service", serviceName(),
            "Name of the client access Service; must differ from the headless one.");
    public static final SpecKey<AccessServiceType> ACCESS_SERVICE_TYPE = key("access-service-type", "ClusterIP",
            oneOf(AccessServiceType.class), "`ClusterIP` or `NodePort` (any letter case).");
    public static final SpecKey<String> STORAGE_SIZE = key("storage.size", "200M", positiveQuantity(),
            "Capacity of each PV and claim (a Kubernetes quantity, > 0).");
    public static final SpecKey<Optional<String>> STORAGE_CLASS = key("storage.class",
            new Fallback.None("none (static NFS PVs)"), optional(dnsSubdomain()),
            "StorageClass of the pods' claims: its provisioner makes the volumes and the service makes no PV. Not with"
                    + " the `storage.nfs.*` keys or `storage.pv-prefix`; see [Storage](#storage-nfs-or-a-storageclass).");
    public static final SpecKey<String> STORAGE_ACCESS_MODE = key("storage.access-mode", "ReadWriteOnce",
            text(value -> check(ClusterSpec.Storage.CLAIM_ACCESS_MODES.contains(value),
                    "must be one of " + ClusterSpec.Storage.CLAIM_ACCESS_MODES)),
            "Access mode of the claims with a StorageClass (`ReadWriteOnce`, `ReadWriteOncePod` or `ReadWriteMany`)."
                    + " Only with `redis-cluster.storage.class`: NFS claims are always `ReadWriteMany`.");
    public static final SpecKey<Optional<String>> NFS_SERVER = key("storage.nfs.server",
            new Fallback.None("none; required unless `storage.class` is set"),
            optional(matching("[A-Za-z0-9]([-A-Za-z0-9.:\\[\\]]*[A-Za-z0-9\\]])?", "must be the host name or IP address of the NFS server")),
            "Host name or IP of the NFS server.");
    public static final SpecKey<String> NFS_PATH = key("storage.nfs.path", "/usr/local/k8s/redis",
            text(value -> check(value.startsWith("/") && !value.matches(".*\\s.*"), "must be an absolute path without spaces")),
            "Exported directory; pod *i* uses `<path>/pv<i+1>`. Absolute.");
    public static final SpecKey<String> PV_PREFIX = key("storage.pv-prefix", "nfs-pv", dnsSubdomain(),
            "PV of pod *i* is `<prefix><i+1>`.");
    public static final SpecKey<String> REQUESTS_CPU = key("resources.requests.cpu", "100m", positiveQuantity(),
            "CPU request of each redis-server container.");
    public static final SpecKey<String> REQUESTS_MEMORY = key("resources.requests.memory", "100Mi", positiveQuantity(),
            "Memory request of each redis-server container.");
    public static final SpecKey<Optional<String>> LIMITS_CPU = key("resources.limits.cpu", new Fallback.None("none"),
            optional(positiveQuantity()), "CPU limit; no limit when unset or blank.");
    public static final SpecKey<Optional<String>> LIMITS_MEMORY = key("resources.limits.memory", new Fallback.None("none"),
            optional(positiveQuantity()), "Memory limit; no limit when unset or blank.");
    public static final SpecKey<Duration> RECONCILE_INTERVAL = key("reconcile.interval", "10s",
            duration(Duration.ofSeconds(1), Duration.ofHours(1), "10s, 500ms, 2m or PT10S"),
            "Time between scheduled passes (`500ms`, `10s`, `2m`, `1h`, a bare number of seconds, or ISO `PT10S`); 1 s to 1 h.");
    public static final SpecKey<Integer> SLOTS_PER_PASS = key("resharding.slots-per-pass", "1024", wholeNumber(1, 16384),
            "At most this many slots are moved per pass when masters are added or removed (1 to 16384).");
    public static final SpecKey<Integer> KEYS_PER_PASS = key("resharding.keys-per-pass", "20000", wholeNumber(1, 10_000_000),
            "At most this many keys are migrated per pass; a slot whose keys are not all moved stays open and the next"
                    + " pass (one second later) goes on with it.");
    public static final SpecKey<Duration> MIGRATE_TIMEOUT = key("resharding.migrate-timeout", "2s",
            duration(Duration.ofMillis(100), ClusterSpec.Resharding.MAX_MIGRATE_TIMEOUT, "2s, 500ms or PT2S"),
            "The `timeout` of each `MIGRATE` (how long the source waits on the target); 100 ms to 30 s, and at most half"
                    + " of `cluster-node-timeout` (a source blocked that long on a silent target would be failed over"
                    + " mid-move).");
    public static final SpecKey<Optional<String>> AUTH_SECRET = key("auth.secret",
            new Fallback.None("none (no password; the shipped spec sets `redis-auth`)"), optional(dnsSubdomain()),
            "Name of a Secret in the spec's namespace holding the Redis password, made with a random one when missing."
                    + " The pods get `requirepass` and"
                    + " `masterauth` from it, the reconciler authenticates with it; see [Auth](#auth-a-password-from-a-secret)."
                    + " A DNS subdomain; empty means no auth.");
    public static final SpecKey<String> AUTH_SECRET_KEY = key("auth.secret-key", "password",
            matching("[-._a-zA-Z0-9]{1,253}", "must be a Secret data key (letters, digits, '-', '_' and '.', at most 253 characters)"),
            "Key of that Secret's data holding the password. Only with `redis-cluster.auth.secret`.");
    public static final SpecKey<Optional<String>> AUTH_RECONCILER_USER = key("auth.reconciler-user",
            new Fallback.None("none (the reconciler authenticates as the default user)"),
            optional(matching("(?!default$)[a-z]([-a-z0-9]{0,61}[a-z0-9])?", "must be a DNS label (lower-case letters,"
                    + " digits and '-', starting with a letter) of at most 63 characters, and not 'default' (the clients' user)")),
            "An ACL user the reconciler authenticates as, allowed only the commands it sends (no key's value, no `FLUSHALL`,"
                    + " no `ACL`): the pods get it with a password of its own, from the Secret `<auth.secret>-<user>`"
                    + " (key `password`, made with a random one when missing). Only with `redis-cluster.auth.secret`;"
                    + " turning it on rolls the pods. See [ACL](security.md#an-acl-user-for-the-reconciler).");
    public static final SpecKey<Optional<String>> TLS_SECRET = key("tls.secret", new Fallback.None("none (plain TCP)"),
            optional(dnsSubdomain()),
            "Name of a Secret in the spec's namespace with `tls.crt`, `tls.key` and `ca.crt` (as cert-manager writes it):"
                    + " clients, replication and the cluster bus then speak TLS only (`port 0`, `tls-port` = `port`,"
                    + " `tls-cluster`, `tls-replication`), and the reconciler connects with TLS. Not for a running cluster"
                    + " in place; see [TLS](security.md#tls).");
    public static final SpecKey<String> TLS_AUTH_CLIENTS = key("tls.auth-clients", "yes",
            text(value -> check(List.of("yes", "optional", "no").contains(value), "must be yes, optional or no")),
            "Redis's `tls-auth-clients`: `yes` (clients must present a certificate signed by `ca.crt`), `optional` or `no`."
                    + " Only with `redis-cluster.tls.secret`.");
    public static final SpecKey<Boolean> NETWORK_POLICY = key("network-policy", "true",
            matching("true|false", "must be true or false").map(Boolean::parseBoolean),
            "`true` makes a NetworkPolicy for the redis pods (named as the StatefulSet): the bus port only from the"
                    + " cluster's own pods, the client port from them, from the reconciler's pods and from the clients"
                    + " the two keys below select; see [security.md](security.md#network-access). `false` makes none"
                    + " (one made before stays).");
    public static final SpecKey<Optional<Map<String, String>>> NETWORK_POLICY_CLIENT_PODS = key(
            "network-policy.client-pods", new Fallback.None("every pod"), labels(),
            "Labels (`key=value,key2=value2`) of the client pods allowed on the client port.");
    public static final SpecKey<Optional<Map<String, String>>> NETWORK_POLICY_CLIENT_NAMESPACES = key(
            "network-policy.client-namespaces", new Fallback.None("the spec's namespace only"), labels(),
            "Labels (`key=value,...`) of the namespaces those client pods may be in, e.g."
                    + " `kubernetes.io/metadata.name=shop`.");
    // Not 0: the restricted Pod Security level refuses root, and so does runAsNonRoot in the pods.
    public static final SpecKey<Integer> RUN_AS_USER = key("security.run-as-user", "999", wholeNumber(1, Integer.MAX_VALUE),
            "uid redis-server runs as (the redis user of the official image); not 0. The NFS directories must belong to"
                    + " it: `GET /nfs-setup`. See [security.md](security.md).");
    public static final SpecKey<Integer> FS_GROUP = key("security.fs-group", "999", wholeNumber(1, Integer.MAX_VALUE),
            "gid redis-server runs as (`runAsGroup`, `fsGroup`); not 0.");

    public static final SpecKey<Boolean> EXPORTER = key("metrics.exporter", "false",
            trueOrFalse(),
            "`true` adds redis_exporter as a second container (`redis-exporter`) of every redis pod: it reads its"
                    + " redis-server on loopback, with the password from `redis-cluster.auth.secret` when set, and serves"
                    + " Prometheus metrics on port 9121, named `metrics`; the pods get the `prometheus.io/*` scrape"
                    + " annotations. Turning it on or off changes the pod template, so the pods are replaced one by one."
                    + " See [operations](operations.md#monitoring-exporter-alerts-dashboard).");
    public static final SpecKey<String> EXPORTER_IMAGE = key("metrics.exporter.image", "oliver006/redis_exporter:v1.45.0",
            text(value -> check(!value.matches(".*\\s.*"), "must be an image reference without spaces")),
            "The exporter's image.");
    public static final SpecKey<String> EXPORTER_REQUESTS_CPU = key("metrics.exporter.resources.requests.cpu", "10m",
            positiveQuantity(), "CPU request of the exporter container.");
    public static final SpecKey<String> EXPORTER_REQUESTS_MEMORY = key("metrics.exporter.resources.requests.memory", "16Mi",
            positiveQuantity(), "Memory request of the exporter container.");
    public static final SpecKey<Optional<String>> EXPORTER_LIMITS_CPU = key("metrics.exporter.resources.limits.cpu",
            new Fallback.None("none"), optional(positiveQuantity()), "CPU limit of the exporter; no limit when unset or blank.");
    public static final SpecKey<Optional<String>> EXPORTER_LIMITS_MEMORY = key("metrics.exporter.resources.limits.memory",
            "64Mi", positiveQuantity().map(Optional::of), "Memory limit of the exporter.");
    public static final SpecKey<RolloutStrategy> ROLLOUT = key("rollout", "reconciler", oneOf(RolloutStrategy.class),
            "Who restarts the pods when their template changes (image, resources, a restart-only redis.conf directive,"
                    + " auth, exporter): `reconciler` (one pod at a time, replicas first, a master only after a coordinated"
                    + " failover to its synced replica; see [Rollouts](operations.md#rollouts)) or `statefulset` (the"
                    + " StatefulSet's own RollingUpdate, by ordinal, gated only by readiness).");

    public static final SpecKey<Boolean> DRY_RUN = key("dry-run", "false",
            trueOrFalse(),
            "`true`: every pass observes and plans as usual but writes nothing to the Kubernetes API (its Lease and"
                    + " Events aside) and sends Redis no command that changes anything; the plan (object diffs, Redis"
                    + " commands per pod, refusals) is logged once per change, shown in `/status` and told in one Event."
                    + " See [adoption](adoption.md#1-the-dry-run).");
    public static final SpecKey<Boolean> ADOPT = key("adopt", "false",
            trueOrFalse(),
            "`true` hands the objects the spec names that someone else made (no `redis-cluster-reconciler/cluster`"
                    + " annotation) over to the service, which then changes them like its own; without it they are"
                    + " compared and reported, never written. Objects of another cluster are never taken. See"
                    + " [adoption](adoption.md).");
    public static final SpecKey<Optional<Map<String, String>>> POD_SELECTOR = key("pod-selector",
            new Fallback.None("none: `app.kubernetes.io/name=redis,app.kubernetes.io/instance=<name>`"),
            labels(), "Labels (`k=v,k2=v2`) that select the redis pods: the StatefulSet's selector (immutable), the"
                    + " Services' and the disruption budget's; the pods carry them besides the service's own labels. Set"
                    + " it to the selector of a hand-built StatefulSet (e.g. `app=redis`) to take it over without"
                    + " relabelling its pods. See [adoption](adoption.md).");

    /** Every key the parser reads, besides the open-ended {@code redis-conf.*} family, in the reference's order. */
    public static final List<SpecKey<?>> ALL = List.of(NAME, NAMESPACE, MASTERS, REPLICAS_PER_MASTER, IMAGE, PORT,
            CONFIG_MAP, HEADLESS_SERVICE, ACCESS_SERVICE, ACCESS_SERVICE_TYPE, STORAGE_SIZE, STORAGE_CLASS,
            STORAGE_ACCESS_MODE, NFS_SERVER, NFS_PATH, PV_PREFIX, REQUESTS_CPU, REQUESTS_MEMORY, LIMITS_CPU, LIMITS_MEMORY,
            RECONCILE_INTERVAL, SLOTS_PER_PASS, KEYS_PER_PASS, MIGRATE_TIMEOUT, AUTH_SECRET, AUTH_SECRET_KEY, AUTH_RECONCILER_USER, TLS_SECRET, TLS_AUTH_CLIENTS, NETWORK_POLICY,
            NETWORK_POLICY_CLIENT_PODS, NETWORK_POLICY_CLIENT_NAMESPACES, RUN_AS_USER, FS_GROUP,
            EXPORTER, EXPORTER_IMAGE, EXPORTER_REQUESTS_CPU, EXPORTER_REQUESTS_MEMORY, EXPORTER_LIMITS_CPU, EXPORTER_LIMITS_MEMORY,
            ROLLOUT, DRY_RUN, ADOPT, POD_SELECTOR);

    private SpecKeys() {
    }

    private static <T> SpecKey<T> key(String name, String defaultText, ValueRule<T> rule, String doc) {
        return key(name, new Fallback.Value(defaultText), rule, doc);
    }

    private static <T> SpecKey<T> key(String name, Fallback fallback, ValueRule<T> rule, String doc) {
        return new SpecKey<>(PREFIX + name, fallback, rule, doc);
    }

    /**
     * {@code k=v,k2=v2} as Kubernetes label keys and values (a key with an optional DNS-subdomain prefix and '/', a value
     * of at most 63 characters); blank means not set.
     */
    private static ValueRule<Optional<Map<String, String>>> labels() {
        String name = "[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?";
        String pair = "(" + "[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/" + ")?" + name + "=(" + name + ")?";
        ValueRule<Optional<Map<String, String>>> present = matching(pair + "(," + pair + ")*",
                "must be labels as k=v,k2=v2 (Kubernetes label keys and values)").map(SpecKeys::labelMap).map(Optional::of);
        return value -> value.isEmpty() ? ValueRule.accept(Optional.empty()) : present.check(value);
    }

    private static Map<String, String> labelMap(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int equals = pair.indexOf('=');
            labels.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return Collections.unmodifiableMap(labels);
    }

    private static ValueRule<Boolean> trueOrFalse() {
        return matching("true|false", "must be true or false").map(Boolean::parseBoolean);
    }

    private static ValueRule<String> serviceName() {
        return dnsLabel(63, "must be a DNS label (lower-case letters, digits and '-', starting with a letter)");
    }
}
