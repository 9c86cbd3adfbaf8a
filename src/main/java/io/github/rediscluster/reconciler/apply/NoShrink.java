package io.github.rediscluster.reconciler.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * A quantity that may grow but never shrink in place (a volume's capacity): a smaller value is refused and the live
 * one kept.
 *
 * @param pointer JSON pointer of the quantity, e.g. {@code /spec/capacity/storage}
 * @param remedy what the user can do
 */
record NoShrink(String pointer, String remedy) implements ChangeGuard {

    @Override
    public Optional<String> check(ObjectNode live, ObjectNode merged) {
        JsonNode liveValue = live.at(pointer);
        Optional<BigDecimal> liveBytes = ClaimTemplateChange.bytes(liveValue.asText(""));
        Optional<BigDecimal> wantedBytes = ClaimTemplateChange.bytes(merged.at(pointer).asText(""));
        if (liveBytes.isEmpty() || wantedBytes.isEmpty() || wantedBytes.get().compareTo(liveBytes.get()) >= 0) {
            return Optional.empty();
        }
        String wanted = merged.at(pointer).asText();
        ChangeGuard.restore(merged, pointer, liveValue);
        return Optional.of(ChangeGuard.dotted(pointer) + " cannot shrink (live " + liveValue.asText() + ", wanted "
                + wanted + "): " + remedy);
    }
}
