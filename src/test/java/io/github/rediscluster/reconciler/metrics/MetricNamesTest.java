package io.github.rediscluster.reconciler.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.github.rediscluster.reconciler.monitoring.MonitoringFiles;
import org.junit.jupiter.api.Test;

/**
 * Our series never share a name, or a name's beginning, with redis_exporter's: a dashboard that sums {@code redis_*}
 * series of the pods would otherwise count ours too, with another meaning. And docs/operations.md lists exactly them.
 */
class MetricNamesTest {

    static final String OURS = "redis_cluster_reconciler_";
    /** The exporter's namespace (its --namespace default): every series of it starts with this. */
    static final String EXPORTER_NAMESPACE = "redis_";

    static List<String> ourNames() {
        return Arrays.stream(ReconcilerMeter.values()).map(ReconcilerMeter::prometheusName).toList();
    }

    @Test
    void everyNameOfOursIsInOurNamespaceNotTheExporters() throws IOException {
        Set<String> exporter = MonitoringFiles.exporterNames();
        assertThat(exporter).as("the exporter's names read").contains("redis_cluster_slots_ok", "redis_up", "redis_memory_max_bytes");
        assertThat(ourNames()).allSatisfy(name -> {
            assertThat(name).as("a name of ours in the exporter's namespace but not in ours")
                    .matches(one -> !one.startsWith(EXPORTER_NAMESPACE) || one.startsWith(OURS));
            assertThat(exporter).as("exporter names that %s begins with", name).noneMatch(name::startsWith);
        });
        assertThat(exporter).as("exporter names in our namespace").noneMatch(name -> name.startsWith(OURS));
    }

    @Test
    void namesFollowPrometheusConventions() {
        assertThat(ReconcilerMeter.values()).allSatisfy(meter -> {
            String name = meter.prometheusName();
            assertThat(name).matches("[a-z_]+");
            assertThat(name.endsWith("_total")).as(name).isEqualTo(meter.type() == ReconcilerMeter.Type.COUNTER);
            assertThat(name).as("base units only").doesNotContain("millis", "_ms_", "bytes_kb");
        });
    }

    /** The table of docs/operations.md's metrics section names exactly the series exported, each once. */
    @Test
    void operationsDocListsExactlyTheNamesExported() throws IOException {
        Matcher names = Pattern.compile("^\\| `(redis_cluster_reconciler_[a-z_]+)", Pattern.MULTILINE)
                .matcher(Files.readString(Path.of("docs/operations.md")));
        List<String> documented = names.results().map(match -> match.group(1)).toList();
        assertThat(documented).as("documented in docs/operations.md").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(ourNames());
    }
}
