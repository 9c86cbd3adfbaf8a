package io.github.rediscluster.reconciler.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import io.github.rediscluster.reconciler.monitoring.DashboardQueries;
import io.github.rediscluster.reconciler.monitoring.MonitoringFiles;
import io.github.rediscluster.reconciler.sandbox.Sandbox;
import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import io.github.rediscluster.reconciler.spec.SpecStore;
import io.github.rediscluster.reconciler.testing.ClusterKeys;
import io.github.rediscluster.reconciler.testing.LoopTicker;
import io.github.rediscluster.reconciler.testing.Metrics;
import io.github.rediscluster.reconciler.testing.Poll;
import io.github.rediscluster.reconciler.testing.PrometheusProcess;
import io.github.rediscluster.reconciler.testing.SandboxRun;
import io.github.rediscluster.reconciler.testing.SpecFile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Monitoring for real, in the sandbox: every redis pod runs redis_exporter beside redis-server (Debian's
 * prometheus-redis-exporter 1.45, as the sandbox kubelet maps the exporter image), and a real Prometheus (Debian's
 * 2.42) scrapes the exporters and the reconciler with the shipped alerting rules. The dashboard's queries name
 * series the two actually export; after a full restart the cluster-state alert fires, and resolves once the
 * reconciler has healed the cluster. Tag tools: needs both binaries (.ci/run installs them).
 */
@Tag("e2e")
@Tag("tools")
@WithKubernetesTestServer
@QuarkusTest
class MonitoringEndToEndTest {

    private static final int PORT = 6379;
    private static final int EXPORTER_PORT = 9121;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String ALERT = "RedisClusterStateNotOk";

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Inject
    ReconcileLoop loop;

    @Inject
    SpecStore specs;

    @Test
    void exportersAndPrometheusSeeAFullRestartAndItsHealing() throws Exception {
        String spec = SpecFile.with(3, 1, "redis-cluster.metrics.exporter=true");
        try (SandboxRun run = SandboxRun.start(server, client, specs, "monitoring", spec);
                LoopTicker ticker = LoopTicker.start(loop);
                ClusterKeys keys = new ClusterKeys()) {
            Sandbox sandbox = run.sandbox();
            awaitClusterStateOk(1);
            keys.write(ips(sandbox), PORT, 200);
            keys.missing(ips(sandbox), PORT, 200);

            Set<String> exported = new TreeSet<>();
            for (SandboxPod pod : sandbox.pods()) {
                exported.addAll(Poll.until("redis_up 1 from the exporter of " + pod.name(), TIMEOUT,
                        () -> exporterScrape(pod.ip()), text -> text.contains("\nredis_up 1")).lines()
                        .filter(line -> line.startsWith("# TYPE ")).map(line -> line.split(" ")[2]).toList());
            }
            Set<String> reconciler = Metrics.scrape().keySet().stream().map(Metrics::name).collect(Collectors.toSet());
            assertThat(DashboardQueries.seriesNames()).as("series the dashboard queries, by a live scrape of both")
                    .allSatisfy(name -> assertThat(exported.contains(name) || reconciler.contains(name))
                            .as("%s exported by the sandbox's redis_exporter or the reconciler", name).isTrue());
            assertThat(exported).as("the exporter names the tests hold (src/test/resources/monitoring)")
                    .containsAll(MonitoringFiles.exporterNames());

            Path directory = run.root().resolve("prometheus");
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("rules.yaml"), rulesFiringAtOnce());
            writeExporterTargets(directory, sandbox);
            try (PrometheusProcess prometheus = PrometheusProcess.start(directory, config())) {
                Poll.until("Prometheus scraping the reconciler and 6 exporters", TIMEOUT, prometheus::targets,
                        targets -> targets.size() == 7 && targets.stream().allMatch(target -> "up".equals(target.get("health"))));
                Poll.until("every exporter's redis_up 1 in Prometheus", TIMEOUT, () -> prometheus.query("redis_up == 1"),
                        result -> result.size() == 6);
                assertThat(firing(prometheus)).as("alerts on the healthy cluster").isEmpty();

                Set<String> oldIps = Set.copyOf(ips(sandbox));
                sandbox.restartAll();

                Poll.until(ALERT + " firing after the full restart", TIMEOUT, () -> firing(prometheus),
                        alerts -> alerts.contains(ALERT));
                Poll.until("every pod back on a new IP", TIMEOUT, sandbox::pods,
                        pods -> pods.size() == 6 && pods.stream().allMatch(pod -> pod.ready() && !oldIps.contains(pod.ip())));
                writeExporterTargets(directory, sandbox);
                Poll.until(ALERT + " resolved once the reconciler healed the cluster", TIMEOUT, () -> firing(prometheus),
                        alerts -> !alerts.contains(ALERT));
                assertThat(prometheus.query("redis_cluster_reconciler_cluster_state_ok{cluster=\"redis-app\"} == 1"))
                        .as("the reconciler's view in Prometheus").hasSize(1);
                Poll.until("the exporters at the new IPs scraped", TIMEOUT, () -> prometheus.query("redis_up == 1"),
                        result -> result.size() == 6);
            }
        }
    }

    /** The shipped rules, with every {@code for} at zero: the test watches one restart, not minutes of outage. */
    private static String rulesFiringAtOnce() throws Exception {
        return Files.readString(MonitoringFiles.RULES).replaceAll("(?m)^(\\s+)for: \\S+$", "$1for: 0s");
    }

    /** The reconciler's series keep their labels; the exporters get the pods' (as the component's PodMonitor does). */
    private static String config() {
        return """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: [rules.yaml]
                scrape_configs:
                  - job_name: reconciler
                    honor_labels: true
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                  - job_name: redis
                    file_sd_configs:
                      - files: [exporters.json]
                """.formatted(RestAssured.port);
    }

    /** The exporters' targets as a file Prometheus watches: a full restart gives every pod a new IP. */
    private static void writeExporterTargets(Path directory, Sandbox sandbox) throws Exception {
        String targets = sandbox.pods().stream().map(pod -> "\"" + pod.ip() + ":" + EXPORTER_PORT + "\"")
                .collect(Collectors.joining(", "));
        Path temporary = directory.resolve("exporters.json.tmp");
        Files.writeString(temporary, "[{\"targets\": [" + targets + "], \"labels\": {\"cluster\": \"redis-app\", \"namespace\": \""
                + SpecFile.NAMESPACE + "\"}}]");
        Files.move(temporary, directory.resolve("exporters.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String exporterScrape(String ip) {
        try {
            return given().baseUri("http://" + ip + ":" + EXPORTER_PORT).get("/metrics").then().statusCode(200).extract().asString();
        } catch (Exception | AssertionError e) {
            return "no answer: " + e.getMessage();
        }
    }

    private static List<String> firing(PrometheusProcess prometheus) {
        return prometheus.alerts().stream().filter(alert -> "firing".equals(alert.get("state")))
                .map(alert -> String.valueOf(((Map<?, ?>) alert.get("labels")).get("alertname"))).toList();
    }

    private static void awaitClusterStateOk(double value) {
        Poll.until("the reconciler's cluster_state_ok " + value, TIMEOUT,
                () -> Metrics.sum(Metrics.scrape(), "redis_cluster_reconciler_cluster_state_ok"), ok -> ok == value);
    }

    private static List<String> ips(Sandbox sandbox) {
        return sandbox.pods().stream().map(SandboxPod::ip).toList();
    }
}
