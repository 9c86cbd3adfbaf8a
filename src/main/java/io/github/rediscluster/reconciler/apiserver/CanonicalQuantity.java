package io.github.rediscluster.reconciler.apiserver;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes quantity as the API server writes it back: rounded up to milli units (SetDefaults_ResourceList in
 * pkg/apis/core/v1/defaults.go), then in canonical form (Quantity.CanonicalizeBytes in
 * staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go): binary suffixes stay binary with the largest power of
 * 1024 that divides the value (1024Mi becomes 1Gi, 1536Mi stays), unless the value is below 1024 or not whole, which
 * turns it decimal; decimal values take the largest multiple-of-3 exponent that keeps the mantissa whole
 * (1000M becomes 1G, 0.5 becomes 500m).
 */
public final class CanonicalQuantity {

    private static final Pattern QUANTITY = Pattern.compile("([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))"
            + "(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?");
    private static final Map<String, Integer> DECIMAL = Map.of("n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6,
            "G", 9, "T", 12, "P", 15, "E", 18);
    private static final String[] BINARY = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final BigInteger KIBI = BigInteger.valueOf(1024);

    private CanonicalQuantity() {
    }

    private enum Format { BINARY_SI, DECIMAL_SI, DECIMAL_EXPONENT }

    /** The canonical text, or empty when {@code text} is no quantity (the API server would refuse it). */
    public static Optional<String> of(String text) {
        Matcher matcher = QUANTITY.matcher(text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String suffix = matcher.group(2) == null ? "" : matcher.group(2);
        BigDecimal value = new BigDecimal(matcher.group(1));
        Format format;
        if (suffix.endsWith("i")) {
            format = Format.BINARY_SI;
            value = value.multiply(new BigDecimal(KIBI.pow(indexOf(suffix))));
        } else if (suffix.startsWith("e") || suffix.startsWith("E")) {
            format = Format.DECIMAL_EXPONENT;
            value = value.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
        } else {
            format = Format.DECIMAL_SI;
            value = value.scaleByPowerOfTen(DECIMAL.get(suffix));
        }
        if (value.scale() > 3) {
            value = value.setScale(3, RoundingMode.CEILING);
        }
        if (value.signum() == 0) {
            return Optional.of("0");
        }
        if (format == Format.BINARY_SI && (value.abs().compareTo(BigDecimal.valueOf(1024)) < 0
                || value.stripTrailingZeros().scale() > 0)) {
            format = Format.DECIMAL_SI;
        }
        return Optional.of(format == Format.BINARY_SI ? binary(value.toBigIntegerExact()) : decimal(value, format));
    }

    private static String binary(BigInteger value) {
        int power = 0;
        while (power < BINARY.length - 1 && value.mod(KIBI).signum() == 0) {
            value = value.divide(KIBI);
            power++;
        }
        return value + BINARY[power];
    }

    private static String decimal(BigDecimal value, Format format) {
        BigDecimal stripped = value.stripTrailingZeros();
        BigInteger mantissa = stripped.unscaledValue();
        int exponent = -stripped.scale();
        int down = Math.floorMod(exponent, 3);
        String digits = mantissa.multiply(BigInteger.TEN.pow(down)).toString();
        int multipleOf3 = exponent - down;
        if (format == Format.DECIMAL_EXPONENT) {
            return digits + (multipleOf3 == 0 ? "" : "e" + multipleOf3);
        }
        return DECIMAL.entrySet().stream().filter(entry -> entry.getValue() == multipleOf3).findFirst()
                .map(entry -> digits + entry.getKey()).orElse(digits + "e" + multipleOf3);
    }

    private static int indexOf(String binarySuffix) {
        for (int i = 0; i < BINARY.length; i++) {
            if (BINARY[i].equals(binarySuffix)) {
                return i;
            }
        }
        throw new IllegalArgumentException(binarySuffix);
    }
}
