package io.github.rediscluster.reconciler.sandbox;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The container's view of its volumes: mount path -> host directory. A sandbox process shares the host's
 * file system (no mount namespace without root), so container paths in its args and mounted config files
 * are rewritten to the host directories, the way a chroot would have resolved them.
 */
final class MountTable {

    static final MountTable NONE = new MountTable(Map.of());

    private final Map<String, Path> mounts;
    private final Pattern containerPaths;

    MountTable(Map<String, Path> mounts) {
        this.mounts = new LinkedHashMap<>(mounts);
        // One pass over the text with the longest mount path first, so a host path is never rewritten again.
        String alternatives = mounts.keySet().stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote)
                .collect(Collectors.joining("|"));
        // A container path is a whole token: after a blank, quote, '=' or ':' and before '/', a blank or a quote.
        this.containerPaths = mounts.isEmpty() ? null
                : Pattern.compile("(?<![^\\s\"'=:])(" + alternatives + ")(?![^/\\s\"'])");
    }

    Map<String, Path> mounts() {
        return mounts;
    }

    String translate(String text) {
        if (containerPaths == null) {
            return text;
        }
        Matcher matcher = containerPaths.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(mounts.get(matcher.group(1)).toString()));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
