package io.github.rediscluster.reconciler.sandbox;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which redis-server the sandbox kubelet runs for a container's image, so that a change of image (a Redis upgrade) can
 * be played: the setting {@code sandbox.images} lists rules {@code <image pattern>=<binary>}, comma-separated, first
 * match wins; {@code *} in a pattern matches any characters; the binary is a path or {@code embedded} (the 6.2 of the
 * embedded-redis artifact). An image no rule matches runs the sandbox's default binary
 * ({@link RedisServerBinary#locate}). For example {@code redis:6.2*=embedded,redis:7.0*=/usr/bin/redis-server}.
 */
public final class ImageBinaries {

    public static final String EMBEDDED = "embedded";

    /** One rule of the setting: images matching {@code pattern} run {@code binary}. */
    public record Rule(String pattern, String binary) {

        boolean matches(String image) {
            return Pattern.matches(Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote)
                    .collect(Collectors.joining(".*")), image);
        }
    }

    private final List<Rule> rules;
    private final Map<String, RedisServerBinary> binaries;
    private final RedisServerBinary fallback;

    private ImageBinaries(List<Rule> rules, Map<String, RedisServerBinary> binaries, RedisServerBinary fallback) {
        this.rules = List.copyOf(rules);
        this.binaries = Map.copyOf(binaries);
        this.fallback = fallback;
    }

    /** Every image runs {@code binary}. */
    public static ImageBinaries only(RedisServerBinary binary) {
        return new ImageBinaries(List.of(), Map.of(), binary);
    }

    /**
     * The rules of {@code setting}, each binary probed now (its version asked), so that a wrong path fails the sandbox's
     * start with the rule named rather than a pod later.
     */
    public static ImageBinaries of(String setting, RedisServerBinary fallback) throws IOException {
        List<Rule> rules = parse(setting);
        Map<String, RedisServerBinary> binaries = new LinkedHashMap<>();
        for (Rule rule : rules) {
            if (!binaries.containsKey(rule.binary())) {
                try {
                    binaries.put(rule.binary(), RedisServerBinary.at(rule.binary()));
                } catch (IOException e) {
                    throw new IOException("sandbox.images rule " + rule.pattern() + "=" + rule.binary() + ": " + e.getMessage(), e);
                }
            }
        }
        return new ImageBinaries(rules, binaries, fallback);
    }

    /** The rules of the setting, in order; a blank setting has none. */
    public static List<Rule> parse(String setting) {
        List<Rule> rules = new ArrayList<>();
        if (setting == null || setting.isBlank()) {
            return rules;
        }
        for (String entry : setting.split(",")) {
            int equals = entry.indexOf('=');
            String pattern = equals < 0 ? "" : entry.substring(0, equals).strip();
            String binary = equals < 0 ? "" : entry.substring(equals + 1).strip();
            if (pattern.isEmpty() || binary.isEmpty()) {
                throw new IllegalArgumentException("sandbox.images: '" + entry.strip() + "' is not <image pattern>=<binary>"
                        + " (e.g. redis:7.0*=/usr/bin/redis-server, or redis:6.2*=" + EMBEDDED + ")");
            }
            rules.add(new Rule(pattern, binary));
        }
        return rules;
    }

    /** The binary of the first rule matching {@code image}; empty when none does. */
    public static Optional<String> binaryFor(List<Rule> rules, String image) {
        return rules.stream().filter(rule -> rule.matches(image)).map(Rule::binary).findFirst();
    }

    /** What a container of {@code image} runs. */
    public RedisServerBinary forImage(String image) {
        return binaryFor(rules, image == null ? "" : image).map(binaries::get).orElse(fallback);
    }

    @Override
    public String toString() {
        if (rules.isEmpty()) {
            return fallback.toString();
        }
        List<String> shown = new ArrayList<>();
        rules.forEach(rule -> shown.add(rule.pattern() + " -> " + binaries.get(rule.binary())));
        shown.add("any other image -> " + fallback);
        return String.join("; ", shown);
    }
}
