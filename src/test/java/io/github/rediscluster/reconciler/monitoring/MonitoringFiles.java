package io.github.rediscluster.reconciler.monitoring;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The monitoring files shipped in the repository: the rules, their unit tests, the dashboard, the component. */
public final class MonitoringFiles {

    public static final Path RULES = Path.of("monitoring/redis-cluster-rules.yaml");
    static final Path RULES_TEST = Path.of("monitoring/tests/redis-cluster-rules-test.yaml");
    static final Path DASHBOARD = Path.of("monitoring/grafana-dashboard.json");
    static final Path COMPONENT = Path.of("kubernetes/components/monitoring");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private MonitoringFiles() {
    }

    /**
     * redis_exporter 1.45's metric families (Debian's prometheus-redis-exporter), from a scrape of a Redis 7.0 node
     * and its source: MonitoringEndToEndTest (tag tools) checks them against live scrapes.
     */
    public static Set<String> exporterNames() {
        try (InputStream in = MonitoringFiles.class.getResourceAsStream("/monitoring/redis-exporter-metrics.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A YAML or JSON file as maps and lists. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return SERIALIZATION.unmarshal(in, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
