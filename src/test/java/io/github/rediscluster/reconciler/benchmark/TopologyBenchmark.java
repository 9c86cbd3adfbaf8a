package io.github.rediscluster.reconciler.benchmark;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.observe.AuthSurvey;
import io.github.rediscluster.reconciler.apply.ClusterObjectsReconciler;
import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import io.github.rediscluster.reconciler.spec.SpecStore;
import io.github.rediscluster.reconciler.loop.TopologyReconciler;
import io.github.rediscluster.reconciler.sandbox.Sandbox;
import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import io.github.rediscluster.reconciler.testing.ApiRequestLog;
import io.github.rediscluster.reconciler.testing.BenchmarkFiles;
import io.github.rediscluster.reconciler.testing.ClusterCheck;
import io.github.rediscluster.reconciler.testing.LoopTicker;
import io.github.rediscluster.reconciler.testing.RedisCalls;
import io.github.rediscluster.reconciler.testing.SandboxRun;
import io.github.rediscluster.reconciler.testing.SpecFile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.github.rediscluster.reconciler.testing.RealApiServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
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
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How long clusters of M masters + 1 replica each take to form and to heal in the sandbox, with the reconciler
 * (its loop ticking every second, as deployed) and without it ({@code redis-cli --cluster create} to form, Redis
 * alone to heal), on fresh pods each time; and what one steady-state pass costs at each size. Not a test: it
 * asserts nothing about the figures. {@code -Dbenchmark.sizes=3,10,50} (masters), {@code -Dbenchmark.rounds=3}.
 */
@Tag("benchmark")
@WithKubernetesTestServer(setup = RealApiServer.class)
@QuarkusTest
class TopologyBenchmark {

    private static final int PORT = 6379;
    private static final int PASSES = 5;
    private static final List<String> MEASURES = List.of("form the cluster", "heal: one master on a new IP",
            "heal: all pods on new IPs");

    private enum Mode { RECONCILER, REDIS_ALONE }

    /** The figures of one steady-state pass. */
    record PassCost(int pods, long wallMillis, double cpuMillis, long apiReads, long apiWrites, long redisCommands) {
    }

    /** The three times of {@link #MEASURES} (empty: not healed in time), and a pass's cost when it was measured. */
    private record RunFigures(List<Optional<Duration>> times, Optional<PassCost> passCost) {
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Inject
    ReconcileLoop loop;

    @Inject
    SpecStore specs;

    @Inject
    ClusterObjectsReconciler objects;

    private final RedisCalls redis = new RedisCalls();
    private final Map<Integer, Duration> checkTimes = new LinkedHashMap<>();
    private String redisVersion = "?";

    @Test
    void formHealAndPassCostBySize() throws Exception {
        int rounds = Integer.getInteger("benchmark.rounds", 3);
        List<Integer> sizes = Arrays.stream(System.getProperty("benchmark.sizes", "3,10,50").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        Optional<Path> redisCli = BenchmarkFiles.redisCli();
        Map<String, List<Optional<Duration>>> figures = new LinkedHashMap<>();
        List<PassCost> passCosts = new ArrayList<>();
        for (int masters : sizes) {
            for (int round = 0; round < rounds; round++) {
                for (Mode mode : Mode.values()) {
                    if (mode == Mode.REDIS_ALONE && redisCli.isEmpty()) {
                        continue;
                    }
                    boolean costToo = mode == Mode.RECONCILER && round == 0;
                    RunFigures run = measure(masters, mode, redisCli, round, costToo);
                    run.passCost().ifPresent(passCosts::add);
                    for (int i = 0; i < MEASURES.size(); i++) {
                        figures.computeIfAbsent(key(masters, mode, MEASURES.get(i)), key -> new ArrayList<>())
                                .add(run.times().get(i));
                    }
                }
            }
        }
        BenchmarkFiles.write("topology", topologyTable(sizes, figures, rounds, redisCli), topologyCsv(figures));
        BenchmarkFiles.write("pass-cost", passCostTable(passCosts), passCostCsv(passCosts));
        redis.close();
    }

    private RunFigures measure(int masters, Mode mode, Optional<Path> redisCli, int round, boolean costToo)
            throws Exception {
        String name = "benchmark-" + masters + "-" + mode + "-" + round;
        try (SandboxRun run = SandboxRun.start(server, client, specs, name, SpecFile.withMasters(masters));
                LoopTicker ticker = mode == Mode.RECONCILER ? LoopTicker.start(loop) : null) {
            List<Optional<Duration>> times = measureOn(run.sandbox(), masters, mode, redisCli);
            if (ticker == null || !costToo || times.get(2).isEmpty()) {
                return new RunFigures(times, Optional.empty());
            }
            ticker.close(); // the pass cost is taken pass by pass, with no tick in between
            return new RunFigures(times, Optional.of(passCost(run.sandbox(), masters)));
        }
    }

    /** Forms the cluster (the loop ticking, or with redis-cli), then restarts one master, then every pod. */
    private List<Optional<Duration>> measureOn(Sandbox sandbox, int masters, Mode mode, Optional<Path> redisCli)
            throws Exception {
        redisVersion = sandbox.redisServer().version();
        if (mode == Mode.REDIS_ALONE) {
            objects.reconcile(specs.state().inForce().orElseThrow(), Optional.empty(),
                    AuthSurvey.NONE);
        }
        List<SandboxPod> ready = await(sandbox, masters, pods -> true, false).orElseThrow(() -> new IllegalStateException(
                "the " + masters * 2 + " pods were not Ready within " + giveUp(masters).toSeconds() + " s"));
        Instant formStart = Instant.now();
        if (mode == Mode.REDIS_ALONE) {
            createWithRedisCli(redisCli.orElseThrow(), ready, giveUp(masters));
        }
        Optional<Duration> form = healedWithin(sandbox, masters, formStart, pods -> true);
        if (form.isEmpty()) {
            return List.of(form, Optional.empty(), Optional.empty());
        }
        String master = check(sandbox.pods(), masters).masters().keySet().iterator().next();
        String oldIp = sandbox.pod(master).orElseThrow().ip();
        Instant single = Instant.now();
        sandbox.restartPod(master);
        Optional<Duration> one = healedWithin(sandbox, masters, single,
                pods -> pods.stream().anyMatch(pod -> pod.name().equals(master) && !pod.ip().equals(oldIp)));
        List<String> oldIps = sandbox.pods().stream().map(SandboxPod::ip).toList();
        Instant full = Instant.now();
        sandbox.restartAll();
        Optional<Duration> all = healedWithin(sandbox, masters, full,
                pods -> pods.stream().noneMatch(pod -> oldIps.contains(pod.ip())));
        return List.of(form, one, all);
    }

    /**
     * From {@code start} to the start of the first check that found the pods as wanted and the cluster healthy (a
     * check reads every pod, so at 100 pods it takes a while: its time is printed with the table); empty after
     * the size's deadline.
     */
    private Optional<Duration> healedWithin(Sandbox sandbox, int masters, Instant start, Predicate<List<SandboxPod>> podsAsWanted) {
        return awaitChecked(sandbox, masters, podsAsWanted, true).map(checked -> Duration.between(start, checked.at()));
    }

    private record Checked(Instant at, List<SandboxPod> pods) {
    }

    /** The pods once all are Ready and as wanted and, if {@code healthy}, the cluster passes every check. */
    private Optional<List<SandboxPod>> await(Sandbox sandbox, int masters, Predicate<List<SandboxPod>> podsAsWanted,
            boolean healthy) {
        return awaitChecked(sandbox, masters, podsAsWanted, healthy).map(Checked::pods);
    }

    private Optional<Checked> awaitChecked(Sandbox sandbox, int masters, Predicate<List<SandboxPod>> podsAsWanted,
            boolean healthy) {
        Instant deadline = Instant.now().plus(giveUp(masters));
        while (Instant.now().isBefore(deadline)) {
            Instant at = Instant.now();
            List<SandboxPod> pods = sandbox.pods();
            if (ClusterCheck.podsReady(pods, masters, 1, podsAsWanted) && (!healthy || check(pods, masters).healthy())) {
                return Optional.of(new Checked(at, pods));
            }
            pause(50);
        }
        return Optional.empty();
    }

    /** Redis alone never heals a full restart; how long to wait for it grows with the cluster. */
    private static Duration giveUp(int masters) {
        return Duration.ofSeconds(30 + masters * 2L / 3);
    }

    private ClusterCheck.Snapshot check(List<SandboxPod> pods, int masters) {
        Instant start = Instant.now();
        ClusterCheck.Snapshot snapshot = ClusterCheck.take(redis, PORT, pods, masters, 1);
        checkTimes.merge(masters, Duration.between(start, Instant.now()), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        return snapshot;
    }

    /**
     * The median of {@link #PASSES} passes on the healthy cluster with the sandbox paused, so the mock API and the
     * redis-servers see only the reconciler: wall time, CPU of every JVM thread (the reconciler's and the in-process
     * API server's answering it), API requests, and Redis commands (INFO commandstats on every pod, less what the
     * reading itself costs).
     */
    private PassCost passCost(Sandbox sandbox, int masters) {
        for (int i = 0; i < 10 && !loop.runPass().orElseThrow().topology().plan().steps().isEmpty(); i++) {
            pause(1000); // a failover just asked for settles within seconds; the pass cost is taken at rest
        }
        List<SandboxPod> pods = sandbox.pods();
        ApiRequestLog api = new ApiRequestLog(server.getKubernetesMockServer());
        sandbox.pause();
        try {
            api.drain();
            long readingCost = redisCommands(pods) - redisCommands(pods);
            List<PassCost> costs = new ArrayList<>();
            for (int i = 0; i < PASSES; i++) {
                long commandsBefore = redisCommands(pods);
                api.drain();
                long cpuBefore = jvmCpuNanos();
                long wall = loop.runPass().orElseThrow().duration().toMillis();
                double cpu = (jvmCpuNanos() - cpuBefore) / 1e6;
                List<String> requests = api.drain();
                long commands = redisCommands(pods) - commandsBefore + readingCost;
                long writes = ApiRequestLog.writes(requests).size();
                costs.add(new PassCost(pods.size(), wall, cpu, requests.size() - writes, writes, commands));
            }
            costs.sort((a, b) -> Long.compare(a.wallMillis(), b.wallMillis()));
            return costs.get(costs.size() / 2);
        } finally {
            sandbox.resume();
        }
    }

    /** The calls of every command on every pod since it started (INFO commandstats), this reading's not included. */
    private long redisCommands(List<SandboxPod> pods) {
        long calls = 0;
        for (SandboxPod pod : pods) {
            try {
                for (String line : redis.call(pod.ip(), PORT, "INFO", "commandstats").split("\r?\n")) {
                    int at = line.indexOf("calls=");
                    if (line.startsWith("cmdstat_") && at >= 0) {
                        calls += Long.parseLong(line.substring(at + 6, line.indexOf(',', at)));
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException("INFO commandstats on " + pod.name() + ": " + e.getMessage(), e);
            }
        }
        return calls;
    }

    private static long jvmCpuNanos() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long id : threads.getAllThreadIds()) {
            total += Math.max(0, threads.getThreadCpuTime(id));
        }
        return total;
    }

    private static void createWithRedisCli(Path redisCli, List<SandboxPod> pods, Duration giveUp)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(redisCli.toString(), "--cluster", "create"));
        pods.forEach(pod -> command.add(pod.ip() + ":" + PORT));
        command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(giveUp.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }


    private static String key(int masters, Mode mode, String measure) {
        return masters + "|" + mode + "|" + measure;
    }

    private String topologyTable(List<Integer> sizes, Map<String, List<Optional<Duration>>> figures, int rounds,
            Optional<Path> redisCli) {
        StringBuilder text = new StringBuilder()
                .append("## Forming and healing clusters of M masters + 1 replica each\n\n")
                .append(BenchmarkFiles.machine(redisVersion)).append("; cluster-node-timeout 5000 ms; reconciler tick 1 s; ")
                .append(rounds).append(" round(s), each on fresh pods in the sandbox. Times run from the command (from all")
                .append(" pods Ready, to form) to the start of the first check that passed: every pod passes the checks of")
                .append(" redis-cli --cluster check, every replica is synced and every node lists every pod at its pod IP;")
                .append(" \"no\" means not healed within 30 s + 2 s per 3 masters. One check took at most ")
                .append(checkTimes.entrySet().stream().map(entry -> String.format(Locale.ROOT, "%.2f s at %d pods",
                        entry.getValue().toMillis() / 1000.0, entry.getKey() * 2)).toList())
                .append(", the resolution of the figures.\n\n| pods | | with the reconciler (median, min-max) | without: ")
                .append(redisCli.map(cli -> "redis-cli --cluster create, then Redis alone").orElse("not measured, no redis-cli found"))
                .append(" (median, min-max) | ratio of medians |\n|---|---|---|---|---|\n");
        for (int masters : sizes) {
            for (String measure : MEASURES) {
                List<Optional<Duration>> with = figures.get(key(masters, Mode.RECONCILER, measure));
                List<Optional<Duration>> without = figures.get(key(masters, Mode.REDIS_ALONE, measure));
                text.append("| ").append(masters * 2).append(" | ").append(measure).append(" | ").append(summary(with))
                        .append(" | ").append(summary(without)).append(" | ").append(ratio(with, without)).append(" |\n");
            }
        }
        return text.toString();
    }

    private static String topologyCsv(Map<String, List<Optional<Duration>>> figures) {
        StringBuilder csv = new StringBuilder("masters,pods,mode,measure,round,seconds\n");
        figures.forEach((key, times) -> {
            String[] parts = key.split("\\|");
            for (int round = 0; round < times.size(); round++) {
                csv.append(parts[0]).append(',').append(Integer.parseInt(parts[0]) * 2).append(',').append(parts[1])
                        .append(',').append(parts[2].replace(",", "")).append(',').append(round + 1).append(',')
                        .append(times.get(round).map(time -> String.format(Locale.ROOT, "%.2f", time.toMillis() / 1000.0))
                                .orElse("")).append('\n');
            }
        });
        return csv.toString();
    }

    private String passCostTable(List<PassCost> costs) {
        StringBuilder text = new StringBuilder("## One steady-state pass, by cluster size\n\n")
                .append(BenchmarkFiles.machine(redisVersion)).append("; median of ").append(PASSES)
                .append(" passes on the healthy cluster, with the sandbox paused so the API server and the redis-servers see")
                .append(" only the reconciler. CPU is that of every thread in the JVM during the pass: the reconciler's and")
                .append(" the in-process API server's answering it. Redis commands are counted by the servers")
                .append(" (INFO commandstats), connection set-up included.\n\n")
                .append("| pods | wall time | CPU | API reads | API writes | Redis commands | Redis commands per pod |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (PassCost cost : costs) {
            text.append(String.format(Locale.ROOT, "| %d | %d ms | %.0f ms | %d | %d | %d | %.1f |%n", cost.pods(),
                    cost.wallMillis(), cost.cpuMillis(), cost.apiReads(), cost.apiWrites(), cost.redisCommands(),
                    cost.redisCommands() / (double) cost.pods()));
        }
        return text.toString();
    }

    private static String passCostCsv(List<PassCost> costs) {
        StringBuilder csv = new StringBuilder("pods,wall_ms,cpu_ms,api_reads,api_writes,redis_commands\n");
        costs.forEach(cost -> csv.append(String.format(Locale.ROOT, "%d,%d,%.1f,%d,%d,%d%n", cost.pods(), cost.wallMillis(),
                cost.cpuMillis(), cost.apiReads(), cost.apiWrites(), cost.redisCommands())));
        return csv.toString();
    }

    private static String summary(List<Optional<Duration>> times) {
        if (times == null || times.isEmpty()) {
            return "-";
        }
        List<Long> healed = healedMillis(times);
        long failed = times.size() - healed.size();
        if (healed.isEmpty()) {
            return "no (" + failed + " of " + times.size() + ")";
        }
        String figure = String.format(Locale.ROOT, "%.1f s (%.1f-%.1f)", healed.get(healed.size() / 2) / 1000.0,
                healed.get(0) / 1000.0, healed.get(healed.size() - 1) / 1000.0);
        return failed == 0 ? figure : figure + "; no in " + failed + " of " + times.size();
    }

    private static String ratio(List<Optional<Duration>> with, List<Optional<Duration>> without) {
        if (with == null || without == null || healedMillis(with).isEmpty() || healedMillis(without).isEmpty()) {
            return "-";
        }
        List<Long> a = healedMillis(with);
        List<Long> b = healedMillis(without);
        return String.format(Locale.ROOT, "%.2f", a.get(a.size() / 2) / (double) b.get(b.size() / 2));
    }

    private static List<Long> healedMillis(List<Optional<Duration>> times) {
        return times.stream().flatMap(Optional::stream).map(Duration::toMillis).sorted().toList();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
