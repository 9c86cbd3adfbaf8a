package io.github.rediscluster.reconciler.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the {@code redis-cluster.*} properties into a {@link ClusterSpec}, or into the list of every
 * problem found, each naming its key. Pure: no file or network access, so every rule is unit-tested.
 */
public final class SpecParser {

    public static final String PREFIX = "redis-cluster.";
    public static final String REDIS_CONF_PREFIX = PREFIX + "redis-conf.";

    public static final String NAME = PREFIX + "name";
    public static final String NAMESPACE = PREFIX + "namespace";
    public static final String MASTERS = PREFIX + "masters";
    public static final String REPLICAS_PER_MASTER = PREFIX + "replicas-per-master";
    public static final String IMAGE = PREFIX + "image";
    public static final String PORT = PREFIX + "port";
    public static final String CONFIG_MAP = PREFIX + "config-map";
    public static final String HEADLESS_SERVICE = PREFIX + "headless-service";
    public static final String ACCESS_SERVICE = PREFIX + "access-service";
    public static final String ACCESS_SERVICE_TYPE = PREFIX + "access-service-type";
    public static final String STORAGE_SIZE = PREFIX + "storage.size";
    public static final String NFS_SERVER = PREFIX + "storage.nfs.server";
    public static final String NFS_PATH = PREFIX + "storage.nfs.path";
    public static final String PV_PREFIX = PREFIX + "storage.pv-prefix";
    public static final String REQUESTS_CPU = PREFIX + "resources.requests.cpu";
    public static final String REQUESTS_MEMORY = PREFIX + "resources.requests.memory";
    public static final String LIMITS_CPU = PREFIX + "resources.limits.cpu";
    public static final String LIMITS_MEMORY = PREFIX + "resources.limits.memory";
    public static final String RECONCILE_INTERVAL = PREFIX + "reconcile.interval";
    public static final String SLOTS_PER_PASS = PREFIX + "resharding.slots-per-pass";
    public static final String KEYS_PER_PASS = PREFIX + "resharding.keys-per-pass";
    public static final String MIGRATE_TIMEOUT = PREFIX + "resharding.migrate-timeout";
    public static final String AUTH_SECRET = PREFIX + "auth.secret";
    public static final String AUTH_SECRET_KEY = PREFIX + "auth.secret-key";
    public static final String EXPORTER = PREFIX + "metrics.exporter";
    public static final String EXPORTER_IMAGE = EXPORTER + ".image";
    public static final String EXPORTER_REQUESTS_CPU = EXPORTER + ".resources.requests.cpu";
    public static final String EXPORTER_REQUESTS_MEMORY = EXPORTER + ".resources.requests.memory";
    public static final String EXPORTER_LIMITS_CPU = EXPORTER + ".resources.limits.cpu";
    public static final String EXPORTER_LIMITS_MEMORY = EXPORTER + ".resources.limits.memory";

    /** Every key the parser understands, besides the open-ended {@code redis-conf.*} family. */
    public static final List<String> KEYS = List.of(NAME, NAMESPACE, MASTERS, REPLICAS_PER_MASTER, IMAGE, PORT,
            CONFIG_MAP, HEADLESS_SERVICE, ACCESS_SERVICE, ACCESS_SERVICE_TYPE, STORAGE_SIZE, NFS_SERVER, NFS_PATH,
            PV_PREFIX, REQUESTS_CPU, REQUESTS_MEMORY, LIMITS_CPU, LIMITS_MEMORY, RECONCILE_INTERVAL, SLOTS_PER_PASS,
            KEYS_PER_PASS, MIGRATE_TIMEOUT, AUTH_SECRET, AUTH_SECRET_KEY, EXPORTER, EXPORTER_IMAGE, EXPORTER_REQUESTS_CPU,
            EXPORTER_REQUESTS_MEMORY, EXPORTER_LIMITS_CPU, EXPORTER_LIMITS_MEMORY);

    /**
     * redis.conf directives the service sets itself: the pods, probes, volumes and the topology code
     * depend on them, so a user value would break the cluster rather than tune it.
     */
    public static final Map<String, String> RESERVED_DIRECTIVES = Map.of(
            "port", "set " + PORT + " instead",
            "cluster-enabled", "the service only manages Redis Cluster nodes",
            "cluster-config-file", "nodes.conf must stay on the PersistentVolume",
            "dir", "the data directory must stay on the PersistentVolume",
            "daemonize", "redis-server must stay in the foreground of its container",
            "cluster-announce-ip", "each pod announces its own IP from the downward API",
            "requirepass", "name a Secret holding the password in " + AUTH_SECRET + " instead: a password in a"
                    + " ConfigMap is readable by anyone who can read ConfigMaps, and the reconciler must know it too",
            "masterauth", "set from the Secret named in " + AUTH_SECRET + ", together with requirepass (replicas"
                    + " authenticate to their masters with the same password)");

    /**
     * Directives the service cannot work with yet: the reconciler talks to every pod, and the Services and pods
     * expose the bus on port + 10000.
     */
    public static final Map<String, String> UNSUPPORTED_DIRECTIVES = Map.of(
            "masteruser", "ACL users for replication are not supported: the reconciler, the probes and replication"
                    + " all use the default user with the password of " + AUTH_SECRET,
            "cluster-port", "the cluster bus is always redis-cluster.port + 10000, which the pods and Services expose");

    /**
     * Value patterns of directives the cluster depends on, checked here so that a typo is refused with its
     * key instead of leaving every redis-server pod crash-looping on a config it cannot load.
     */
    static final Map<String, String> DIRECTIVE_VALUES = Map.of(
            "cluster-node-timeout", "[1-9][0-9]*",
            "appendonly", "yes|no",
            "protected-mode", "yes|no",
            "cluster-require-full-coverage", "yes|no");

    /** Upper bound on pods: Redis Cluster is designed for at most about 1000 nodes. */
    public static final int MAX_PODS = 1000;

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern QUANTITY = Pattern.compile(
            "\\+?(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\\d+)?");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9.:\\[\\]]*[A-Za-z0-9\\]])?");
    /** What Kubernetes allows as a key of a Secret's data. */
    private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");
    private static final Pattern DIRECTIVE = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");
    /** StatefulSet names longer than this break the controller-revision-hash label of their pods. */
    private static final int MAX_STATEFULSET_NAME = 52;

    private SpecParser() {
    }

    /**
     * @param properties every property of the spec file(s); keys outside {@code redis-cluster.} are ignored
     * @param defaultNamespace used when the spec names none: the namespace the service runs in
     */
    public static SpecParseResult parse(Map<String, String> properties, String defaultNamespace) {
        Fields fields = new Fields(properties);
        String name = fields.text(NAME, "redis-app", SpecParser::validStatefulSetName);
        String namespace = fields.text(NAMESPACE, defaultNamespace,
                value -> check(DNS_LABEL.matcher(value).matches() && value.length() <= 63,
                        "must be a DNS label (lower-case letters, digits and '-', at most 63 characters)"));
        int masters = fields.integer(MASTERS, 3, 1, MAX_PODS);
        int replicasPerMaster = fields.integer(REPLICAS_PER_MASTER, 1, 0, MAX_PODS);
        String image = fields.text(IMAGE, "redis:7.2",
                value -> check(!value.matches(".*\\s.*"), "must be an image reference without spaces"));
        int port = fields.integer(PORT, 6379, 1, 65535 - ClusterSpec.BUS_PORT_OFFSET);
        String configMap = fields.text(CONFIG_MAP, "redis-conf", SpecParser::validSubdomain);
        String headless = fields.text(HEADLESS_SERVICE, "redis-service", SpecParser::validServiceName);
        String access = fields.text(ACCESS_SERVICE, "redis-access-service", SpecParser::validServiceName);
        AccessServiceType accessType = fields.parsed(ACCESS_SERVICE_TYPE, "ClusterIP", AccessServiceType::parse,
                "must be ClusterIP or NodePort");
        String size = fields.text(STORAGE_SIZE, "200M", SpecParser::validPositiveQuantity);
        String nfsServer = fields.text(NFS_SERVER, "",
                value -> check(HOST.matcher(value).matches(), "must be the host name or IP address of the NFS server"));
        String nfsPath = fields.text(NFS_PATH, "/usr/local/k8s/redis",
                value -> check(value.startsWith("/") && !value.matches(".*\\s.*"),
                        "must be an absolute path without spaces"));
        String pvPrefix = fields.text(PV_PREFIX, "nfs-pv", SpecParser::validSubdomain);
        String requestsCpu = fields.text(REQUESTS_CPU, "100m", SpecParser::validPositiveQuantity);
        String requestsMemory = fields.text(REQUESTS_MEMORY, "100Mi", SpecParser::validPositiveQuantity);
        Optional<String> limitsCpu = fields.optionalText(LIMITS_CPU, SpecParser::validPositiveQuantity);
        Optional<String> limitsMemory = fields.optionalText(LIMITS_MEMORY, SpecParser::validPositiveQuantity);
        Duration interval = fields.parsed(RECONCILE_INTERVAL, "10s", SpecParser::parseDuration,
                "must be a duration such as 10s, 500ms, 2m or PT10S");
        int slotsPerPass = fields.integer(SLOTS_PER_PASS, 1024, 1, 16384);
        int keysPerPass = fields.integer(KEYS_PER_PASS, 20_000, 1, 10_000_000);
        Duration migrateTimeout = fields.parsed(MIGRATE_TIMEOUT, "5s", SpecParser::parseDuration,
                "must be a duration such as 5s, 500ms or PT5S");
        Map<String, String> redisConf = fields.redisConf();
        Optional<ClusterSpec.Auth> auth = auth(fields);
        Optional<ClusterSpec.Exporter> exporter = exporter(fields);

        fields.requireThat(!headless.equals(access), ACCESS_SERVICE,
                "must differ from " + HEADLESS_SERVICE + " (both are '" + access + "')");
        fields.requireThat((long) masters * (1 + replicasPerMaster) <= MAX_PODS, REPLICAS_PER_MASTER,
                "masters * (1 + replicas-per-master) must be at most " + MAX_PODS + " pods");
        if (interval != null) {
            fields.requireThat(interval.compareTo(Duration.ofSeconds(1)) >= 0
                    && interval.compareTo(Duration.ofHours(1)) <= 0, RECONCILE_INTERVAL,
                    "must be between 1s and 1h, got " + properties.get(RECONCILE_INTERVAL));
        }
        if (migrateTimeout != null) {
            fields.requireThat(migrateTimeout.compareTo(Duration.ofMillis(100)) >= 0
                    && migrateTimeout.compareTo(Duration.ofMinutes(10)) <= 0, MIGRATE_TIMEOUT,
                    "must be between 100ms and 10m, got " + properties.get(MIGRATE_TIMEOUT));
        }
        fields.rejectUnknownKeys();

        if (!fields.problems.isEmpty()) {
            return new SpecParseResult.Invalid(fields.problems);
        }
        return new SpecParseResult.Valid(new ClusterSpec(name, namespace, masters, replicasPerMaster, image, port,
                configMap, headless, access, accessType, new ClusterSpec.Storage(size, nfsServer, nfsPath, pvPrefix),
                new ClusterSpec.Resources(requestsCpu, requestsMemory, limitsCpu, limitsMemory), redisConf, interval,
                new ClusterSpec.Resharding(slotsPerPass, keysPerPass, migrateTimeout), auth, exporter));
    }

    /** The Secret holding the Redis password, when auth is on; a key without a Secret is a mistake worth naming. */
    private static Optional<ClusterSpec.Auth> auth(Fields fields) {
        Optional<String> secret = fields.optionalText(AUTH_SECRET, SpecParser::validSubdomain);
        String key = fields.text(AUTH_SECRET_KEY, "password",
                value -> check(SECRET_KEY.matcher(value).matches(), "must be a Secret data key (letters, digits, '-', '_'"
                        + " and '.', at most 253 characters)"));
        fields.requireThat(secret.isPresent() || !fields.isSet(AUTH_SECRET_KEY), AUTH_SECRET_KEY,
                "has no effect without " + AUTH_SECRET + " (the Secret holding the password)");
        return secret.map(name -> new ClusterSpec.Auth(name, key));
    }

    /** redis_exporter beside each redis-server, when turned on; its image and resources are read either way. */
    private static Optional<ClusterSpec.Exporter> exporter(Fields fields) {
        Boolean on = fields.parsed(EXPORTER, "false", value -> value.equals("true") ? Optional.of(true)
                : value.equals("false") ? Optional.of(false) : Optional.empty(), "must be true or false");
        String image = fields.text(EXPORTER_IMAGE, "oliver006/redis_exporter:v1.45.0",
                value -> check(!value.matches(".*\\s.*"), "must be an image reference without spaces"));
        ClusterSpec.Resources resources = new ClusterSpec.Resources(
                fields.text(EXPORTER_REQUESTS_CPU, "10m", SpecParser::validPositiveQuantity),
                fields.text(EXPORTER_REQUESTS_MEMORY, "16Mi", SpecParser::validPositiveQuantity),
                fields.optionalText(EXPORTER_LIMITS_CPU, SpecParser::validPositiveQuantity),
                Optional.of(fields.text(EXPORTER_LIMITS_MEMORY, "64Mi", SpecParser::validPositiveQuantity)));
        return Boolean.TRUE.equals(on) ? Optional.of(new ClusterSpec.Exporter(image, resources)) : Optional.empty();
    }

    private static Optional<String> validStatefulSetName(String value) {
        return check(DNS_LABEL.matcher(value).matches() && value.length() <= MAX_STATEFULSET_NAME,
                "must be a DNS label (lower-case letters, digits and '-', starting with a letter) of at most "
                        + MAX_STATEFULSET_NAME + " characters");
    }

    private static Optional<String> validServiceName(String value) {
        return check(DNS_LABEL.matcher(value).matches() && value.length() <= 63,
                "must be a DNS label (lower-case letters, digits and '-', starting with a letter)");
    }

    private static Optional<String> validSubdomain(String value) {
        return check(DNS_SUBDOMAIN.matcher(value).matches() && value.length() <= 240,
                "must be a DNS subdomain (lower-case letters, digits, '-' and '.')");
    }

    private static Optional<String> validPositiveQuantity(String value) {
        if (!QUANTITY.matcher(value).matches()) {
            return Optional.of("must be a Kubernetes quantity such as 200M, 1Gi or 100m");
        }
        return check(Quantity.getAmountInBytes(new Quantity(value)).compareTo(BigDecimal.ZERO) > 0,
                "must be greater than zero");
    }

    static Optional<Duration> parseDuration(String text) {
        Matcher matcher = SHORT_DURATION.matcher(text);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            return Optional.of(switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofSeconds(amount);
            });
        }
        try {
            return Optional.of(Duration.parse(text.toUpperCase(Locale.ROOT)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> check(boolean valid, String problem) {
        return valid ? Optional.empty() : Optional.of(problem);
    }

    /** Reads keys one by one, remembering which were read and every problem met on the way. */
    private static final class Fields {
        private final Map<String, String> properties = new TreeMap<>();
        private final Set<String> read = new HashSet<>();
        private final List<SpecProblem> problems = new ArrayList<>();

        Fields(Map<String, String> all) {
            all.forEach((key, value) -> {
                if (key.startsWith(PREFIX)) {
                    properties.put(key, value.strip());
                }
            });
        }

        String text(String key, String defaultValue, Function<String, Optional<String>> rule) {
            read.add(key);
            String value = properties.getOrDefault(key, defaultValue);
            if (value.isEmpty()) {
                problems.add(new SpecProblem(key, "must not be empty"));
                return value;
            }
            rule.apply(value).ifPresent(problem -> problems.add(new SpecProblem(key, problem + ", got '" + value + "'")));
            return value;
        }

        Optional<String> optionalText(String key, Function<String, Optional<String>> rule) {
            if (properties.getOrDefault(key, "").isEmpty()) {
                read.add(key);
                return Optional.empty();
            }
            return Optional.of(text(key, "", rule));
        }

        int integer(String key, int defaultValue, int min, int max) {
            read.add(key);
            String value = properties.get(key);
            if (value == null) {
                return defaultValue;
            }
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below, with the allowed range
            }
            problems.add(new SpecProblem(key, "must be a whole number from " + min + " to " + max + ", got '" + value + "'"));
            return defaultValue;
        }

        <T> T parsed(String key, String defaultValue, Function<String, Optional<T>> parser, String problem) {
            read.add(key);
            String value = properties.getOrDefault(key, defaultValue);
            Optional<T> result = parser.apply(value);
            if (result.isEmpty()) {
                problems.add(new SpecProblem(key, problem + ", got '" + value + "'"));
                return null;
            }
            return result.get();
        }

        boolean isSet(String key) {
            return !properties.getOrDefault(key, "").isEmpty();
        }

        void requireThat(boolean valid, String key, String problem) {
            if (!valid) {
                problems.add(new SpecProblem(key, problem));
            }
        }

        Map<String, String> redisConf() {
            Map<String, String> directives = new LinkedHashMap<>();
            properties.forEach((key, value) -> {
                if (!key.startsWith(REDIS_CONF_PREFIX)) {
                    return;
                }
                read.add(key);
                String directive = key.substring(REDIS_CONF_PREFIX.length());
                if (!DIRECTIVE.matcher(directive).matches()) {
                    problems.add(new SpecProblem(key, "'" + directive + "' is not a redis.conf directive name"));
                } else if (RESERVED_DIRECTIVES.containsKey(directive)) {
                    problems.add(new SpecProblem(key, "is set by the service: " + RESERVED_DIRECTIVES.get(directive)));
                } else if (UNSUPPORTED_DIRECTIVES.containsKey(directive)) {
                    problems.add(new SpecProblem(key, "is not supported: " + UNSUPPORTED_DIRECTIVES.get(directive)));
                } else if (value.isEmpty() || value.contains("\n") || value.contains("\r")) {
                    problems.add(new SpecProblem(key, "must be a non-empty value on one line"));
                } else if (DIRECTIVE_VALUES.containsKey(directive) && !value.matches(DIRECTIVE_VALUES.get(directive))) {
                    problems.add(new SpecProblem(key, "must match " + DIRECTIVE_VALUES.get(directive) + ", got '" + value + "'"));
                } else {
                    directives.put(directive, value);
                }
            });
            return directives;
        }

        void rejectUnknownKeys() {
            properties.keySet().stream().filter(key -> !read.contains(key)).forEach(key -> problems.add(
                    new SpecProblem(key, "unknown key" + closestKey(key).map(known -> "; did you mean " + known + "?").orElse(""))));
        }

        private static Optional<String> closestKey(String key) {
            return KEYS.stream()
                    .filter(known -> editDistance(known, key) <= 3)
                    .min(Comparator.comparingInt(known -> editDistance(known, key)));
        }
    }

    /** Levenshtein distance, small inputs only: used to suggest the key a typo meant. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
