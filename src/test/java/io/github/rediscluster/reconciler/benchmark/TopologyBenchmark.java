package io.github.rediscluster.reconciler.benchmark;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.reconcile.ClusterObjectsReconciler;
import io.github.rediscluster.reconciler.reconcile.ReconcileLoop;
import io.github.rediscluster.reconciler.reconcile.SpecStore;
import io.github.rediscluster.reconciler.sandbox.Sandbox;
import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import io.github.rediscluster.reconciler.testing.ClusterCheck;
import io.github.rediscluster.reconciler.testing.RedisCalls;
import io.github.rediscluster.reconciler.testing.SandboxRun;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints how long the classic cluster (3 masters + 1 replica each, cluster-node-timeout 5000) takes to form and to
 * heal in the sandbox, with the reconciler (its loop ticking every second, as deployed) and without it
 * ({@code redis-cli --cluster create} to form it, Redis alone to heal). Each time runs from the command (or from
 * all pods Ready, for forming) until every check of {@link ClusterCheck} passes. Not a test: it asserts nothing
 * about the figures. Run with {@code ./mvnw -Pbenchmark test}; {@code -Dbenchmark.rounds=N} (default 3).
 */
@Tag("benchmark")
@WithKubernetesTestServer
@QuarkusTest
class TopologyBenchmark {

    private static final int PORT = 6379;
    private static final int PODS = 6;
    private static final Duration GIVE_UP = Duration.ofSeconds(30);
    private static final Path OUTPUT = Path.of("target", "benchmarks", "topology.md");

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
    private String redisVersion = "?";

    private enum Mode { RECONCILER, REDIS_ALONE }

    private static final List<String> MEASURES = List.of("form the cluster", "heal: one master on a new IP",
            "heal: all pods on new IPs");

    @Test
    void formAndHealTimesWithAndWithoutTheReconciler() throws Exception {
        int rounds = Integer.getInteger("benchmark.rounds", 3);
        Optional<Path> redisCli = redisCli();
        Map<String, List<Optional<Duration>>> figures = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (Mode mode : Mode.values()) {
                if (mode == Mode.REDIS_ALONE && redisCli.isEmpty()) {
                    continue;
                }
                List<Optional<Duration>> times = measure(mode, redisCli, round);
                for (int i = 0; i < MEASURES.size(); i++) {
                    figures.computeIfAbsent(mode + "|" + MEASURES.get(i), key -> new ArrayList<>()).add(times.get(i));
                }
            }
        }
        String table = table(figures, rounds, redisCli);
        System.out.println(table);
        Files.createDirectories(OUTPUT.getParent());
        Files.writeString(OUTPUT, table);
        redis.close();
    }

    private List<Optional<Duration>> measure(Mode mode, Optional<Path> redisCli, int round) throws Exception {
        try (SandboxRun run = SandboxRun.start(server, client, specs, "benchmark-" + mode + "-" + round)) {
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
            try {
                return measureOn(run.sandbox(), mode, redisCli, ticker);
            } finally {
                ticker.shutdownNow();
                ticker.awaitTermination(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Forms the cluster (with the loop ticking, or with redis-cli), then restarts one master, then every pod. */
    private List<Optional<Duration>> measureOn(Sandbox sandbox, Mode mode, Optional<Path> redisCli,
            ScheduledExecutorService ticker) throws Exception {
        redisVersion = sandbox.redisServer().version();
        if (mode == Mode.RECONCILER) {
            loop.requestPass();
            ticker.scheduleWithFixedDelay(loop::tick, 0, 1, TimeUnit.SECONDS);
        } else {
            objects.reconcile(specs.state().inForce().orElseThrow());
        }
        List<SandboxPod> ready = await(sandbox, pods -> true, false).orElseThrow(() -> new IllegalStateException(
                "the " + PODS + " pods were not Ready within " + GIVE_UP.toSeconds() + " s"));
        Instant formStart = Instant.now();
        if (mode == Mode.REDIS_ALONE) {
            createWithRedisCli(redisCli.orElseThrow(), ready);
        }
        Optional<Duration> form = healedWithin(sandbox, formStart, pods -> true);
        if (form.isEmpty()) {
            return List.of(form, Optional.empty(), Optional.empty());
        }
        String master = check(sandbox.pods()).masters().keySet().iterator().next();
        String oldIp = sandbox.pod(master).orElseThrow().ip();
        Instant single = Instant.now();
        sandbox.restartPod(master);
        Optional<Duration> one = healedWithin(sandbox, single,
                pods -> pods.stream().anyMatch(pod -> pod.name().equals(master) && !pod.ip().equals(oldIp)));
        List<String> oldIps = sandbox.pods().stream().map(SandboxPod::ip).toList();
        Instant full = Instant.now();
        sandbox.restartAll();
        Optional<Duration> all = healedWithin(sandbox, full, pods -> pods.stream().noneMatch(pod -> oldIps.contains(pod.ip())));
        return List.of(form, one, all);
    }

    /** The time from {@code start} until the pods are as wanted and the cluster is healthy; empty after {@link #GIVE_UP}. */
    private Optional<Duration> healedWithin(Sandbox sandbox, Instant start, Predicate<List<SandboxPod>> podsAsWanted) {
        return await(sandbox, podsAsWanted, true).map(pods -> Duration.between(start, Instant.now()));
    }

    /** The pods once all are Ready and as wanted and, if {@code healthy}, the cluster passes every check; empty after {@link #GIVE_UP}. */
    private Optional<List<SandboxPod>> await(Sandbox sandbox, Predicate<List<SandboxPod>> podsAsWanted, boolean healthy) {
        Instant deadline = Instant.now().plus(GIVE_UP);
        while (Instant.now().isBefore(deadline)) {
            List<SandboxPod> pods = sandbox.pods();
            if (pods.size() == PODS && pods.stream().allMatch(SandboxPod::ready) && podsAsWanted.test(pods)
                    && (!healthy || check(pods).healthy())) {
                return Optional.of(pods);
            }
            pause();
        }
        return Optional.empty();
    }

    private ClusterCheck.Snapshot check(List<SandboxPod> pods) {
        return ClusterCheck.take(redis, PORT, pods, 3, 1);
    }

    private static void createWithRedisCli(Path redisCli, List<SandboxPod> pods) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(redisCli.toString(), "--cluster", "create"));
        pods.forEach(pod -> command.add(pod.ip() + ":" + PORT));
        command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(GIVE_UP.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** REDIS_CLI, else redis-cli next to REDIS_SERVER, else on the PATH. */
    private static Optional<Path> redisCli() {
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("REDIS_CLI")).map(Path::of).ifPresent(candidates::add);
        Optional.ofNullable(System.getenv("REDIS_SERVER")).map(Path::of).map(Path::getParent)
                .map(dir -> dir.resolve("redis-cli")).ifPresent(candidates::add);
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            candidates.add(Path.of(dir, "redis-cli"));
        }
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    private String table(Map<String, List<Optional<Duration>>> figures, int rounds, Optional<Path> redisCli) {
        StringBuilder text = new StringBuilder()
                .append("## Forming and healing the classic cluster (3 masters + 1 replica each)\n\n")
                .append("Date ").append(LocalDate.now()).append("; ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"))
                .append(", Java ").append(System.getProperty("java.version")).append("; redis-server ").append(redisVersion)
                .append("; cluster-node-timeout 5000 ms; reconciler tick 1 s; ").append(rounds).append(" round(s), each on")
                .append(" fresh pods in the sandbox. Times run from the command (from all pods Ready, to form) until every")
                .append(" pod passes the checks of redis-cli --cluster check, every replica is synced and every node lists")
                .append(" every pod at its pod IP; \"no\" means not healed within ").append(GIVE_UP.toSeconds()).append(" s.\n\n")
                .append("| | with the reconciler (median, min-max) | without: ")
                .append(redisCli.map(cli -> "redis-cli --cluster create, then Redis alone").orElse("not measured, no redis-cli found"))
                .append(" (median, min-max) |\n|---|---|---|\n");
        for (String measure : MEASURES) {
            text.append("| ").append(measure).append(" | ").append(summary(figures.get(Mode.RECONCILER + "|" + measure)))
                    .append(" | ").append(summary(figures.get(Mode.REDIS_ALONE + "|" + measure))).append(" |\n");
        }
        return text.toString();
    }

    private static String summary(List<Optional<Duration>> times) {
        if (times == null || times.isEmpty()) {
            return "-";
        }
        List<Long> healed = times.stream().flatMap(Optional::stream).map(Duration::toMillis).sorted().toList();
        long failed = times.size() - healed.size();
        if (healed.isEmpty()) {
            return "no (" + failed + " of " + times.size() + ")";
        }
        String figure = String.format("%.1f s (%.1f-%.1f)", healed.get(healed.size() / 2) / 1000.0, healed.get(0) / 1000.0,
                healed.get(healed.size() - 1) / 1000.0);
        return failed == 0 ? figure : figure + "; no in " + failed + " of " + times.size();
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
