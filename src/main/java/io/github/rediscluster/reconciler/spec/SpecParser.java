package io.github.rediscluster.reconciler.spec;

import static io.github.rediscluster.reconciler.spec.SpecKeys.ACCESS_SERVICE;
import static io.github.rediscluster.reconciler.spec.SpecKeys.AUTH_SECRET;
import static io.github.rediscluster.reconciler.spec.SpecKeys.AUTH_SECRET_KEY;
import static io.github.rediscluster.reconciler.spec.SpecKeys.HEADLESS_SERVICE;
import static io.github.rediscluster.reconciler.spec.SpecKeys.MASTERS;
import static io.github.rediscluster.reconciler.spec.SpecKeys.MAX_PODS;
import static io.github.rediscluster.reconciler.spec.SpecKeys.MIGRATE_TIMEOUT;
import static io.github.rediscluster.reconciler.spec.SpecKeys.REPLICAS_PER_MASTER;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns the {@code redis-cluster.*} properties into a {@link ClusterSpec}, or into the list of every problem found,
 * each naming its key. Each key is read by its declaration in {@link SpecKeys}; the {@code redis-conf.*} family by
 * {@link RedisConfDirectives}; what is left is the few rules between keys, and the keys nobody declared. Pure: no
 * file or network access, so every rule is unit-tested.
 */
public final class SpecParser {

    private SpecParser() {
    }

    /**
     * @param properties every property of the spec file(s); keys outside {@code redis-cluster.} are ignored
     * @param defaultNamespace used when the spec names none: the namespace the service runs in
     */
    public static SpecParseResult parse(Map<String, String> properties, String defaultNamespace) {
        Map<String, String> ours = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (key.startsWith(SpecKeys.PREFIX)) {
                ours.put(key, value.strip());
            }
        });
        List<SpecProblem> problems = new ArrayList<>();
        SpecValues.Builder values = SpecValues.builder();
        SpecKeys.ALL.forEach(key -> read(key, ours, defaultNamespace, values, problems));
        Map<String, String> redisConf = RedisConfDirectives.read(ours, problems);
        values.redisConf(redisConf);
        values.find(SpecKeys.IMAGE).ifPresent(image -> problems.addAll(RedisConfValidation.problems(image, redisConf)));
        problems.addAll(betweenKeys(values, ours));
        problems.addAll(StorageKeys.check(values, ours));
        ours.keySet().stream().filter(SpecParser::undeclared)
                .forEach(key -> problems.add(new SpecProblem(key, "unknown key" + closestKey(key)
                        .map(known -> "; did you mean " + known + "?").orElse(""))));
        if (!problems.isEmpty()) {
            return new SpecParseResult.Invalid(problems);
        }
        return new SpecParseResult.Valid(ClusterSpec.of(values.build()));
    }

    /** Sets the key's value, read by its rule from the spec or its fallback, or adds the problem with it. */
    private static <T> void read(SpecKey<T> key, Map<String, String> properties, String defaultNamespace,
            SpecValues.Builder values, List<SpecProblem> problems) {
        String text = properties.getOrDefault(key.name(), key.textWhenUnset(defaultNamespace));
        ValueRule.Checked<T> checked = key.rule().check(text);
        if (checked instanceof ValueRule.Checked.Accepted<T> accepted) {
            values.set(key, accepted.value());
        } else {
            problems.add(new SpecProblem(key.name(), ((ValueRule.Checked.Refused<T>) checked).problem()));
        }
    }

    /** Rules that involve two keys, checked when both were read well (else their own problem says enough). */
    private static List<SpecProblem> betweenKeys(SpecValues.Builder values, Map<String, String> properties) {
        List<SpecProblem> problems = new ArrayList<>();
        Optional<String> headless = values.find(HEADLESS_SERVICE);
        values.find(ACCESS_SERVICE).filter(access -> headless.equals(Optional.of(access))).ifPresent(access ->
                problems.add(new SpecProblem(ACCESS_SERVICE.name(), "must differ from " + HEADLESS_SERVICE.name()
                        + " (both are '" + access + "')")));
        Optional<Integer> replicas = values.find(REPLICAS_PER_MASTER);
        values.find(MASTERS).filter(masters -> replicas.isPresent() && (long) masters * (1 + replicas.get()) > MAX_PODS)
                .ifPresent(masters -> problems.add(new SpecProblem(REPLICAS_PER_MASTER.name(),
                        "masters * (1 + replicas-per-master) must be at most " + MAX_PODS + " pods")));
        values.find(MIGRATE_TIMEOUT).flatMap(timeout -> migrateTimeoutProblem(timeout, values.redisConfSoFar()))
                .ifPresent(problems::add);
        boolean noSecret = values.find(AUTH_SECRET).map(Optional::isEmpty).orElse(false);
        if (noSecret && !properties.getOrDefault(AUTH_SECRET_KEY.name(), "").isEmpty()) {
            problems.add(new SpecProblem(AUTH_SECRET_KEY.name(),
                    "has no effect without " + AUTH_SECRET.name() + " (the Secret holding the password)"));
        }
        if (noSecret && !properties.getOrDefault(SpecKeys.AUTH_RECONCILER_USER.name(), "").isEmpty()) {
            problems.add(new SpecProblem(SpecKeys.AUTH_RECONCILER_USER.name(), "needs " + AUTH_SECRET.name()
                    + " (the default user keeps the password that replication, probes and clients use)"));
        }
        values.find(AUTH_SECRET).flatMap(secret -> secret).filter(secret -> values.find(SpecKeys.AUTH_RECONCILER_USER)
                        .flatMap(user -> user).filter(user -> secret.length() + 1 + user.length() > 253).isPresent())
                .ifPresent(secret -> problems.add(new SpecProblem(SpecKeys.AUTH_RECONCILER_USER.name(),
                        "makes the Secret name '" + secret + "-<user>' longer than 253 characters")));
        boolean noTls = values.find(SpecKeys.TLS_SECRET).map(Optional::isEmpty).orElse(false);
        if (noTls && !properties.getOrDefault(SpecKeys.TLS_AUTH_CLIENTS.name(), "").isEmpty()) {
            problems.add(new SpecProblem(SpecKeys.TLS_AUTH_CLIENTS.name(),
                    "has no effect without " + SpecKeys.TLS_SECRET.name() + " (the Secret holding the certificates)"));
        }
        return problems;
    }

    /**
     * A MIGRATE blocks its source while it waits on the target: up to its timeout when the target stops answering. A
     * source blocked for cluster-node-timeout is failed over mid-move, so the timeout stays at most half of it.
     */
    private static Optional<SpecProblem> migrateTimeoutProblem(Duration timeout, Map<String, String> redisConf) {
        Duration nodeTimeout;
        try {
            nodeTimeout = ClusterSpec.nodeTimeout(redisConf);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (timeout.compareTo(nodeTimeout.dividedBy(2)) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new SpecProblem(MIGRATE_TIMEOUT.name(), "must be at most half of cluster-node-timeout ("
                + nodeTimeout.toMillis() + " ms), so that a MIGRATE waiting on a silent target never gets its source failed"
                + " over, got " + timeout.toMillis() + "ms"));
    }

    private static boolean undeclared(String key) {
        return !key.startsWith(RedisConfDirectives.PREFIX)
                && SpecKeys.ALL.stream().noneMatch(declared -> declared.name().equals(key));
    }

    private static Optional<String> closestKey(String key) {
        return SpecKeys.ALL.stream().map(SpecKey::name)
                .filter(known -> editDistance(known, key) <= 3)
                .min(Comparator.comparingInt(known -> editDistance(known, key)));
    }

    static Optional<Duration> parseDuration(String text) {
        return ValueRules.parseDuration(text);
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
