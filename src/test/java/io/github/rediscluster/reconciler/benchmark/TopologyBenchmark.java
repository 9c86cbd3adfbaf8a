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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    private static final List<String> MEASURES = List.of("form the cluster", "form the cluster, from the last pod answering",
            "heal: one master on a new IP",
            "heal: all pods on new IPs", "heal: all pods on new IPs, from the last pod answering");
    /** The heals whose failovers are counted, as named in {@link #MEASURES}. */
    private static final List<String> HEALS = List.of("heal: one master on a new IP", "heal: all pods on new IPs");
    /** CLUSTER INFO's count of elections a replica started (failover-auth-request messages sent), since it started. */
    private static final String ELECTIONS = "cluster_stats_messages_failover-auth-request_sent";

    private enum Mode { RECONCILER, REDIS_ALONE }

    /** The figures of one steady-state pass. */
    record PassCost(int pods, long wallMillis, double cpuMillis, long apiReads, long apiWrites, long redisCommands) {
    }

    /**
     * Failovers a heal caused: elections started (failover-auth-request messages the nodes sent since they restarted,
     * so a manual CLUSTER FAILOVER counts too), and pods whose role (slot-owning master or not) differs from before.
     */
    record Failovers(long elections, long roleChanges) {
    }

    /**
     * The times of {@link #MEASURES} (empty: not healed in time), the failovers of the two heals (empty: not healed or
     * not measured), and a pass's cost when it was measured.
     */
    private record RunFigures(List<Optional<Duration>> times, List<Optional<Failovers>> failovers,
            Optional<PassCost> passCost, List<String> phases) {
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
    /** What CONFIG GET repl-diskless-sync-delay answered on a formed cluster's pod, for the table's header. */
    private String syncDelay = "?";

    @Test
    void formHealAndPassCostBySize() throws Exception {
        int rounds = Integer.getInteger("benchmark.rounds", 3);
        List<Integer> sizes = Arrays.stream(System.getProperty("benchmark.sizes", "3,10,50").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        Optional<Path> redisCli = BenchmarkFiles.redisCli();
        Map<String, List<Optional<Duration>>> figures = new LinkedHashMap<>();
        Map<String, List<Optional<Failovers>>> failovers = new LinkedHashMap<>();
        Map<String, List<String>> phases = new LinkedHashMap<>();
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
                    phases.computeIfAbsent(key(masters, mode, MEASURES.get(0)), key -> new ArrayList<>()).add(run.phases().get(0));
                    phases.computeIfAbsent(key(masters, mode, MEASURES.get(3)), key -> new ArrayList<>()).add(run.phases().get(1));
                    for (int i = 0; i < HEALS.size(); i++) {
                        failovers.computeIfAbsent(key(masters, mode, HEALS.get(i)), key -> new ArrayList<>())
                                .add(run.failovers().get(i));
                    }
                }
            }
        }
        BenchmarkFiles.write("topology", topologyTable(sizes, figures, rounds, redisCli), topologyCsv(figures));
        BenchmarkFiles.write("failovers", failoverTable(sizes, failovers), failoverCsv(failovers));
        BenchmarkFiles.write("phases", phaseTable(phases), "");
        BenchmarkFiles.write("pass-cost", passCostTable(passCosts), passCostCsv(passCosts));
        redis.close();
    }

    private RunFigures measure(int masters, Mode mode, Optional<Path> redisCli, int round, boolean costToo)
            throws Exception {
        String name = "benchmark-" + masters + "-" + mode + "-" + round;
        try (SandboxRun run = SandboxRun.start(server, client, specs, name, SpecFile.withMasters(masters));
                LoopTicker ticker = mode == Mode.RECONCILER ? LoopTicker.start(loop) : null) {
            RunFigures figures = measureOn(run.sandbox(), masters, mode, redisCli);
            if (ticker == null || !costToo || figures.times().get(3).isEmpty()) {
                return figures;
            }
            ticker.close(); // the pass cost is taken pass by pass, with no tick in between
            return new RunFigures(figures.times(), figures.failovers(), Optional.of(passCost(run.sandbox(), masters)),
                    figures.phases());
        }
    }

    /**
     * Forms the cluster (the loop ticking, or with redis-cli), then restarts one master, then every pod. The full
     * restart's heal is also timed from the moment the last new pod's redis-server first answered, and each heal's
     * failovers are counted on the healthy cluster.
     */
    private RunFigures measureOn(Sandbox sandbox, int masters, Mode mode, Optional<Path> redisCli) throws Exception {
        redisVersion = sandbox.redisServer().version();
        if (mode == Mode.REDIS_ALONE) {
            objects.reconcile(specs.state().inForce().orElseThrow(), Optional.empty(),
                    AuthSurvey.NONE);
        }
        List<SandboxPod> ready;
        Instant formStart;
        Instant lastPodUp;
        try (FirstAnswers answers = FirstAnswers.watch(sandbox, PORT, Set.of())) {
            ready = await(sandbox, masters, pods -> true, false).orElseThrow(() -> new IllegalStateException(
                    "the " + masters * 2 + " pods were not Ready within " + giveUp(masters).toSeconds() + " s"));
            // The reconciler may act as soon as every pod answers, before the pods are Ready: its time runs from then.
            // redis-cli's from its command, and, so that both run from the same moment, also from then: its pods were up
            // longer when it started, which matters because Redis keeps a master that just started at cluster_state
            // fail for 2 s (CLUSTER_WRITABLE_DELAY).
            lastPodUp = answers.lastAnswer(ready).orElseThrow();
            formStart = mode == Mode.RECONCILER ? lastPodUp : Instant.now();
        }
        if (mode == Mode.REDIS_ALONE) {
            createWithRedisCli(redisCli.orElseThrow(), ready, giveUp(masters));
        }
        HealPhases formPhases = new HealPhases(formStart, masters * 2, masters);
        Optional<Checked> formed = awaitChecked(sandbox, masters, pods -> true, true, formPhases);
        Optional<Duration> form = formed.map(checked -> Duration.between(formStart, checked.at()));
        Optional<Duration> formFromUp = formed.map(checked -> Duration.between(lastPodUp, checked.at()));
        Optional<Duration> none = Optional.empty();
        if (formed.isEmpty()) {
            return new RunFigures(List.of(form, formFromUp, none, none, none), List.of(Optional.empty(), Optional.empty()),
                    Optional.empty(), List.of(formPhases.describe(), "-"));
        }
        syncDelay = formed.get().snapshot().nodes().get(0).pod().ip();
        syncDelay = redis.call(syncDelay, PORT, "CONFIG", "GET", "repl-diskless-sync-delay").replace('\n', ' ');
        Map<String, String> mastersBefore = formed.get().snapshot().masters();
        String master = mastersBefore.keySet().iterator().next();
        String oldIp = sandbox.pod(master).orElseThrow().ip();
        Instant single = Instant.now();
        sandbox.restartPod(master);
        Optional<Checked> oneHealed = awaitChecked(sandbox, masters,
                pods -> pods.stream().anyMatch(pod -> pod.name().equals(master) && !pod.ip().equals(oldIp)), true, null);
        Optional<Duration> one = oneHealed.map(checked -> Duration.between(single, checked.at()));
        Optional<Failovers> oneFailovers = oneHealed.map(checked -> failovers(mastersBefore, checked.snapshot()));
        if (mode == Mode.REDIS_ALONE && !redisAloneFullRestart()) {
            return new RunFigures(List.of(form, formFromUp, one, none, none), List.of(oneFailovers, Optional.empty()), Optional.empty(),
                    List.of(formPhases.describe(), "-"));
        }
        Map<String, String> mastersBeforeAll = oneHealed.map(checked -> checked.snapshot().masters()).orElse(mastersBefore);
        List<String> oldIps = sandbox.pods().stream().map(SandboxPod::ip).toList();
        Optional<Checked> allHealed;
        Optional<Instant> lastUp;
        Instant full;
        HealPhases healPhases;
        try (FirstAnswers answers = FirstAnswers.watch(sandbox, PORT, new HashSet<>(oldIps))) {
            full = Instant.now();
            sandbox.restartAll();
            healPhases = new HealPhases(full, masters * 2, masters);
            allHealed = awaitChecked(sandbox, masters, pods -> pods.stream().noneMatch(pod -> oldIps.contains(pod.ip())),
                    true, healPhases);
            lastUp = allHealed.flatMap(checked -> answers.lastAnswer(checked.pods()));
        }
        Optional<Duration> all = allHealed.map(checked -> Duration.between(full, checked.at()));
        Optional<Duration> afterLastUp = allHealed.flatMap(checked -> lastUp.map(up -> Duration.between(up, checked.at())));
        Optional<Failovers> allFailovers = allHealed.map(checked -> failovers(mastersBeforeAll, checked.snapshot()));
        String heal = healPhases.describe() + lastUp.map(up -> String.format(Locale.ROOT, "; last pod answered at %.1f s",
                Duration.between(full, up).toMillis() / 1000.0)).orElse("");
        return new RunFigures(List.of(form, formFromUp, one, all, afterLastUp), List.of(oneFailovers, allFailovers), Optional.empty(),
                List.of(formPhases.describe(), heal));
    }

    /** Elections the nodes started since they last restarted, and pods that changed role since {@code mastersBefore}. */
    private static Failovers failovers(Map<String, String> mastersBefore, ClusterCheck.Snapshot after) {
        long elections = after.nodes().stream()
                .mapToLong(node -> Long.parseLong(node.info().getOrDefault(ELECTIONS, "0"))).sum();
        Map<String, String> mastersAfter = after.masters();
        long changes = after.nodes().stream().map(node -> node.pod().name())
                .filter(pod -> mastersBefore.containsKey(pod) != mastersAfter.containsKey(pod)).count();
        return new Failovers(elections, changes);
    }

    private record Checked(Instant at, List<SandboxPod> pods, ClusterCheck.Snapshot snapshot) {
    }

    /** The pods once all are Ready and as wanted and, if {@code healthy}, the cluster passes every check. */
    private Optional<List<SandboxPod>> await(Sandbox sandbox, int masters, Predicate<List<SandboxPod>> podsAsWanted,
            boolean healthy) {
        return awaitChecked(sandbox, masters, podsAsWanted, healthy, null).map(Checked::pods);
    }

    /** As {@link #await}, with the check that passed and when it started; {@code phases} (if given) sees every check. */
    private Optional<Checked> awaitChecked(Sandbox sandbox, int masters, Predicate<List<SandboxPod>> podsAsWanted,
            boolean healthy, HealPhases phases) {
        Instant deadline = Instant.now().plus(giveUp(masters));
        while (Instant.now().isBefore(deadline)) {
            Instant at = Instant.now();
            List<SandboxPod> pods = sandbox.pods();
            if (ClusterCheck.podsReady(pods, masters, 1, podsAsWanted)) {
                ClusterCheck.Snapshot snapshot = healthy ? check(pods, masters) : null;
                if (snapshot != null && phases != null) {
                    phases.saw(at, snapshot);
                }
                if (snapshot == null || snapshot.healthy()) {
                    return Optional.of(new Checked(at, pods, snapshot));
                }
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
                .append(BenchmarkFiles.machine(redisVersion)).append("; cluster-node-timeout 5000 ms; repl-diskless-sync-delay as")
                .append(" a pod answered CONFIG GET: ").append(syncDelay).append("; reconciler tick 1 s; ")
                .append(rounds).append(" round(s), each on fresh pods in the sandbox. Times run from the command (to form: redis-cli's")
                .append(" command, run once every pod is Ready; with the reconciler, which acts as soon as every pod answers,")
                .append(" the moment the last pod first answered PING) to the start of the first check that passed: every pod passes the checks of")
                .append(" redis-cli --cluster check, every replica is synced and every node lists every pod at its pod IP;")
                .append(" \"no\" means not healed within 30 s + 2 s per 3 masters. The second line (both from the moment the")
                .append(" last pod first answered PING, polled every 20 ms) and the last line of each size (from the moment the")
                .append(" last new pod's redis-server first answered PING) run from the pods instead.")
                .append(" One check took at most ")
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
                        .append(" | ").append(fullRestartAlone(measure) ? "not run (never heals)" : summary(without))
                        .append(" | ").append(fullRestartAlone(measure) ? "-" : ratio(with, without)).append(" |\n");
            }
        }
        return text.toString();
    }

    private static String failoverTable(List<Integer> sizes, Map<String, List<Optional<Failovers>>> failovers) {
        StringBuilder text = new StringBuilder("## Failovers during the heals\n\nPer round, on the healthy cluster: elections")
                .append(" the nodes started since they restarted (CLUSTER INFO ").append(ELECTIONS).append(", summed over the")
                .append(" nodes) / pods whose role differs from before the restart; \"-\" not healed or not measured.\n\n")
                .append("| pods | heal | with the reconciler | without |\n|---|---|---|---|\n");
        for (int masters : sizes) {
            for (String heal : HEALS) {
                text.append("| ").append(masters * 2).append(" | ").append(heal).append(" | ")
                        .append(failoverRounds(failovers.get(key(masters, Mode.RECONCILER, heal)))).append(" | ")
                        .append(failoverRounds(failovers.get(key(masters, Mode.REDIS_ALONE, heal)))).append(" |\n");
            }
        }
        return text.toString();
    }

    private static String phaseTable(Map<String, List<String>> phases) {
        StringBuilder text = new StringBuilder("## Where the time went\n\nPer round, from the start of the measure (forming:")
                .append(" the last pod answering with the reconciler, the command with redis-cli; a full restart: the restart),")
                .append(" the first check that saw every node know every pod, every replica attached and synced, every node")
                .append(" say cluster_state ok.\n\n| pods | mode | measure | rounds |\n|---|---|---|---|\n");
        phases.forEach((key, rounds) -> {
            String[] parts = key.split("\\|");
            text.append("| ").append(Integer.parseInt(parts[0]) * 2).append(" | ").append(parts[1]).append(" | ")
                    .append(parts[2]).append(" | ").append(String.join("<br>", rounds)).append(" |\n");
        });
        return text.toString();
    }

    private static String failoverRounds(List<Optional<Failovers>> rounds) {
        if (rounds == null) {
            return "-";
        }
        return String.join(", ", rounds.stream().map(round -> round.map(f -> f.elections() + " / " + f.roleChanges())
                .orElse("-")).toList());
    }

    private static String failoverCsv(Map<String, List<Optional<Failovers>>> failovers) {
        StringBuilder csv = new StringBuilder("masters,pods,mode,heal,round,elections,role_changes\n");
        failovers.forEach((key, rounds) -> {
            String[] parts = key.split("\\|");
            for (int round = 0; round < rounds.size(); round++) {
                csv.append(parts[0]).append(',').append(Integer.parseInt(parts[0]) * 2).append(',').append(parts[1])
                        .append(',').append(parts[2]).append(',').append(round + 1).append(',')
                        .append(rounds.get(round).map(f -> f.elections() + "," + f.roleChanges()).orElse(",")).append('\n');
            }
        });
        return csv.toString();
    }

    /** A full-restart measure that {@code -Dbenchmark.redis-alone.full-restart=false} skips without the reconciler. */
    private static boolean fullRestartAlone(String measure) {
        return measure.startsWith("heal: all pods") && !redisAloneFullRestart();
    }

    private static boolean redisAloneFullRestart() {
        return Boolean.parseBoolean(System.getProperty("benchmark.redis-alone.full-restart", "true"));
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
