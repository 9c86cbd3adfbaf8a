package io.github.rediscluster.reconciler.spec;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the properties file(s) that hold the spec. A mounted ConfigMap is updated by the kubelet with a
 * symlink swap, so change detection compares file contents (read through the links), never timestamps.
 */
public final class SpecFiles {

    private final List<Path> paths;

    public SpecFiles(List<Path> paths) {
        this.paths = List.copyOf(paths);
    }

    /** Parses a {@code quarkus.config.locations} style list: comma-separated paths or {@code file:} URLs. */
    public static SpecFiles fromLocations(String locations) {
        return new SpecFiles(Arrays.stream(locations.split(","))
                .map(String::strip)
                .filter(location -> !location.isEmpty())
                .map(location -> location.startsWith("file:") ? location.substring("file:".length()) : location)
                .map(Path::of)
                .toList());
    }

    public List<Path> paths() {
        return paths;
    }

    /** The raw text of every file, in order: equal contents mean an unchanged spec. */
    public record Contents(List<String> texts) {

        /** All properties; a later file overrides an earlier one, as Quarkus does for its config locations. */
        public Map<String, String> properties() throws IOException {
            Map<String, String> merged = new HashMap<>();
            for (String text : texts) {
                Properties properties = new Properties();
                properties.load(new StringReader(text));
                properties.stringPropertyNames().forEach(key -> merged.put(key, properties.getProperty(key)));
            }
            return merged;
        }
    }

    /** @throws IOException naming the file that is missing or unreadable */
    public Contents read() throws IOException {
        String[] texts = new String[paths.size()];
        for (int i = 0; i < texts.length; i++) {
            Path path = paths.get(i);
            if (!Files.isRegularFile(path)) {
                throw new IOException("spec file " + path.toAbsolutePath() + " does not exist");
            }
            texts[i] = Files.readString(path, StandardCharsets.UTF_8);
        }
        return new Contents(List.of(texts));
    }
}
