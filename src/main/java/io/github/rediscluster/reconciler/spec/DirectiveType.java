package io.github.rediscluster.reconciler.spec;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The kind of value a redis.conf directive takes, as Redis's config.c parses it: {@link #problem} says what Redis would
 * refuse, {@link #sameValue} whether what CONFIG GET answers is what the spec asks (CONFIG GET answers memory in bytes,
 * enums and booleans in lower case, notify-keyspace-events in its own letter order).
 */
public sealed interface DirectiveType {

    /** Why Redis would refuse {@code value}, or empty when it would accept it. */
    Optional<String> problem(String value);

    default boolean sameValue(String desired, String observed) {
        return normalize(desired).equals(normalize(observed));
    }

    default String normalize(String value) {
        return value.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    Pattern MEMORY = Pattern.compile("(-?\\d+)(b|k|kb|m|mb|g|gb)?", Pattern.CASE_INSENSITIVE);
    Pattern WORD = Pattern.compile("[^\\s\"']+");

    /** Parses one line of the generated table: {@code bool}, {@code int 0 100}, {@code enum a|b}, ... */
    static DirectiveType parse(String text) {
        String[] parts = text.split(" ");
        return switch (parts[0]) {
            case "bool" -> new Enumerated(Set.of("yes", "no"));
            case "enum" -> new Enumerated(Set.of(parts[1].split("\\|")));
            case "int" -> new Numeric(new BigInteger(parts[1]), new BigInteger(parts[2]), false);
            case "memory" -> new Numeric(new BigInteger(parts[1]), new BigInteger(parts[2]), true);
            case "octal" -> new Octal(Integer.parseInt(parts[2]));
            case "memory-or-percent" -> new MemoryOrPercent();
            case "word" -> new Word();
            case "line" -> new Line();
            case "save" -> new Save();
            case "client-output-buffer-limit" -> new ClientOutputBufferLimit();
            case "oom-score-adj-values" -> new OomScoreAdjValues();
            case "notify-keyspace-events" -> new KeyspaceEvents();
            case "latency-tracking-info-percentiles" -> new Percentiles();
            default -> throw new IllegalArgumentException("unknown directive type '" + text + "'");
        };
    }

    /** Bytes of a memory value such as {@code 100mb} (k = 1000, kb = 1024, as Redis's memtoll), empty if unreadable. */
    static Optional<BigInteger> bytes(String value) {
        Matcher matcher = MEMORY.matcher(value.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String unit = matcher.group(2) == null ? "b" : matcher.group(2).toLowerCase(Locale.ROOT);
        long factor = switch (unit) {
            case "k" -> 1000L;
            case "kb" -> 1024L;
            case "m" -> 1000L * 1000;
            case "mb" -> 1024L * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return Optional.of(new BigInteger(matcher.group(1)).multiply(BigInteger.valueOf(factor)));
    }

    /** yes/no and the named choices of an enum; Redis reads both without regard to case. */
    record Enumerated(Set<String> choices) implements DirectiveType {
        @Override
        public Optional<String> problem(String value) {
            return choices.contains(value.toLowerCase(Locale.ROOT)) ? Optional.empty()
                    : Optional.of("must be one of " + String.join(", ", choices.stream().sorted().toList()));
        }
    }

    /** A whole number within bounds; a memory value may carry a unit (b, k, kb, m, mb, g, gb). */
    record Numeric(BigInteger min, BigInteger max, boolean memory) implements DirectiveType {
        @Override
        public Optional<String> problem(String value) {
            Optional<BigInteger> parsed = memory ? bytes(value) : wholeNumber(value);
            if (parsed.isEmpty()) {
                return Optional.of(memory ? "must be a number of bytes, optionally with a unit (b, k, kb, m, mb, g, gb)"
                        : "must be a whole number");
            }
            return parsed.get().compareTo(min) >= 0 && parsed.get().compareTo(max) <= 0 ? Optional.empty()
                    : Optional.of("must be from " + min + " to " + max + (memory ? " bytes" : ""));
        }

        @Override
        public String normalize(String value) {
            return (memory ? bytes(value) : wholeNumber(value)).map(BigInteger::toString).orElse(value.strip());
        }

        private static Optional<BigInteger> wholeNumber(String value) {
            return value.strip().matches("-?\\d+") ? Optional.of(new BigInteger(value.strip())) : Optional.empty();
        }
    }

    record Octal(int max) implements DirectiveType {
        @Override
        public Optional<String> problem(String value) {
            return value.matches("[0-7]{1,4}") && Integer.parseInt(value, 8) <= max ? Optional.empty()
                    : Optional.of("must be an octal file mode from 0 to " + Integer.toOctalString(max));
        }
    }

    /** maxmemory-clients: bytes, or a percentage of maxmemory. */
    record MemoryOrPercent() implements DirectiveType {
        @Override
        public Optional<String> problem(String value) {
            if (value.matches("\\d{1,3}%")) {
                return Integer.parseInt(value.substring(0, value.length() - 1)) <= 100 ? Optional.empty()
                        : Optional.of("must be a percentage from 0% to 100%");
            }
            return bytes(value).filter(bytes -> bytes.signum() >= 0).isPresent() ? Optional.empty()
                    : Optional.of("must be a number of bytes (with an optional unit) or a percentage such as 10%");
        }

        @Override
        public String normalize(String value) {
            return value.endsWith("%") ? value.strip() : bytes(value).map(BigInteger::toString).orElse(value.strip());
        }
    }

    /** One word: redis.conf splits a line at spaces, and these directives take a single argument. */
    record Word() implements DirectiveType {
        @Override
        public Optional<String> problem(String value) {
            return WORD.matcher(value).matches() ? Optional.empty()
                    : Optional.of("must be one word without spaces or quotes");
        }

        @Override
        public String normalize(String value) {
            return value.strip();
        }
    }

    /** Directives refused before their value matters. */
    record Line() implements DirectiveType {
        @Override
        public Optional<String> problem(String value) {
            return Optional.empty();
        }
    }

    /** {@code save ""} (no snapshots) or pairs of seconds and changes: {@code 3600 1 300 100}. */
    record Save() implements DirectiveType {
        @Override
        public Optional<String> problem(String value) {
            return value.equals("\"\"") || value.matches("\\d+ \\d+( \\d+ \\d+)*") ? Optional.empty()
                    : Optional.of("must be \"\" (no snapshots) or pairs of <seconds> <changes>, such as 3600 1 300 100");
        }

        @Override
        public String normalize(String value) {
            return value.strip().equals("\"\"") ? "" : DirectiveType.super.normalize(value);
        }
    }

    /** Groups of {@code <class> <hard> <soft> <seconds>}; CONFIG GET answers every class, in bytes, replica as slave. */
    record ClientOutputBufferLimit() implements DirectiveType {
        private static final Set<String> CLASSES = Set.of("normal", "replica", "slave", "pubsub");

        @Override
        public Optional<String> problem(String value) {
            String[] words = value.strip().split("\\s+");
            boolean valid = words.length % 4 == 0;
            for (int i = 0; valid && i < words.length; i += 4) {
                valid = CLASSES.contains(words[i].toLowerCase(Locale.ROOT)) && bytes(words[i + 1]).isPresent()
                        && bytes(words[i + 2]).isPresent() && words[i + 3].matches("\\d+");
            }
            return valid ? Optional.empty() : Optional.of("must be groups of <class> <hard limit> <soft limit> <soft"
                    + " seconds>, class normal, replica or pubsub, such as: replica 256mb 64mb 60");
        }

        @Override
        public boolean sameValue(String desired, String observed) {
            Map<String, String> wanted = limits(desired);
            Map<String, String> found = limits(observed);
            return wanted.entrySet().stream().allMatch(entry -> entry.getValue().equals(found.get(entry.getKey())));
        }

        private static Map<String, String> limits(String value) {
            String[] words = value.strip().split("\\s+");
            Map<String, String> limits = new TreeMap<>();
            for (int i = 0; i + 3 < words.length; i += 4) {
                String name = words[i].toLowerCase(Locale.ROOT).replace("replica", "slave");
                limits.put(name, bytes(words[i + 1]).orElse(BigInteger.ZERO) + " " + bytes(words[i + 2]).orElse(BigInteger.ZERO)
                        + " " + words[i + 3]);
            }
            return limits;
        }
    }

    /** Three whole numbers from -2000 to 2000: the OOM score adjustments of master, replica and background child. */
    record OomScoreAdjValues() implements DirectiveType {
        @Override
        public Optional<String> problem(String value) {
            String[] words = value.strip().split("\\s+");
            boolean valid = words.length == 3 && Arrays.stream(words).allMatch(word -> word.matches("-?\\d{1,4}")
                    && Math.abs(Integer.parseInt(word)) <= 2000);
            return valid ? Optional.empty() : Optional.of("must be three whole numbers from -2000 to 2000");
        }
    }

    /** Letters of event classes; CONFIG GET answers them in its own order, with A for the whole g$lshzxetd set. */
    record KeyspaceEvents() implements DirectiveType {
        private static final String LETTERS = "KEg$lshzxetdmnA";
        private static final String ALL = "g$lshzxetd";

        @Override
        public Optional<String> problem(String value) {
            String letters = value.equals("\"\"") ? "" : value;
            return letters.chars().allMatch(letter -> LETTERS.indexOf(letter) >= 0) ? Optional.empty()
                    : Optional.of("must be \"\" or letters from " + LETTERS);
        }

        @Override
        public String normalize(String value) {
            String letters = value.strip().equals("\"\"") ? "" : value.strip().replace("A", ALL);
            return letters.chars().distinct().sorted().mapToObj(Character::toString).collect(Collectors.joining());
        }
    }

    /** Percentiles from 0 to 100, separated by spaces. */
    record Percentiles() implements DirectiveType {
        @Override
        public Optional<String> problem(String value) {
            boolean valid = Arrays.stream(value.strip().split("\\s+")).allMatch(word -> word.matches("\\d+(\\.\\d+)?")
                    && Double.parseDouble(word) <= 100);
            return valid ? Optional.empty() : Optional.of("must be percentiles from 0 to 100 separated by spaces");
        }

        @Override
        public String normalize(String value) {
            return Arrays.stream(value.strip().split("\\s+")).map(word -> String.valueOf(Double.parseDouble(word)))
                    .collect(Collectors.joining(" "));
        }
    }
}
