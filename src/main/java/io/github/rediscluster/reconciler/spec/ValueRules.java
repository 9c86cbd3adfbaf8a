package io.github.rediscluster.reconciler.spec;

import static io.github.rediscluster.reconciler.spec.ValueRule.accept;
import static io.github.rediscluster.reconciler.spec.ValueRule.refuse;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The kinds of value a spec key can hold, each with the problem it reports for a text it refuses. */
public final class ValueRules {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern QUANTITY = Pattern.compile(
            "\\+?(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\\d+)?");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

    private ValueRules() {
    }

    /**
     * Text that must not be empty; {@code problem} returns what is wrong with a non-empty text, if anything, and the
     * message then quotes the text.
     */
    public static ValueRule<String> text(Function<String, Optional<String>> problem) {
        return value -> {
            if (value.isEmpty()) {
                return refuse("must not be empty");
            }
            return problem.apply(value).<ValueRule.Checked<String>>map(found -> refuse(found + ", got '" + value + "'"))
                    .orElseGet(() -> accept(value));
        };
    }

    /** Text matching {@code pattern} (the whole text); otherwise {@code problem}. */
    public static ValueRule<String> matching(String pattern, String problem) {
        Pattern compiled = Pattern.compile(pattern);
        return text(value -> check(compiled.matcher(value).matches(), problem));
    }

    /** As {@code rule}, but an empty (or blank) text means "not set" rather than a mistake. */
    public static ValueRule<Optional<String>> optional(ValueRule<String> rule) {
        ValueRule<Optional<String>> present = rule.map(Optional::of);
        return value -> value.isEmpty() ? accept(Optional.empty()) : present.check(value);
    }

    /** A DNS label (a letter first) of at most {@code maxLength} characters, as names of most objects must be. */
    public static ValueRule<String> dnsLabel(int maxLength, String problem) {
        return text(value -> check(DNS_LABEL.matcher(value).matches() && value.length() <= maxLength, problem));
    }

    /** A DNS subdomain, as names of ConfigMaps, Secrets and PersistentVolumes may be. */
    public static ValueRule<String> dnsSubdomain() {
        return text(value -> check(DNS_SUBDOMAIN.matcher(value).matches() && value.length() <= 240,
                "must be a DNS subdomain (lower-case letters, digits, '-' and '.')"));
    }

    /** A Kubernetes quantity greater than zero (a size, a CPU or memory amount). */
    public static ValueRule<String> positiveQuantity() {
        return text(value -> {
            if (!QUANTITY.matcher(value).matches()) {
                return Optional.of("must be a Kubernetes quantity such as 200M, 1Gi or 100m");
            }
            return check(Quantity.getAmountInBytes(new Quantity(value)).compareTo(BigDecimal.ZERO) > 0,
                    "must be greater than zero");
        });
    }

    /** A whole number from {@code min} to {@code max}. */
    public static ValueRule<Integer> wholeNumber(int min, int max) {
        return value -> {
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= min && parsed <= max) {
                    return accept(parsed);
                }
            } catch (NumberFormatException e) {
                // refused below, with the allowed range
            }
            return refuse("must be a whole number from " + min + " to " + max + ", got '" + value + "'");
        };
    }

    /** One of the constants of {@code type}, in any letter case (so {@code nodeport} is not a needless error). */
    public static <E extends Enum<E>> ValueRule<E> oneOf(Class<E> type) {
        E[] constants = type.getEnumConstants();
        String names = Arrays.stream(constants).map(Enum::name).collect(Collectors.joining(" or "));
        return value -> Arrays.stream(constants).filter(constant -> constant.name().equalsIgnoreCase(value)).findFirst()
                .<ValueRule.Checked<E>>map(ValueRule::accept)
                .orElseGet(() -> refuse("must be " + names + ", got '" + value + "'"));
    }

    /**
     * A duration from {@code min} to {@code max}, written as Quarkus writes them ({@code 500ms}, {@code 10s}, {@code 2m},
     * {@code 1h}, a bare number of seconds) or in ISO-8601 ({@code PT10S}); {@code examples} show the forms in the
     * problem.
     */
    public static ValueRule<Duration> duration(Duration min, Duration max, String examples) {
        return value -> {
            Optional<Duration> parsed = parseDuration(value);
            if (parsed.isEmpty()) {
                return refuse("must be a duration such as " + examples + ", got '" + value + "'");
            }
            if (parsed.get().compareTo(min) < 0 || parsed.get().compareTo(max) > 0) {
                return refuse("must be between " + shortForm(min) + " and " + shortForm(max) + ", got " + value);
            }
            return accept(parsed.get());
        };
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

    /** {@code 1h}, {@code 10m}, {@code 1s}, {@code 100ms}: the largest unit that divides the duration. */
    static String shortForm(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    static Optional<String> check(boolean valid, String problem) {
        return valid ? Optional.empty() : Optional.of(problem);
    }
}
