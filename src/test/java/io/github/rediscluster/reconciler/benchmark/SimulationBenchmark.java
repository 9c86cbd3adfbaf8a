package io.github.rediscluster.reconciler.benchmark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.rediscluster.reconciler.act.ActResult;
import io.github.rediscluster.reconciler.desired.RedisConfig;
import io.github.rediscluster.reconciler.observe.RedisPod;
import io.github.rediscluster.reconciler.plan.TopologyPlan;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.BenchmarkFiles;
import io.github.rediscluster.reconciler.testing.sim.SimCluster;
import io.github.rediscluster.reconciler.testing.sim.SimPass;
import io.github.rediscluster.reconciler.testing.sim.SimServers;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real observer, planner and actor against 1,000 fake cluster members ({@link SimServers}): a steady pass, a full
 * restart (every pod on a new IP), a scale-out of 10 masters, and forming from 1,000 empty nodes. Prints, and writes to
 * {@code target/benchmarks/simulation.md}, the time of each part of a pass, the heap used after a full GC at its end
 * (the fake nodes' model included), what the pass retains and allocates, and the commands the fake nodes answered. Run
 * it with {@code -DargLine=-Xmx256m}, the Deployment's memory limit (whose image gives the heap half of it), and
 * {@code -Dbenchmark.sim.scenarios=steady} (comma-separated: steady, forming, scale-out, restart) for some scenarios only.
 * Gossip between passes is settled at once (see {@link SimCluster}). The fake servers share the machine's cores with
 * the service, where a real Redis builds its replies on its own CPU: they keep each node's line as its peers see it
 * until something changes, and size each output buffer for its replies rather than growing it, so that as little of
 * their work as can be is measured as the service's.
 */
@Tag("benchmark")
class SimulationBenchmark {

    private static final int PODS = Integer.getInteger("benchmark.sim.pods", 1000);
    private static final Duration LATENCY = Duration.ofMillis(Long.getLong("benchmark.sim.latency-ms", 1));
    private static final String VERSION = System.getProperty("benchmark.sim.version", "7.0.15");
    /** Passes before the steady ones are recorded: the first sets the live redis.conf directives, the rest warm the JIT. */
    private static final int WARM_UP = Integer.getInteger("benchmark.sim.warm-up", 3);
    /** Which scenarios to run, comma-separated: steady, forming, scale-out, restart; all by default. */
    private static final Set<String> SCENARIOS = Set.of(System.getProperty("benchmark.sim.scenarios",
            "steady,forming,scale-out,restart").split(","));

    private final List<String> rows = new ArrayList<>();
    private final List<String> csv = new ArrayList<>(List.of("scenario,pass,observe_ms,plan_ms,act_ms,total_ms,steps,"
            + "commands,used_mib,retained_mib,allocated_mib"));

    @Test
    void thousandNodes() {
        Vertx vertx = Vertx.vertx();
        int port = SimServers.freePort();
        try {
            // The full restart last: its million MEETs take longest, and the rows before it are printed as they come.
            if (SCENARIOS.contains("steady")) {
                steadyAndRestart(vertx, port, false);
            }
            if (SCENARIOS.contains("forming")) {
                forming(vertx, port);
            }
            if (SCENARIOS.contains("scale-out")) {
                scaleOut(vertx, port);
            }
            if (SCENARIOS.contains("restart")) {
                steadyAndRestart(vertx, port, true);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        String header = "| scenario | pass | observe (+CONFIG GET) | plan | act | pass | steps | commands answered | heap"
                + " used after GC | heap retained | heap allocated |\n|---|---|---|---|---|---|---|---|---|---|---|\n";
        String table = "Simulation, " + PODS + " fake nodes (Redis " + VERSION + " answers), " + LATENCY.toMillis()
                + " ms per round trip, " + BenchmarkFiles.machine("simulated " + VERSION) + "\n\n" + header
                + String.join("\n", rows) + "\n";
        System.out.println(table);
        BenchmarkFiles.write("simulation", table, String.join("\n", csv) + "\n");
    }

    private void steadyAndRestart(Vertx vertx, int port, boolean restart) {
        ClusterSpec spec = SimPass.spec(port, PODS / 2);
        SimCluster cluster = new SimCluster(SimServers.ips(PODS, 0), VERSION);
        cluster.formSettled(PODS / 2);
        cluster.configure(RedisConfig.tunable(spec));
        try (SimServers servers = new SimServers(cluster, port, LATENCY)) {
            Meter meter = new Meter(servers.threads());
            // Warm-up: the first pass sets the live redis.conf directives; then the JIT has seen every path.
            for (int i = 0; i < WARM_UP; i++) {
                pass(vertx, spec, SimPass.pods(cluster), cluster, meter);
            }
            for (int i = 1; i <= (restart ? 0 : 5); i++) {
                Result steady = pass(vertx, spec, SimPass.pods(cluster), cluster, meter);
                record("steady", i, steady);
                assertTrue(steady.plan.converged(), "a steady pass planned " + steady.plan.steps() + steady.plan.findings());
            }
            if (!restart) {
                return;
            }
            cluster.restartAll(SimServers.ips(PODS, 1));
            servers.relisten();
            untilSteady("full restart (all new IPs)", vertx, spec, cluster, meter, 5);
            assertTrue(cluster.fullyMeshed(), "after the restart's passes some node still has a stale address");
        }
    }

    private void scaleOut(Vertx vertx, int port) {
        int masters = PODS / 2 - 10; // 10 more masters with one replica each: 1,000 pods, the most a spec allows
        SimCluster cluster = new SimCluster(SimServers.ips(masters * 2 + 20, 2), VERSION);
        cluster.formSettled(masters);
        cluster.freshFrom(masters * 2);
        ClusterSpec spec = SimPass.spec(port, masters + 10);
        cluster.configure(RedisConfig.tunable(spec));
        try (SimServers servers = new SimServers(cluster, port, LATENCY)) {
            Meter meter = new Meter(servers.threads());
            untilSteady("scale-out " + masters + " -> " + (masters + 10) + " masters", vertx, spec, cluster, meter, 40);
        }
    }

    private void forming(Vertx vertx, int port) {
        SimCluster cluster = new SimCluster(SimServers.ips(PODS, 3), VERSION);
        cluster.freshFrom(0);
        ClusterSpec spec = SimPass.spec(port, PODS / 2);
        cluster.configure(RedisConfig.tunable(spec));
        try (SimServers servers = new SimServers(cluster, port, LATENCY)) {
            Meter meter = new Meter(servers.threads());
            untilSteady("forming from empty nodes", vertx, spec, cluster, meter, 10);
        }
    }

    /** Passes until one plans nothing, gossip settled between them; every pass recorded. */
    private void untilSteady(String scenario, Vertx vertx, ClusterSpec spec, SimCluster cluster, Meter meter, int most) {
        List<?> last = List.of();
        for (int i = 1; i <= most; i++) {
            Result result = pass(vertx, spec, SimPass.pods(cluster), cluster, meter);
            record(scenario, i, result);
            assertTrue(result.pass.failures().isEmpty(), scenario + ", pass " + i + ": " + result.pass.failures());
            if (result.plan.converged()) {
                return;
            }
            last = result.plan.findings();
            cluster.settleGossip();
        }
        throw new AssertionError(scenario + ": still not steady after " + most + " passes");
    }

    private record Result(SimPass pass, TopologyPlan plan, ActResult act, long used, long retained, long allocated,
            long commands, Map<String, Long> counts) {
    }

    private static Result pass(Vertx vertx, ClusterSpec spec, List<RedisPod> pods, SimCluster cluster, Meter meter) {
        long base = meter.heapAfterGc();
        cluster.resetCounts();
        long allocatedBefore = meter.allocated();
        SimPass pass = SimPass.run(vertx, spec, pods);
        long allocated = meter.allocated() - allocatedBefore;
        // What the pass holds at its end (observations, plan, outcomes), before they go.
        long used = meter.heapAfterGc();
        long retained = used - base;
        assertTrue(pass.observed().pods().size() == pods.size(), "observed " + pass.observed().pods().size());
        return new Result(pass, pass.plan(), pass.act(), used, retained, allocated, cluster.totalCommands(), cluster.counts());
    }

    private void record(String scenario, int pass, Result result) {
        SimPass r = result.pass;
        long total = r.observeNanos() + r.planNanos() + r.actNanos();
        String commands = result.commands + " (" + result.counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue()
                .reversed()).limit(3).map(entry -> entry.getKey() + " " + entry.getValue()).reduce((a, b) -> a + ", " + b)
                .orElse("") + ")";
        rows.add(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %d | %s | %.1f MiB | %.1f MiB | %.0f MiB |",
                scenario, pass, ms(r.observeNanos()), ms(r.planNanos()), ms(r.actNanos()), ms(total), r.plan().steps().size(),
                commands, mib(result.used), mib(result.retained), mib(result.allocated)));
        csv.add(String.format(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%d,%d,%.1f,%.1f,%.1f", scenario, pass,
                r.observeNanos() / 1_000_000, r.planNanos() / 1_000_000, r.actNanos() / 1_000_000, total / 1_000_000,
                r.plan().steps().size(), result.commands, mib(result.used), mib(result.retained), mib(result.allocated)));
        System.out.println(rows.get(rows.size() - 1));
    }

    private static String ms(long nanos) {
        return nanos >= 1_000_000_000L ? String.format(Locale.ROOT, "%.2f s", nanos / 1e9) : (nanos / 1_000_000) + " ms";
    }

    private static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }

    /** Heap after a full GC, and bytes allocated by every thread but the fake servers'. */
    private static final class Meter {

        private final Set<Thread> simThreads;
        private final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        Meter(Set<Thread> simThreads) {
            this.simThreads = simThreads;
        }

        long heapAfterGc() {
            System.gc();
            System.gc();
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        long allocated() {
            long[] ids = Thread.getAllStackTraces().keySet().stream().filter(thread -> !simThreads.contains(thread))
                    .mapToLong(Thread::getId).toArray();
            return Arrays.stream(threads.getThreadAllocatedBytes(ids)).filter(bytes -> bytes > 0).sum();
        }
    }
}
