package io.github.rediscluster.reconciler.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.metrics.ReconcilerMeter;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every series the dashboard queries is one the reconciler declares or redis_exporter 1.45 exports (by the list of
 * its names). The live scrapes check the same against what runs: MonitoringEndToEndTest (tag tools) for both.
 */
class DashboardTest {

    @Test
    void everyQueryNamesASeriesOfTheReconcilerOrTheExporter() {
        Set<String> ours = Arrays.stream(ReconcilerMeter.values()).flatMap(meter -> meter.type() == ReconcilerMeter.Type.TIMER
                ? Arrays.stream(new String[] {"_bucket", "_count", "_sum", "_max"}).map(suffix -> meter.prometheusName() + suffix)
                : Arrays.stream(new String[] {meter.prometheusName()})).collect(Collectors.toSet());
        Set<String> exporter = MonitoringFiles.exporterNames();

        assertThat(DashboardQueries.queries()).as("queries read from the dashboard").hasSizeGreaterThan(20)
                .anyMatch(query -> query.startsWith("label_values("));
        assertThat(DashboardQueries.seriesNames()).as("series the dashboard names")
                .contains("redis_cluster_reconciler_passes_total", "redis_up")
                .allSatisfy(name -> assertThat(ours.contains(name) || exporter.contains(name))
                        .as("%s is exported by the reconciler or by redis_exporter", name).isTrue());
    }
}
