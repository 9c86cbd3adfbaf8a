package io.github.rediscluster.reconciler.testing;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real Prometheus (Debian's prometheus, 2.42) for a test: started on a free loopback port with the given config
 * in a directory of its own, asked through its HTTP API, stopped on close. The binary is PROMETHEUS or prometheus.
 */
public final class PrometheusProcess implements AutoCloseable {

    private final Process process;
    private final String baseUri;

    private PrometheusProcess(Process process, String baseUri) {
        this.process = process;
        this.baseUri = baseUri;
    }

    /** Starts it on {@code config} (prometheus.yml text; relative paths in it are read from {@code directory}). */
    public static PrometheusProcess start(Path directory, String config) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("prometheus.yml"), config);
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String binary = System.getenv().getOrDefault("PROMETHEUS", "prometheus");
        Process process = new ProcessBuilder(binary, "--config.file=prometheus.yml", "--storage.tsdb.path=data",
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("prometheus.log").toFile()).start();
        PrometheusProcess prometheus = new PrometheusProcess(process, "http://127.0.0.1:" + port);
        Poll.until("Prometheus ready on port " + port, Duration.ofSeconds(30), prometheus::ready, ready -> ready);
        return prometheus;
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new IllegalStateException("prometheus exited with " + process.exitValue() + ": see its prometheus.log");
        }
        try {
            return given().baseUri(baseUri).get("/-/ready").statusCode() == 200;
        } catch (Exception e) {
            // Not listening yet: RestAssured throws the ConnectException, checked or not.
            return false;
        }
    }

    /** The scrape targets, each with its labels, health ("up", "down", "unknown") and last error. */
    public List<Map<String, Object>> targets() {
        return api("/api/v1/targets").getList("data.activeTargets");
    }

    /** The alerts pending or firing now, each with labels and state. */
    public List<Map<String, Object>> alerts() {
        return api("/api/v1/alerts").getList("data.alerts");
    }

    /** An instant query's result: one entry per series, {@code metric} (labels) and {@code value} [time, "value"]. */
    public List<Map<String, Object>> query(String promql) {
        return JsonPath.from(given().baseUri(baseUri).queryParam("query", promql).get("/api/v1/query").then()
                .statusCode(200).extract().asString()).getList("data.result");
    }

    private JsonPath api(String path) {
        return JsonPath.from(given().baseUri(baseUri).get(path).then().statusCode(200).extract().asString());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
