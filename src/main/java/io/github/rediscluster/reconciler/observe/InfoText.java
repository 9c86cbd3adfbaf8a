package io.github.rediscluster.reconciler.observe;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses the {@code key:value} lines of INFO and CLUSTER INFO; section headers and blank lines are skipped. */
public final class InfoText {

    private InfoText() {
    }

    public static Map<String, String> parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (!line.startsWith("#") && colon > 0) {
                values.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return values;
    }
}
