package io.github.rediscluster.reconciler.observe;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses the {@code key:value} lines of INFO and CLUSTER INFO; section headers and blank lines are skipped. */
public final class InfoText {

    private InfoText() {
    }

    public static Map<String, String> parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end;
            int colon = text.indexOf(':', start);
            if (text.charAt(start) != '#' && colon > start && colon < end) {
                values.put(text.substring(start, colon), text.substring(colon + 1, end).strip());
            }
            start = end + 1;
        }
        return values;
    }
}
