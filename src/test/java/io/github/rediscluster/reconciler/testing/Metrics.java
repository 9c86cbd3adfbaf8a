package io.github.rediscluster.reconciler.testing;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
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

    /** A counter's value, 0 when the series does not exist yet. */
    public static double value(Map<String, Double> series, String name) {
        return series.getOrDefault(name, 0.0);
    }
}
