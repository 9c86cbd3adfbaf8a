package io.github.rediscluster.reconciler.benchmark;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import io.github.rediscluster.reconciler.testing.BenchmarkFiles;
import io.github.rediscluster.reconciler.testing.ClusterCheck;
import io.github.rediscluster.reconciler.testing.Poll;
import io.github.rediscluster.reconciler.testing.RealApiServer;
import io.github.rediscluster.reconciler.testing.SandboxCluster;
import io.github.rediscluster.reconciler.testing.SpecFile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Prints what the redis_exporter sidecar (redis-cluster.metrics.exporter=true) costs per pod: the classic cluster
 * (3 masters + 1 replica each) with the exporter beside every redis-server, as the sandbox kubelet runs it (Debian's
 * prometheus-redis-exporter, the binary of the image's version), {@code -Dbenchmark.exporter.keys} keys written
 * (default 10000), then every exporter scraped every {@code -Dbenchmark.exporter.scrape-interval} (default 15 s, a
 * busy Prometheus) for {@code -Dbenchmark.exporter.minutes} (default 5): each exporter's RSS, peak RSS and CPU from
 * /proc, each scrape's time and size, next to its redis-server's RSS. Not a test: it asserts nothing about the
 * figures, but fails when an exporter is missing or a scrape does not answer 200. Run it with
 * {@code ./mvnw -Pbenchmark verify -Dtest=ExporterFootprintBenchmark}.
 */
@Tag("benchmark")
@WithKubernetesTestServer(setup = RealApiServer.class)
@QuarkusTest
class ExporterFootprintBenchmark {

    private static final int PORT = 6379;
    private static final int EXPORTER_PORT = 9121;
    private static final int MASTERS = 3;
    private static final int PODS = MASTERS * 2;
    private static final Path EXPORTER = Path.of("/usr/bin/prometheus-redis-exporter");
    private static final Duration DEADLINE = Duration.ofMinutes(2);

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @RegisterExtension
    final SandboxCluster run = SandboxCluster.startedByTheTest();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void footprintOfTheExporterSidecarPerPod() throws Exception {
        if (!Files.isExecutable(EXPORTER)) {
            throw new IllegalStateException(EXPORTER + " is missing: apt-get install -y prometheus-redis-exporter");
        }
        int keys = Integer.getInteger("benchmark.exporter.keys", 10_000);
        int minutes = Integer.getInteger("benchmark.exporter.minutes", 5);
        Duration interval = Duration.parse("PT" + System.getProperty("benchmark.exporter.scrape-interval", "15s").toUpperCase(Locale.ROOT));
        run.start(SpecFile.with(MASTERS, 1, "redis-cluster.metrics.exporter=true"));
        List<SandboxPod> pods = Poll.until("the classic cluster healthy", DEADLINE, this::healthyPods, found -> !found.isEmpty());
        run.keys().write(pods.stream().map(SandboxPod::ip).toList(), PORT, keys);
        Map<String, Long> exporters = Poll.until("an exporter process for each pod", DEADLINE, () -> exporterPids(pods),
                found -> found.size() == PODS);
        Map<String, List<Scrape>> scrapes = new LinkedHashMap<>();
        pods.forEach(pod -> scrapes.put(pod.name(), new ArrayList<>()));
        pods.forEach(pod -> scrape(pod)); // the first scrape of each exporter sets up what it keeps: outside the window
        Map<String, Sample> start = sample(exporters);
        Instant began = Instant.now();
        Instant end = began.plus(Duration.ofMinutes(minutes));
        for (Instant next = began; next.isBefore(end); next = next.plus(interval)) {
            sleepUntil(next);
            pods.forEach(pod -> scrapes.get(pod.name()).add(scrape(pod)));
        }
        sleepUntil(end);
        Map<String, Sample> last = sample(exporters);
        double window = Duration.between(began, Instant.now()).toMillis() / 1000.0;
        String machine = BenchmarkFiles.machine(run.sandbox().redisServer().version()) + "; " + exporterVersion();
        List<Row> rows = pods.stream().map(pod -> Row.of(pod, start.get(pod.name()), last.get(pod.name()), scrapes.get(pod.name()),
                window, redisRssKib(pod))).toList();
        BenchmarkFiles.write("exporter-footprint", table(machine, keys, minutes, interval, rows), csv(machine, rows));
    }

    private List<SandboxPod> healthyPods() {
        List<SandboxPod> pods = run.sandbox().pods();
        if (!ClusterCheck.podsReady(pods, MASTERS, 1, all -> true)
                || !ClusterCheck.take(run.redis(), PORT, pods, MASTERS, 1).healthy()) {
            return List.of();
        }
        return pods;
    }

    /** The exporters this JVM's sandbox started, by pod: the one listening on the pod's IP. */
    private static Map<String, Long> exporterPids(List<SandboxPod> pods) {
        Map<String, Long> found = new LinkedHashMap<>();
        ProcessHandle.current().descendants()
                .filter(process -> process.info().command().map(command -> command.equals(EXPORTER.toString())).orElse(false))
                .forEach(process -> listenAddress(process.pid()).ifPresent(address -> pods.stream()
                        .filter(pod -> address.equals(pod.ip() + ":" + EXPORTER_PORT)).findFirst()
                        .ifPresent(pod -> found.put(pod.name(), process.pid()))));
        return found;
    }

    private static Optional<String> listenAddress(long pid) {
        try {
            return Arrays.stream(Files.readString(Path.of("/proc", String.valueOf(pid), "environ")).split("\0"))
                    .filter(entry -> entry.startsWith("REDIS_EXPORTER_WEB_LISTEN_ADDRESS="))
                    .map(entry -> entry.substring(entry.indexOf('=') + 1)).findFirst();
        } catch (IOException e) {
            return Optional.empty(); // gone, or not ours to read
        }
    }

    record Scrape(long millis, int bytes, long series) {
    }

    private Scrape scrape(SandboxPod pod) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + pod.ip() + ":" + EXPORTER_PORT + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build();
        long before = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the exporter of " + pod.name() + " answered " + response.statusCode());
            }
            String body = response.body();
            return new Scrape(millis, body.getBytes(StandardCharsets.UTF_8).length,
                    body.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).count());
        } catch (IOException e) {
            throw new IllegalStateException("the exporter of " + pod.name() + " did not answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** RSS and peak RSS (KiB) and CPU (utime + stime, clock ticks) of one process, from /proc. */
    record Sample(long rssKib, long hwmKib, long cpuTicks) {

        static Sample of(long pid) throws IOException {
            Map<String, Long> status = statusKib(pid);
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new Sample(status.get("VmRSS"), status.get("VmHWM"), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        }
    }

    private static Map<String, Long> statusKib(long pid) throws IOException {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:") || line.startsWith("VmHWM:")) {
                values.put(line.substring(0, line.indexOf(':')), Long.parseLong(line.replaceAll("[^0-9]", "")));
            }
        }
        return values;
    }

    private static Map<String, Sample> sample(Map<String, Long> pids) throws IOException {
        Map<String, Sample> samples = new LinkedHashMap<>();
        for (Map.Entry<String, Long> pid : pids.entrySet()) {
            samples.put(pid.getKey(), Sample.of(pid.getValue()));
        }
        return samples;
    }

    private static long redisRssKib(SandboxPod pod) {
        try {
            return statusKib(pod.pid()).get("VmRSS");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the redis-server of " + pod.name(), e);
        }
    }

    /** One pod's figures over the window. */
    record Row(String pod, long rssStartKib, long rssEndKib, long hwmKib, double cpuSeconds, double window, int scrapes,
            long medianMillis, long maxMillis, int bytes, long series, long redisRssKib) {

        static Row of(SandboxPod pod, Sample start, Sample end, List<Scrape> scrapes, double window, long redisRssKib) {
            long[] millis = scrapes.stream().mapToLong(Scrape::millis).sorted().toArray();
            Scrape last = scrapes.get(scrapes.size() - 1);
            return new Row(pod.name(), start.rssKib(), end.rssKib(), end.hwmKib(), (end.cpuTicks() - start.cpuTicks()) / TICKS,
                    window, scrapes.size(), millis[millis.length / 2], millis[millis.length - 1], last.bytes(), last.series(),
                    redisRssKib);
        }

        String[] cells() {
            return new String[] {pod, mib(rssStartKib) + " -> " + mib(rssEndKib), mib(hwmKib), format(cpuSeconds),
                format(100 * cpuSeconds / window), format(1000 * cpuSeconds / scrapes), medianMillis + " / " + maxMillis,
                format(bytes / 1024.0), String.valueOf(series), mib(redisRssKib)};
        }
    }

    /** USER_HZ: 100 on Linux x86 and arm (what /proc/<pid>/stat counts in). */
    private static final double TICKS = 100.0;
    private static final String[] HEADER = {"pod", "exporter RSS MiB (window start -> end)", "exporter peak RSS MiB",
        "exporter CPU s", "CPU % of one core", "CPU ms per scrape", "scrape ms median / max", "response KiB", "series",
        "redis-server RSS MiB"};

    private static String table(String machine, int keys, int minutes, Duration interval, List<Row> rows) {
        StringBuilder text = new StringBuilder("## Footprint of the redis_exporter sidecar, per pod\n\n").append(machine)
                .append(".\n\nThe classic cluster (3 masters + 1 replica each), redis-cluster.metrics.exporter=true, ")
                .append(keys).append(" keys; every exporter scraped every ").append(interval.toSeconds()).append(" s for ")
                .append(minutes).append(" min after one scrape to warm up; RSS, peak RSS (VmHWM) and CPU (utime+stime) from")
                .append(" /proc.\n\n| ").append(String.join(" | ", HEADER)).append(" |\n|")
                .append("---|".repeat(HEADER.length)).append('\n');
        rows.forEach(row -> text.append("| ").append(String.join(" | ", row.cells())).append(" |\n"));
        return text.toString();
    }

    private static String csv(String machine, List<Row> rows) {
        StringBuilder text = new StringBuilder("machine,").append(String.join(",", HEADER)).append('\n');
        rows.forEach(row -> text.append('"').append(machine.replace("\"", "'")).append("\",")
                .append(String.join(",", Arrays.stream(row.cells()).map(cell -> "\"" + cell + "\"").toList())).append('\n'));
        return text.toString();
    }

    private static String exporterVersion() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(EXPORTER.toString(), "-version").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(10, TimeUnit.SECONDS);
        int at = output.indexOf("Redis Metrics Exporter");
        return at < 0 ? "redis_exporter (version not printed)" : output.substring(at).split("\\s{2,}")[0].replace("Redis Metrics Exporter", "redis_exporter");
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis); // a benchmark's sampling schedule, not a wait for a condition
        }
    }

    private static String mib(long kib) {
        return String.format(Locale.ROOT, "%.1f", kib / 1024.0);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
