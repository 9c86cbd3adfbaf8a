package io.github.rediscluster.reconciler.benchmark;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.observe.AuthSurvey;
import io.github.rediscluster.reconciler.apply.ClusterObjectsReconciler;
import io.github.rediscluster.reconciler.report.PassReport;
import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import io.github.rediscluster.reconciler.spec.SpecStore;
import io.github.rediscluster.reconciler.loop.TopologyReconciler;
import io.github.rediscluster.reconciler.act.ActionLog;
import io.github.rediscluster.reconciler.act.StepOutcome;
import io.github.rediscluster.reconciler.sandbox.Sandbox;
import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.BenchmarkFiles;
import io.github.rediscluster.reconciler.testing.ClusterCheck;
import io.github.rediscluster.reconciler.testing.LoopTicker;
import io.github.rediscluster.reconciler.testing.RedisCalls;
import io.github.rediscluster.reconciler.testing.SandboxRun;
import io.github.rediscluster.reconciler.testing.SpecFile;
import io.github.rediscluster.reconciler.observe.SlotRange;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.github.rediscluster.reconciler.testing.RealApiServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.impl.ZModem;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How long scaling by spec edit takes with K keys in the cluster: 3 -> 4 masters (1 replica each), then back to 3,
 * the reconciler's loop ticking every second as deployed; next to Redis alone with {@code redis-cli --cluster
 * add-node} + {@code rebalance --cluster-use-empty-masters} (and {@code rebalance --cluster-weight <id>=0} +
 * {@code del-node} to scale in) on the same kind of pods, in the same run. Every key is read back after each
 * scaling; a lost key or a cluster that does not heal within a generous deadline fails the benchmark, the figures
 * are only printed. {@code -Dbenchmark.scaling.keys=10000,100000}, {@code -Dbenchmark.rounds=3};
 * {@code -Dbenchmark.scaling.auth=true} turns auth on (a password from a Secret, {@code redis-cli -a}),
 * {@code -Dbenchmark.scaling.value-bytes=1048576} writes values of that size (default 100).
 */
@Tag("benchmark")
@WithKubernetesTestServer(setup = RealApiServer.class)
@QuarkusTest
class ScalingBenchmark {

    private static final int PORT = 6379;
    private static final int BATCH = 2000;
    private static final boolean AUTH = Boolean.getBoolean("benchmark.scaling.auth");
    private static final int VALUE_BYTES = Integer.getInteger("benchmark.scaling.value-bytes", 100);
    private static final String FILL = "x".repeat(Math.max(0, VALUE_BYTES - 10));
    /** Keys written or read per round trip: BATCH, fewer for big values (at most about 16 MB in flight). */
    private static final int KEYS_PER_BATCH = Math.max(1, Math.min(BATCH, (16 << 20) / Math.max(1, VALUE_BYTES)));

    private enum Mode {
        RECONCILER("the reconciler (spec edit)"), REDIS_CLI("redis-cli, Redis alone");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    private enum Scaling {
        OUT("scale-out 3 -> 4 masters", 4), IN("scale-in 4 -> 3 masters", 3);

        final String label;
        final int masters;

        Scaling(String label, int masters) {
            this.label = label;
            this.masters = masters;
        }
    }

    /**
     * One scaling.
     *
     * @param healed from the spec write (reconciler) or the first redis-cli command to the start of the first check
     *        that passed; empty when not healed in time
     * @param movesFrom when the first pass that moved slots (the rebalance command) started, from the same start
     * @param movesTo when the last pass that moved slots (the rebalance command) ended
     * @param passes passes that moved slots, as the ActionLog has them (-1: redis-cli)
     * @param lost keys not readable with their value after the scaling (-1: not checked, the cluster did not heal)
     */
    record Figures(Optional<Duration> healed, Optional<Duration> movesFrom, Optional<Duration> movesTo, int passes,
            long slotsMoved, long keysMoved, int lost) {

        static Figures notHealed() {
            return new Figures(Optional.empty(), Optional.empty(), Optional.empty(), -1, 0, 0, -1);
        }

        Optional<Duration> moveWindow() {
            return movesFrom.flatMap(from -> movesTo.map(to -> to.minus(from)));
        }
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

    @Inject
    ActionLog actions;

    private final Optional<String> password = AUTH ? Optional.of("bench-" + UUID.randomUUID()) : Optional.empty();
    private final RedisCalls redis = new RedisCalls(password);
    private final Vertx vertx = Vertx.vertx();
    private final List<String> problems = new ArrayList<>();
    /** What went wrong without failing the benchmark (a failed step that a later pass made good), printed. */
    private final List<String> notes = new ArrayList<>();
    private String redisVersion = "?";
    private ClusterSpec.Resharding resharding;
    private Duration longestCheck = Duration.ZERO;

    @Test
    void scaleOutAndInWithKeys() throws Exception {
        int rounds = Integer.getInteger("benchmark.rounds", 3);
        List<Integer> keyCounts = Arrays.stream(System.getProperty("benchmark.scaling.keys", "10000,100000").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        Optional<Path> redisCli = BenchmarkFiles.redisCli();
        Map<String, List<Figures>> figures = new LinkedHashMap<>();
        try {
            for (int keys : keyCounts) {
                for (int round = 0; round < rounds; round++) {
                    for (Mode mode : Mode.values()) {
                        if (mode == Mode.REDIS_CLI && redisCli.isEmpty()) {
                            continue;
                        }
                        Map<Scaling, Figures> run = measure(keys, mode, redisCli, round);
                        run.forEach((scaling, figure) -> figures.computeIfAbsent(key(keys, mode, scaling),
                                k -> new ArrayList<>()).add(figure));
                    }
                }
            }
            String seen = notes.isEmpty() && problems.isEmpty() ? "" : "\nSeen during the run:\n\n" + String.join("\n",
                    Stream.concat(problems.stream(), notes.stream()).map(line -> "- " + line).toList()) + "\n";
            BenchmarkFiles.write("scaling", table(keyCounts, figures, rounds, redisCli) + seen, csv(figures));
        } finally {
            redis.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("Scaling went wrong:\n  " + String.join("\n  ", problems));
        }
    }

    /** On fresh pods: form 3x1 with the reconciler, write the keys, scale out to 4 masters, then back in to 3. */
    private Map<Scaling, Figures> measure(int keys, Mode mode, Optional<Path> redisCli, int round) throws Exception {
        String name = "scaling-" + keys + "-" + mode + "-" + round;
        Map<Scaling, Figures> figures = new LinkedHashMap<>();
        try (SandboxRun run = SandboxRun.start(server, client, specs, name, spec(3));
                PassWatcher passes = new PassWatcher();
                LoopTicker ticker = startWithSecret()) {
            Sandbox sandbox = run.sandbox();
            redisVersion = sandbox.redisServer().version();
            resharding = specs.state().inForce().orElseThrow().resharding();
            Optional<ClusterCheck.Snapshot> formed = awaitHealthy(sandbox, 3, pods -> pods, giveUp(0));
            if (formed.isEmpty()) {
                problems.add(name + ": the 3x1 cluster did not form within " + giveUp(0).toSeconds() + " s");
                return Map.of(Scaling.OUT, Figures.notHealed(), Scaling.IN, Figures.notHealed());
            }
            writeKeys(formed.get(), keys);
            if (mode == Mode.RECONCILER) {
                Figures out = withReconciler(sandbox, passes, Scaling.OUT, keys, name);
                figures.put(Scaling.OUT, out);
                figures.put(Scaling.IN, out.healed().isEmpty() ? Figures.notHealed()
                        : withReconciler(sandbox, passes, Scaling.IN, keys, name));
            } else {
                ticker.close(); // Redis alone from here on
                Figures out = withRedisCli(sandbox, redisCli.orElseThrow(), Scaling.OUT, keys, name);
                figures.put(Scaling.OUT, out);
                figures.put(Scaling.IN, out.healed().isEmpty() ? Figures.notHealed()
                        : withRedisCli(sandbox, redisCli.orElseThrow(), Scaling.IN, keys, name));
            }
        }
        return figures;
    }

    /** The classic spec with {@code masters}, and auth on from Secret redis-auth when the run asks for it. */
    private static String spec(int masters) {
        return SpecFile.withMasters(masters) + (AUTH ? "redis-cluster.auth.secret=redis-auth\n" : "");
    }

    /** With auth on, the Secret holding the password first (the namespace was just cleared); then the loop ticks. */
    private LoopTicker startWithSecret() {
        password.ifPresent(secret -> client.secrets().inNamespace(SpecFile.NAMESPACE).resource(new SecretBuilder()
                .withNewMetadata().withName("redis-auth").endMetadata()
                .addToData("password", Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)))
                .build()).create());
        return LoopTicker.start(loop);
    }

    private Figures withReconciler(Sandbox sandbox, PassWatcher passes, Scaling scaling, int keys, String name) {
        Instant start = Instant.now();
        SpecFile.write(spec(scaling.masters)); // the ticking loop reads it at its next tick
        Optional<ClusterCheck.Snapshot> healthy = awaitHealthy(sandbox, scaling.masters, pods -> pods, giveUp(keys));
        Instant end = Instant.now();
        if (healthy.isEmpty()) {
            problems.add(name + ": " + scaling.label + " not healthy within " + giveUp(keys).toSeconds() + " s; last check: "
                    + ClusterCheck.take(redis, PORT, sandbox.pods(), scaling.masters, 1));
            return Figures.notHealed();
        }
        Duration healed = Duration.between(start, healedAt);
        // The cluster may pass the check while the pass that made it so is still ending: let it end and be seen.
        Instant passEnd = Instant.now().plusSeconds(30);
        while (loop.status().passRunningSince().isPresent() && Instant.now().isBefore(passEnd)) {
            pause(20);
        }
        pause(100);
        List<PassReport> moving = passes.between(start, end).stream().filter(ScalingBenchmark::movedSlots).toList();
        passes.between(start, end).forEach(pass -> pass.topology().outcomes().stream().filter(outcome -> !outcome.succeeded())
                .forEach(outcome -> notes.add(name + ": " + scaling.label + ": step failed: " + outcome.step()
                        + ": " + outcome.failures())));
        long slots = moving.stream().flatMap(pass -> moves(pass).stream()).mapToLong(move -> move.moved().slotsMoved()).sum();
        long keysMoved = moving.stream().flatMap(pass -> moves(pass).stream()).mapToLong(move -> move.moved().keysMoved()).sum();
        int logged = actions.since(start).map(list -> (int) list.stream()
                .filter(action -> action.kind() == TopologyStep.Kind.MOVE_SLOTS && !action.at().isAfter(end))
                .map(ActionLog.Action::at).distinct().count()).orElse(-1);
        if (logged != moving.size()) {
            notes.add(String.format(Locale.ROOT, "%s: %s: the ActionLog has SlotsMove in %d passes, the pass watcher saw %d",
                    name, scaling.label, logged, moving.size()));
        }
        Optional<Duration> from = moving.stream().findFirst().map(pass -> Duration.between(start, pass.startedAt()));
        Optional<Duration> to = moving.isEmpty() ? Optional.empty() : Optional.of(Duration.between(start,
                moving.get(moving.size() - 1).startedAt().plus(moving.get(moving.size() - 1).duration())));
        int lost = lostKeys(healthy.get(), keys, name + " " + scaling.label);
        return new Figures(Optional.of(healed), from, to, logged, slots, keysMoved, lost);
    }

    private Figures withRedisCli(Sandbox sandbox, Path redisCli, Scaling scaling, int keys, String name) throws Exception {
        Path log = BenchmarkFiles.DIRECTORY.resolve("scaling-redis-cli.log");
        String seed = ip(sandbox, "redis-app-0") + ":" + PORT;
        Instant start;
        long slotsMoved;
        long keysBefore = 0;
        Instant movesFrom;
        Instant movesTo;
        UnaryOperator<List<SandboxPod>> staying;
        if (scaling == Scaling.OUT) {
            // The pods of the 4-master spec, made by one pass of the objects alone (as the deployed service would);
            // the loop is stopped, so nothing but redis-cli touches the cluster.
            SpecFile.write(spec(4));
            specs.refresh();
            objects.reconcile(specs.state().inForce().orElseThrow(), Optional.empty(),
                    AuthSurvey.NONE);
            awaitPods(sandbox, 8, giveUp(0));
            String master = ip(sandbox, "redis-app-6") + ":" + PORT;
            String replica = ip(sandbox, "redis-app-7") + ":" + PORT;
            String masterId = redis.call(ip(sandbox, "redis-app-6"), PORT, "CLUSTER", "MYID");
            start = Instant.now();
            cli(redisCli, log, name, "add-node", master, seed);
            // As by hand: add-node --cluster-slave fails while the seed does not list the new master yet, and its
            // CLUSTER REPLICATE fails while the new replica has not learned of it by gossip: wait for the first,
            // and repeat the second until it is accepted.
            awaitKnown(sandbox, 7, giveUp(0));
            Instant deadline = Instant.now().plusSeconds(10);
            while (cli(redisCli, log, name, "add-node", replica, seed, "--cluster-slave", "--cluster-master-id", masterId) != 0
                    && knownNodes(ip(sandbox, "redis-app-7")) <= 1 && Instant.now().isBefore(deadline)) {
                pause(200); // refused before it met the new pod: again
            }
            replicate(ip(sandbox, "redis-app-7"), masterId, log, name);
            movesFrom = Instant.now();
            retried(redisCli, log, name, "rebalance", seed, "--cluster-use-empty-masters");
            movesTo = Instant.now();
            staying = pods -> pods;
            slotsMoved = -1;
        } else {
            String masterId = redis.call(ip(sandbox, "redis-app-6"), PORT, "CLUSTER", "MYID");
            String replicaId = redis.call(ip(sandbox, "redis-app-7"), PORT, "CLUSTER", "MYID");
            slotsMoved = ClusterCheck.take(redis, PORT, sandbox.pods(), 4, 1).node("redis-app-6").myself().slotCount();
            keysBefore = dbsize(ip(sandbox, "redis-app-6"));
            start = Instant.now();
            movesFrom = start;
            retried(redisCli, log, name, "rebalance", seed, "--cluster-weight", masterId + "=0");
            movesTo = Instant.now();
            cli(redisCli, log, name, "del-node", seed, replicaId);
            cli(redisCli, log, name, "del-node", seed, masterId);
            staying = pods -> pods.stream().filter(pod -> ordinal(pod) < 6).toList();
        }
        Optional<ClusterCheck.Snapshot> healthy = awaitHealthy(sandbox, scaling.masters, staying, giveUp(keys));
        if (healthy.isEmpty()) {
            problems.add(name + ": redis-cli " + scaling.label + " not healthy within " + giveUp(keys).toSeconds()
                    + " s (see " + log + "); last check: " + ClusterCheck.take(redis, PORT, staying.apply(sandbox.pods()),
                    scaling.masters, 1));
            return Figures.notHealed();
        }
        long keysMoved = scaling == Scaling.OUT ? dbsize(ip(sandbox, "redis-app-6")) : keysBefore;
        if (scaling == Scaling.OUT) {
            slotsMoved = healthy.get().node("redis-app-6").myself().slotCount();
        }
        int lost = lostKeys(healthy.get(), keys, name + " " + scaling.label);
        return new Figures(Optional.of(Duration.between(start, healedAt)), Optional.of(Duration.between(start, movesFrom)),
                Optional.of(Duration.between(start, movesTo)), -1, slotsMoved, keysMoved, lost);
    }

    /**
     * redis-cli reads the cluster from one node first and refuses while the nodes disagree or the seed has not yet
     * learned a node just added: tried again, for at most 10 s, as one would by hand (the retries are in the time).
     */
    private void retried(Path redisCli, Path log, String name, String... args) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        while (cli(redisCli, log, name, args) != 0 && Instant.now().isBefore(deadline)) {
            pause(200);
        }
    }

    /** Every pod in the cluster (ordinals 0 to nodes-1) knows {@code nodes} nodes. */
    private void awaitKnown(Sandbox sandbox, int nodes, Duration giveUp) {
        Instant deadline = Instant.now().plus(giveUp);
        List<SandboxPod> members = sandbox.pods().stream().filter(pod -> ordinal(pod) < nodes).toList();
        while (!members.stream().allMatch(pod -> knownNodes(pod.ip()) == nodes)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the pods did not all learn of " + nodes + " nodes within " + giveUp.toSeconds()
                        + " s");
            }
            pause(50);
        }
    }

    private int knownNodes(String ip) {
        try {
            String info = redis.call(ip, PORT, "CLUSTER", "INFO");
            return Integer.parseInt(info.lines().filter(line -> line.startsWith("cluster_known_nodes:")).findFirst()
                    .orElseThrow().substring("cluster_known_nodes:".length()).trim());
        } catch (Exception e) {
            return -1;
        }
    }

    /** CLUSTER REPLICATE on the new replica until it is one of {@code masterId} (what add-node --cluster-slave ends with). */
    private void replicate(String ip, String masterId, Path log, String name) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            String nodes = redis.call(ip, PORT, "CLUSTER", "NODES");
            if (nodes.lines().anyMatch(line -> line.contains("myself") && line.contains("slave " + masterId))) {
                return;
            }
            try {
                redis.call(ip, PORT, "CLUSTER", "REPLICATE", masterId);
                Files.writeString(log, "### " + name + ": CLUSTER REPLICATE " + masterId + " on " + ip + " by hand: OK\n",
                        StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            } catch (Exception e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                pause(100);
            }
        }
    }

    private int cli(Path redisCli, Path log, String name, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(redisCli.toString()));
        password.ifPresent(secret -> command.addAll(List.of("-a", secret, "--no-auth-warning")));
        command.add("--cluster");
        command.addAll(List.of(args));
        command.add("--cluster-yes");
        Files.createDirectories(log.getParent());
        String shown = String.join(" ", command);
        shown = password.map(secret -> String.join(" ", command).replace(secret, "***")).orElse(shown);
        Files.writeString(log, "\n### " + name + ": " + shown + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            problems.add(name + ": " + String.join(" ", args) + " did not end within 10 min");
            return -1;
        }
        if (process.exitValue() != 0) {
            System.out.printf("%s: redis-cli --cluster %s exited with %d (see %s)%n", name, String.join(" ", args),
                    process.exitValue(), log);
        }
        return process.exitValue();
    }

    private volatile Instant healedAt;

    /**
     * The cluster of the selected pods once they all run Ready, pass every check and each of the {@code masters}
     * holds an even share of the slots (within one); {@link #healedAt} is when that check started.
     */
    private Optional<ClusterCheck.Snapshot> awaitHealthy(Sandbox sandbox, int masters, UnaryOperator<List<SandboxPod>> select,
            Duration giveUp) {
        Instant deadline = Instant.now().plus(giveUp);
        while (Instant.now().isBefore(deadline)) {
            Instant at = Instant.now();
            List<SandboxPod> pods = select.apply(sandbox.pods());
            if (ClusterCheck.podsReady(pods, masters, 1, all -> true)) {
                ClusterCheck.Snapshot snapshot = ClusterCheck.take(redis, PORT, pods, masters, 1);
                Duration took = Duration.between(at, Instant.now());
                longestCheck = took.compareTo(longestCheck) > 0 ? took : longestCheck;
                if (snapshot.healthy() && balanced(snapshot, masters)) {
                    healedAt = at;
                    return Optional.of(snapshot);
                }
            }
            pause(50);
        }
        return Optional.empty();
    }

    private static boolean balanced(ClusterCheck.Snapshot snapshot, int masters) {
        int share = SlotRange.SLOTS / masters;
        return snapshot.nodes().stream().filter(node -> node.myself().master() && node.myself().ownsSlots())
                .mapToInt(node -> node.myself().slotCount()).allMatch(slots -> slots >= share && slots <= share + 1);
    }

    private void awaitPods(Sandbox sandbox, int pods, Duration giveUp) {
        Instant deadline = Instant.now().plus(giveUp);
        while (!(sandbox.pods().size() == pods && sandbox.pods().stream().allMatch(SandboxPod::ready))) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(pods + " pods not Ready within " + giveUp.toSeconds() + " s: " + sandbox.pods());
            }
            pause(50);
        }
    }

    /** Waiting for a scaling that moves K keys: generous, since a slow one is a figure and only a stuck one a failure. */
    private static Duration giveUp(int keys) {
        return Duration.ofSeconds(120 + keys / 1000);
    }

    // ---- keys: written and read per master, pipelined in batches, each key's owner from the slot map

    private static String key(int i) {
        return "bench-" + i;
    }

    /** {@code benchmark.scaling.value-bytes} (default 100) bytes, and different for every key. */
    private static String value(int i) {
        return String.format(Locale.ROOT, "%010d", i) + FILL;
    }

    private void writeKeys(ClusterCheck.Snapshot snapshot, int count) throws Exception {
        for (Map.Entry<String, List<Integer>> owner : byOwner(snapshot, count).entrySet()) {
            List<Integer> indexes = owner.getValue();
            for (int from = 0; from < indexes.size(); from += KEYS_PER_BATCH) {
                List<List<String>> commands = indexes.subList(from, Math.min(indexes.size(), from + KEYS_PER_BATCH)).stream()
                        .map(i -> List.of("SET", key(i), value(i))).toList();
                List<String> replies = redis.batch(owner.getKey(), PORT, commands);
                if (replies.stream().anyMatch(reply -> !"OK".equals(reply))) {
                    throw new IllegalStateException("SET on " + owner.getKey() + " answered " + replies.stream()
                            .filter(reply -> !"OK".equals(reply)).findFirst().orElseThrow());
                }
            }
        }
    }

    /** How many keys cannot be read back with their value; the first few are printed. */
    private int lostKeys(ClusterCheck.Snapshot snapshot, int count, String what) {
        List<String> lost = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> owner : byOwner(snapshot, count).entrySet()) {
            List<Integer> indexes = owner.getValue();
            for (int from = 0; from < indexes.size(); from += KEYS_PER_BATCH) {
                List<Integer> batch = indexes.subList(from, Math.min(indexes.size(), from + KEYS_PER_BATCH));
                List<String> replies;
                try {
                    replies = redis.batch(owner.getKey(), PORT, batch.stream().map(i -> List.of("GET", key(i))).toList());
                } catch (Exception e) {
                    // an error reply (MOVED, ASK, ...) fails the whole batch: read its keys one by one as a client would
                    replies = readThroughClusterClient(snapshot, batch);
                }
                for (int j = 0; j < batch.size(); j++) {
                    if (!value(batch.get(j)).equals(replies.get(j))) {
                        String read = replies.get(j);
                        lost.add(key(batch.get(j)) + "=" + (read != null && read.length() > 40 ? read.length() + " bytes" : read));
                    }
                }
            }
        }
        if (!lost.isEmpty()) {
            problems.add(what + ": " + lost.size() + " of " + count + " keys lost, e.g. "
                    + lost.subList(0, Math.min(5, lost.size())));
        }
        return lost.size();
    }

    private List<String> readThroughClusterClient(ClusterCheck.Snapshot snapshot, List<Integer> indexes) {
        RedisOptions options = new RedisOptions().setType(RedisClientType.CLUSTER)
                .setPreferredProtocolVersion(ProtocolVersion.RESP2).setMaxPoolSize(8).setMaxPoolWaiting(64);
        password.ifPresent(options::setPassword);
        snapshot.nodes().forEach(node -> options.addConnectionString("redis://" + node.pod().ip() + ":" + PORT));
        Redis cluster = Redis.createClient(vertx, options);
        try {
            List<String> values = new ArrayList<>();
            for (int i : indexes) {
                try {
                    Response reply = cluster.send(Request.cmd(Command.GET).arg(key(i))).toCompletionStage()
                            .toCompletableFuture().get(5, TimeUnit.SECONDS);
                    values.add(reply == null ? null : reply.toString());
                } catch (Exception e) {
                    values.add("error: " + e.getMessage());
                }
            }
            return values;
        } finally {
            cluster.close();
        }
    }

    /** Key indexes by the IP of the master that owns their slot. */
    private static Map<String, List<Integer>> byOwner(ClusterCheck.Snapshot snapshot, int count) {
        String[] owners = new String[SlotRange.SLOTS];
        snapshot.nodes().stream().filter(node -> node.myself().master()).forEach(node -> node.myself().slots()
                .forEach(range -> Arrays.fill(owners, range.first(), range.last() + 1, node.pod().ip())));
        Map<String, List<Integer>> byOwner = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            byOwner.computeIfAbsent(owners[slot(key(i))], ip -> new ArrayList<>()).add(i);
        }
        return byOwner;
    }

    /** The hash slot of a key, as the Vert.x cluster client computes it (CRC16, hash tags honoured). */
    static int slot(String key) {
        return ZModem.generate(key);
    }

    private long dbsize(String ip) throws Exception {
        return Long.parseLong(redis.call(ip, PORT, "DBSIZE"));
    }

    private static String ip(Sandbox sandbox, String pod) {
        return sandbox.pod(pod).orElseThrow().ip();
    }

    private static int ordinal(SandboxPod pod) {
        return Integer.parseInt(pod.name().substring(pod.name().lastIndexOf('-') + 1));
    }

    // ---- the passes, as the loop reports them

    private static boolean movedSlots(PassReport pass) {
        return !moves(pass).isEmpty();
    }

    private static List<StepOutcome> moves(PassReport pass) {
        return pass.topology().outcomes().stream().filter(outcome -> outcome.step().kind() == TopologyStep.Kind.MOVE_SLOTS)
                .toList();
    }

    /** Every pass the loop ran, read from its status every 20 ms (passes are at least a tick, 1 s, apart). */
    private final class PassWatcher implements AutoCloseable {

        private final Map<Instant, PassReport> seen = new ConcurrentSkipListMap<>();
        private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();

        PassWatcher() {
            thread.scheduleWithFixedDelay(() -> loop.status().lastPass().ifPresent(pass -> seen.putIfAbsent(pass.startedAt(), pass)),
                    0, 20, TimeUnit.MILLISECONDS);
        }

        /** The passes that started in [from, to), oldest first. */
        List<PassReport> between(Instant from, Instant to) {
            return seen.values().stream().filter(pass -> !pass.startedAt().isBefore(from) && pass.startedAt().isBefore(to))
                    .sorted(Comparator.comparing(PassReport::startedAt)).toList();
        }

        @Override
        public void close() {
            thread.shutdownNow();
        }
    }

    // ---- the tables

    private static String key(int keys, Mode mode, Scaling scaling) {
        return keys + "|" + mode + "|" + scaling;
    }

    private String table(List<Integer> keyCounts, Map<String, List<Figures>> figures, int rounds, Optional<Path> redisCli) {
        StringBuilder text = new StringBuilder()
                .append("## Scaling 3 -> 4 -> 3 masters (1 replica each) with K keys\n\n")
                .append(BenchmarkFiles.machine(redisVersion)).append("; cluster-node-timeout 5000 ms; reconciler tick 1 s;")
                .append(" spec redis-app, masters 3 -> 4 -> 3, replicas-per-master 1");
        if (resharding != null) {
            text.append(", resharding.slots-per-pass ").append(resharding.slotsPerPass()).append(", keys-per-pass ")
                    .append(resharding.keysPerPass()).append(", migrate-timeout ").append(resharding.migrateTimeout().toMillis())
                    .append(" ms");
        }
        text.append("; values of ").append(VALUE_BYTES).append(" bytes").append(AUTH ? "; auth on (requirepass from a Secret,"
                + " MIGRATE ... AUTH, redis-cli -a)" : "").append("; ").append(rounds).append(" round(s), each on fresh pods in the sandbox (median")
                .append(" round by time, min-max). With the reconciler, times run from the spec write (the StatefulSet")
                .append(" grows, the new pods start, then slots move; in, slots move, then the pods go) to the start of the")
                .append(" first check that passed: the spec's pods all Ready, every check of redis-cli --cluster check,")
                .append(" replicas synced, every node lists exactly the pods at their IPs, and every master holds 16384/M")
                .append(" slots (+-1). ")
                .append(redisCli.map(cli -> "With " + cli + " (loop stopped, new pods made beforehand by one pass of the"
                        + " objects alone): out, add-node for the master, add-node --cluster-slave for its replica, then"
                        + " rebalance --cluster-use-empty-masters; in, rebalance --cluster-weight <new master>=0, then"
                        + " del-node of the replica and the master (the 2 pods stay, outside the cluster; the check"
                        + " covers the 6 others); times run from the first command. redis-cli migrates 10 keys per"
                        + " MIGRATE (--cluster-pipeline default), the reconciler 100. ")
                        .orElse("redis-cli not found: Redis alone not measured. "))
                .append("\"moves\" is the window from the start of the first pass that moved slots (the rebalance")
                .append(" command) to the end of the last one, from the same start; slots/s and keys/s are over that window.")
                .append(" Lost keys: keys not readable with their value after the scaling (every key is read back).")
                .append(String.format(Locale.ROOT, " The longest check took %.2f s.%n%n", longestCheck.toMillis() / 1000.0))
                .append("| keys | scaling | by | healthy after | moves (from start) | passes that moved slots | slots moved")
                .append(" | keys moved | slots/s | keys/s | lost keys |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int keys : keyCounts) {
            for (Scaling scaling : Scaling.values()) {
                for (Mode mode : Mode.values()) {
                    List<Figures> runs = figures.get(key(keys, mode, scaling));
                    if (runs == null) {
                        continue;
                    }
                    text.append(row(keys, scaling, mode, runs));
                }
            }
        }
        return text.toString();
    }

    private static String row(int keys, Scaling scaling, Mode mode, List<Figures> runs) {
        List<Figures> healed = runs.stream().filter(run -> run.healed().isPresent())
                .sorted(Comparator.comparing(run -> run.healed().orElseThrow())).toList();
        int lost = runs.stream().mapToInt(Figures::lost).filter(n -> n >= 0).sum();
        String prefix = "| " + keys + " | " + scaling.label + " | " + mode.label + " | ";
        if (healed.isEmpty()) {
            return prefix + "no (" + runs.size() + " of " + runs.size() + ") | - | - | - | - | - | - | " + lost + " |\n";
        }
        Figures median = healed.get(healed.size() / 2);
        String time = String.format(Locale.ROOT, "%.1f s (%.1f-%.1f)", seconds(median.healed()),
                seconds(healed.get(0).healed()), seconds(healed.get(healed.size() - 1).healed()));
        if (healed.size() < runs.size()) {
            time += "; no in " + (runs.size() - healed.size()) + " of " + runs.size();
        }
        String window = median.movesFrom().isPresent() ? String.format(Locale.ROOT, "%.1f-%.1f s", seconds(median.movesFrom()),
                seconds(median.movesTo())) : "-";
        double windowSeconds = median.moveWindow().map(d -> d.toMillis() / 1000.0).orElse(0.0);
        String slotsRate = windowSeconds > 0 ? String.format(Locale.ROOT, "%.0f", median.slotsMoved() / windowSeconds) : "-";
        String keysRate = windowSeconds > 0 ? String.format(Locale.ROOT, "%.0f", median.keysMoved() / windowSeconds) : "-";
        return prefix + time + " | " + window + " | " + (median.passes() < 0 ? "-" : String.valueOf(median.passes())) + " | "
                + median.slotsMoved() + " | " + median.keysMoved() + " | " + slotsRate + " | " + keysRate + " | " + lost + " |\n";
    }

    private static String csv(Map<String, List<Figures>> figures) {
        StringBuilder csv = new StringBuilder(
                "keys,mode,scaling,round,healed_s,moves_from_s,moves_to_s,passes,slots_moved,keys_moved,lost_keys\n");
        figures.forEach((key, runs) -> {
            String[] parts = key.split("\\|");
            for (int round = 0; round < runs.size(); round++) {
                Figures run = runs.get(round);
                csv.append(parts[0]).append(',').append(parts[1]).append(',').append(parts[2]).append(',').append(round + 1)
                        .append(',').append(csvSeconds(run.healed())).append(',').append(csvSeconds(run.movesFrom()))
                        .append(',').append(csvSeconds(run.movesTo())).append(',').append(run.passes() < 0 ? "" : run.passes())
                        .append(',').append(run.slotsMoved()).append(',').append(run.keysMoved()).append(',')
                        .append(run.lost() < 0 ? "" : run.lost()).append('\n');
            }
        });
        return csv.toString();
    }

    private static String csvSeconds(Optional<Duration> time) {
        return time.map(d -> String.format(Locale.ROOT, "%.2f", d.toMillis() / 1000.0)).orElse("");
    }

    private static double seconds(Optional<Duration> time) {
        return time.orElseThrow().toMillis() / 1000.0;
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
