package io.github.rediscluster.reconciler.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import io.github.rediscluster.reconciler.sandbox.PodTermination;
import io.github.rediscluster.reconciler.sandbox.Sandbox;
import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import io.github.rediscluster.reconciler.spec.SpecStore;
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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Pod-template changes of a running 3x1 cluster under continuous SET + WAIT 1 writes, every acknowledged key read back:
 * a restart-only redis.conf edit and a Redis upgrade (6.2 to 7.0) rolled by the reconciler (one pod at a time, replicas
 * first, masters only after their replica took over) and, as the baseline, the same change rolled by the StatefulSet's
 * own RollingUpdate. Prints the rollout time, the most pods down at once and the client's longest error window. The API
 * deletes pods gracefully, as a real one does ({@link RealApiServer}), so the sandbox plays each preStop hook and
 * records each pod's role when SIGTERM came.
 *
 * <p>The upgrade needs two redis-server binaries: the embedded 6.2 and a 7.0, from the system property
 * {@value #REDIS_7_PROPERTY} or else Debian's /usr/bin/redis-server; its tests are tagged {@code upgrade} (left out of
 * the default build, run by .ci/run once Debian's redis-server is installed) and fail when the 7.0 binary is missing.
 */
@Tag("e2e")
@WithKubernetesTestServer(setup = RealApiServer.class)
@QuarkusTest
class RolloutEndToEndTest {

    static final String REDIS_7_PROPERTY = "redis-server-7.0";
    private static final String NS = SpecFile.NAMESPACE;
    private static final int MASTERS = 3;
    private static final int PODS = MASTERS * 2;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Duration ROLLOUT_TIMEOUT = Duration.ofSeconds(240);
    private static final String RESTART_ONLY_EDIT = "redis-cluster.redis-conf.databases=8\n";
    private static final String BASELINE = "redis-cluster.rollout=statefulset\n";

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Inject
    ReconcileLoop loop;

    @Inject
    SpecStore specs;

    private SandboxRun run;
    private Sandbox sandbox;
    private LoopTicker ticker;
    private WritesUnderChange writes;

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (writes != null) {
            writes.close();
        }
        if (ticker != null) {
            ticker.close();
        }
        if (run != null) {
            run.close();
        }
    }

    @Test
    void aRestartOnlyEditIsRolledOnePodAtATimeMastersAfterTheirFailover(TestInfo test) throws Exception {
        start(test, SpecFile.CLASSIC, "");

        RolloutWatch watch = change(SpecFile.CLASSIC + RESTART_ONLY_EDIT, "databases 8 on every pod",
                pods -> pods.stream().allMatch(pod -> config(pod, "databases").equals("8")));

        assertOneAtATimeMastersFailedOverFirst(watch);
        report("restart-only redis.conf edit (databases), reconciler rollout", watch, writes.finishLosingNothing(
                "restart-only redis.conf edit (databases), reconciler rollout"));
    }

    @Test
    void baselineTheSameEditRolledByTheStatefulSet(TestInfo test) throws Exception {
        start(test, SpecFile.CLASSIC + BASELINE, "");

        RolloutWatch watch = change(SpecFile.CLASSIC + BASELINE + RESTART_ONLY_EDIT, "databases 8 on every pod",
                pods -> pods.stream().allMatch(pod -> config(pod, "databases").equals("8")));

        report("restart-only redis.conf edit (databases), StatefulSet RollingUpdate (baseline)", watch,
                writes.finish("restart-only redis.conf edit (databases), StatefulSet RollingUpdate (baseline)"));
    }

    @Test
    @Tag("upgrade")
    void aRedisUpgradeFrom62To70IsRolledOnePodAtATime(TestInfo test) throws Exception {
        start(test, SpecFile.CLASSIC + "redis-cluster.image=redis:6.2\n", upgradeImages());
        assertThat(writes.redisVersion()).startsWith("6.2.");

        RolloutWatch watch = change(SpecFile.CLASSIC + "redis-cluster.image=redis:7.0\n", "Redis 7.0 on every pod",
                pods -> pods.stream().allMatch(pod -> version(pod).startsWith("7.0.")));

        assertOneAtATimeMastersFailedOverFirst(watch);
        report("Redis upgrade 6.2 -> 7.0, reconciler rollout", watch,
                writes.finishLosingNothing("Redis upgrade 6.2 -> 7.0, reconciler rollout"));
    }

    @Test
    @Tag("upgrade")
    void baselineTheSameUpgradeRolledByTheStatefulSet(TestInfo test) throws Exception {
        start(test, SpecFile.CLASSIC + BASELINE + "redis-cluster.image=redis:6.2\n", upgradeImages());

        RolloutWatch watch = change(SpecFile.CLASSIC + BASELINE + "redis-cluster.image=redis:7.0\n",
                "Redis 7.0 on every pod", pods -> pods.stream().allMatch(pod -> version(pod).startsWith("7.0.")));

        report("Redis upgrade 6.2 -> 7.0, StatefulSet RollingUpdate (baseline)", watch,
                writes.finish("Redis upgrade 6.2 -> 7.0, StatefulSet RollingUpdate (baseline)"));
    }

    /** The embedded 6.2 for redis:6.2 images, a 7.0 for redis:7.0 ones; fails when no 7.0 binary is there. */
    static String upgradeImages() {
        String redis7 = System.getProperty(REDIS_7_PROPERTY, "/usr/bin/redis-server");
        assertThat(Files.isExecutable(Path.of(redis7))).as("a Redis 7.0 redis-server at " + redis7 + " (system property "
                + REDIS_7_PROPERTY + ", default Debian's; apt-get install redis-server): the upgrade cannot be played"
                + " without it").isTrue();
        return "redis:6.2*=embedded,redis:7.0*=" + redis7;
    }

    private void start(TestInfo test, String spec, String images) throws IOException {
        run = SandboxRun.start(server, client, specs, test.getTestMethod().orElseThrow().getName(), spec,
                settings -> settings.withImages(images));
        sandbox = run.sandbox();
        ticker = LoopTicker.start(loop);
        writes = new WritesUnderChange(sandbox, MASTERS, TIMEOUT);
        writes.awaitHealthy("the cluster formed", pods -> true);
        writes.start();
    }

    /** Writes {@code spec}, then waits until every pod runs the new template and shows it. */
    private RolloutWatch change(String spec, String shown, Predicate<List<SandboxPod>> shows) throws InterruptedException {
        RolloutWatch watch = new RolloutWatch(client, NS, "redis-app", PODS);
        SpecFile.write(spec);
        specs.refresh();
        Poll.until("every pod rolled to the new template, Ready, and " + shown, ROLLOUT_TIMEOUT,
                () -> watch.rolled() && shows.test(sandbox.pods()) ? "rolled" : watch.revisions().toString(),
                seen -> seen.equals("rolled"));
        watch.close();
        return watch;
    }

    private void assertOneAtATimeMastersFailedOverFirst(RolloutWatch watch) {
        assertThat(watch.mostDownAtOnce()).as("pods down at once (" + watch.downAtOnce() + ")").isEqualTo(1);
        List<PodTermination.Ended> ended = sandbox.terminations();
        assertThat(ended).extracting(PodTermination.Ended::pod).as("each pod restarted once")
                .containsExactlyInAnyOrder("redis-app-0", "redis-app-1", "redis-app-2", "redis-app-3", "redis-app-4",
                        "redis-app-5");
        assertThat(ended).as("every pod a replica when SIGTERM came: masters were failed over first")
                .allSatisfy(end -> assertThat(end.roleAtSigterm()).as(end.pod()).isEqualTo("slave"));
    }

    private void report(String change, RolloutWatch watch, WritesUnderChange.Outcome outcome) {
        System.out.printf("ROLLOUT %s: %d pods rolled in %d ms, at most %d down at once, longest client error window"
                        + " %d ms, %d acknowledged writes lost, Redis %s%n", change, PODS, watch.elapsed().toMillis(),
                watch.mostDownAtOnce(), outcome.longestErrorWindow().toMillis(), outcome.lost().size(), outcome.redisVersion());
    }

    private String config(SandboxPod pod, String directive) {
        try {
            List<String> answer = List.of(writes.redis().call(pod.ip(), WritesUnderChange.PORT, "CONFIG", "GET", directive)
                    .split("\n"));
            return answer.get(answer.size() - 1).strip();
        } catch (Exception e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private String version(SandboxPod pod) {
        try {
            return writes.redisVersion(pod);
        } catch (Exception e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
