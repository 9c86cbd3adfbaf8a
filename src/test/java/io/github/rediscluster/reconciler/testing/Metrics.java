package io.github.rediscluster.reconciler.testing;

import static io.restassured.RestAssured.given;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The service's Prometheus scrape, as series ({@code name{labels}}, labels as Prometheus prints them) to values. */
public final class Metrics {

    private Metrics() {
    }

    public static Map<String, Double> scrape() {
        return parse(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /** Scrapes a service at {@code baseUrl}, e.g. a sandbox run's. */
    public static Map<String, Double> scrape(String baseUrl) {
        return parse(given().baseUri(baseUrl).get("/q/metrics").then().statusCode(200).extract().asString());
    }

    static Map<String, Double> parse(String text) {
        Map<String, Double> series = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return series;
    }

    /**
     * The sum of the series of {@code name} whose labels include every {@code key=value} given (0 when none exists
     * yet): {@code sum(series, "redis_cluster_reconciler_passes_total", "outcome=failed")}.
     */
    public static double sum(Map<String, Double> series, String name, String... labels) {
        return series.entrySet().stream().filter(entry -> name(entry.getKey()).equals(name))
                .filter(entry -> Arrays.stream(labels).allMatch(label -> labels(entry.getKey()).contains(quoted(label))))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** The metric name of a series: {@code a_total{x="1"}} is a_total. */
    public static String name(String series) {
        int brace = series.indexOf('{');
        return brace < 0 ? series : series.substring(0, brace);
    }

    /** The labels of a series as Prometheus prints them, {@code key="value"} each. */
    public static List<String> labels(String series) {
        int brace = series.indexOf('{');
        if (brace < 0) {
            return List.of();
        }
        return List.of(series.substring(brace + 1, series.length() - 1).split(",(?=[a-z_]+=\")"));
    }

    private static String quoted(String label) {
        int equals = label.indexOf('=');
        return label.substring(0, equals) + "=\"" + label.substring(equals + 1) + "\"";
    }

    /** A counter's value, 0 when the series does not exist yet. */
    public static double value(Map<String, Double> series, String name) {
        return series.getOrDefault(name, 0.0);
    }
}
