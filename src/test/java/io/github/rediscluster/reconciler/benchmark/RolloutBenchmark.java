package io.github.rediscluster.reconciler.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import io.github.rediscluster.reconciler.spec.SpecStore;
import io.github.rediscluster.reconciler.testing.BenchmarkFiles;
import io.github.rediscluster.reconciler.testing.LoopTicker;
import io.github.rediscluster.reconciler.testing.Poll;
import io.github.rediscluster.reconciler.testing.RealApiServer;
import io.github.rediscluster.reconciler.testing.RolloutWatch;
import io.github.rediscluster.reconciler.testing.SandboxRun;
import io.github.rediscluster.reconciler.testing.SpecFile;
import io.github.rediscluster.reconciler.testing.WritesUnderChange;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A restart-only redis.conf edit (databases 8) rolled over every pod of M masters + 1 replica each, under continuous
 * SET + WAIT 1 writes: by the reconciler (OnDelete, one pod at a time, masters after a coordinated failover) and by the
 * StatefulSet's own RollingUpdate, in the same run. Figures: the time from the spec write until every pod runs the new
 * template, Ready; the most pods down at once; the client's longest window of errors; acknowledged writes lost (every
 * key is read back). A rollout that does not finish fails the benchmark; the figures are only printed.
 * {@code -Dbenchmark.sizes=3,10} (masters).
 */
@Tag("benchmark")
@WithKubernetesTestServer(setup = RealApiServer.class)
@QuarkusTest
class RolloutBenchmark {

    private record Row(int masters, String strategy, Duration rollout, int mostDown, Duration errorWindow, int lost,
            String redis) {
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Inject
    ReconcileLoop loop;

    @Inject
    SpecStore specs;

    @Test
    void reconcilerRolloutNextToTheStatefulSetsRollingUpdate() throws Exception {
        List<Integer> sizes = Arrays.stream(System.getProperty("benchmark.sizes", "3,10").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        List<Row> rows = new ArrayList<>();
        for (int masters : sizes) {
            for (String strategy : List.of("reconciler", "statefulset")) {
                rows.add(roll(masters, strategy));
            }
        }
        StringBuilder markdown = new StringBuilder("Rollout of a restart-only redis.conf edit under SET + WAIT 1 writes; "
                + BenchmarkFiles.machine(rows.get(0).redis()) + "\n\n"
                + "| pods | rolled by | rollout | most pods down at once | longest client error window | acknowledged writes lost |\n"
                + "|---|---|---|---|---|---|\n");
        StringBuilder csv = new StringBuilder("masters,strategy,rollout_ms,most_down,error_window_ms,lost\n");
        for (Row row : rows) {
            markdown.append(String.format("| %dx1 | %s | %.1f s | %d | %d ms | %d |%n", row.masters(), row.strategy(),
                    row.rollout().toMillis() / 1000.0, row.mostDown(), row.errorWindow().toMillis(), row.lost()));
            csv.append(String.format("%d,%s,%d,%d,%d,%d%n", row.masters(), row.strategy(), row.rollout().toMillis(),
                    row.mostDown(), row.errorWindow().toMillis(), row.lost()));
        }
        BenchmarkFiles.write("rollout", markdown.toString(), csv.toString());
    }

    private Row roll(int masters, String strategy) throws Exception {
        String spec = SpecFile.with(masters, 1, "redis-cluster.rollout=" + strategy);
        Duration timeout = Duration.ofSeconds(60 + 10L * masters);
        try (SandboxRun run = SandboxRun.start(server, client, specs, "rollout-" + strategy + "-" + masters, spec);
                LoopTicker ticker = LoopTicker.start(loop);
                WritesUnderChange writes = new WritesUnderChange(run.sandbox(), masters, timeout)) {
            writes.awaitHealthy("the cluster formed", pods -> true);
            writes.start();
            RolloutWatch watch = new RolloutWatch(client, SpecFile.NAMESPACE, "redis-app", masters * 2);
            SpecFile.write(spec + "redis-cluster.redis-conf.databases=8\n");
            specs.refresh();
            // rolled() alone holds before the StatefulSet's template changes (every pod already runs the old update
            // revision), so the rollout is over only once every pod also shows the new directive
            Poll.until("every pod rolled to the new template, Ready, and databases 8 on every pod",
                    Duration.ofSeconds(60L * masters),
                    () -> watch.rolled() && run.sandbox().pods().stream().allMatch(pod -> databases(writes, pod).equals("8"))
                            ? "rolled" : watch.revisions().toString(), seen -> seen.equals("rolled"));
            Duration rollout = watch.elapsed();
            watch.close();
            WritesUnderChange.Outcome outcome = writes.finish(masters + "x1, rolled by " + strategy);
            assertThat(watch.mostDownAtOnce()).as("a rollout took pods down").isPositive();
            return new Row(masters, strategy, rollout, watch.mostDownAtOnce(), outcome.longestErrorWindow(),
                    outcome.lost().size(), outcome.redisVersion());
        }
    }

    private static String databases(WritesUnderChange writes, SandboxPod pod) {
        try {
            List<String> answer = List.of(writes.redis().call(pod.ip(), WritesUnderChange.PORT, "CONFIG", "GET", "databases")
                    .split("\n"));
            return answer.get(answer.size() - 1).strip();
        } catch (Exception e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
