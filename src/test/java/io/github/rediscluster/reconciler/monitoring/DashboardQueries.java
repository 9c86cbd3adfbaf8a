package io.github.rediscluster.reconciler.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The PromQL of the Grafana dashboard (every panel's targets and every templating query), and the series they name. */
public final class DashboardQueries {

    /** Every series of ours and of redis_exporter starts with redis_; label names in queries never do. */
    private static final Pattern SERIES = Pattern.compile("\\bredis_[a-z0-9_]+");

    private DashboardQueries() {
    }

    public static List<String> queries() {
        List<String> queries = new ArrayList<>();
        collect(MonitoringFiles.read(MonitoringFiles.DASHBOARD), queries);
        return queries;
    }

    /** The series names the queries read, e.g. redis_up and redis_cluster_reconciler_passes_total. */
    public static Set<String> seriesNames() {
        Set<String> names = new TreeSet<>();
        queries().forEach(query -> SERIES.matcher(query).results().forEach(match -> names.add(match.group())));
        return names;
    }

    /** {@code expr} of targets, {@code query} of templating variables (a string, or an object with one). */
    private static void collect(Object node, List<String> queries) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if (("expr".equals(key) || "query".equals(key)) && value instanceof String query) {
                    queries.add(query);
                } else {
                    collect(value, queries);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collect(item, queries));
        }
    }
}
