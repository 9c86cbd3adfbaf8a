package io.github.rediscluster.reconciler.spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The redis.conf directives of Redis 6.2 and 7.0 with their value types and whether CONFIG SET changes them at runtime,
 * read from {@code redis-directives.tsv} (generated from the two redis-server binaries and Redis's config.c). A table,
 * not a CONFIG SET on a pod, judges a spec: it answers before any pod exists, changes nothing, and is unit-tested.
 */
public final class RedisDirectives {

    /** How a directive takes a new value on a running server. */
    public enum Change {
        /** CONFIG SET applies it at once. */
        LIVE,
        /** Only read at start: the pods must restart. */
        RESTART
    }

    /** @param change by version; a version missing from the map has no such directive */
    public record Directive(String name, DirectiveType type, Map<RedisVersion, Change> change) {

        public Optional<Change> change(RedisVersion version) {
            return Optional.ofNullable(change.get(version));
        }
    }

    private static final Map<String, Directive> TABLE = load();

    private RedisDirectives() {
    }

    public static Optional<Directive> find(String name) {
        return Optional.ofNullable(TABLE.get(name));
    }

    /** Every directive of the table, by name. */
    public static Map<String, Directive> all() {
        return TABLE;
    }

    /** Whether {@code name} is one CONFIG SET changes on {@code version}; unknown directives are not. */
    public static boolean live(String name, RedisVersion version) {
        return find(name).flatMap(directive -> directive.change(version)).orElse(Change.RESTART) == Change.LIVE;
    }

    private static Map<String, Directive> load() {
        Map<String, Directive> table = new TreeMap<>();
        try (InputStream in = RedisDirectives.class.getResourceAsStream("/redis-directives.tsv")) {
            if (in == null) {
                throw new IllegalStateException("redis-directives.tsv is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t");
                Map<RedisVersion, Change> change = new TreeMap<>();
                change(columns[2]).ifPresent(value -> change.put(RedisVersion.V6_2, value));
                change(columns[3]).ifPresent(value -> change.put(RedisVersion.V7_0, value));
                table.put(columns[0], new Directive(columns[0], DirectiveType.parse(columns[1]), Map.copyOf(change)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(table);
    }

    private static Optional<Change> change(String column) {
        return switch (column) {
            case "live" -> Optional.of(Change.LIVE);
            case "restart" -> Optional.of(Change.RESTART);
            default -> Optional.empty();
        };
    }
}
