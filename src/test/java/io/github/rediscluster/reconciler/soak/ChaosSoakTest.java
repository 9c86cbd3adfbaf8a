package io.github.rediscluster.reconciler.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import io.github.rediscluster.reconciler.spec.SpecStore;
import io.github.rediscluster.reconciler.act.ActionLog;
import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import io.github.rediscluster.reconciler.testing.ChaosSoak;
import io.github.rediscluster.reconciler.testing.LoopTicker;
import io.github.rediscluster.reconciler.testing.RedisCalls;
import io.github.rediscluster.reconciler.testing.SandboxRun;
import io.github.rediscluster.reconciler.testing.SoakWorkload;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.github.rediscluster.reconciler.testing.RealApiServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The 60-second chaos soak: the classic cluster under a writing and reading client, through one round of each
 * {@link ChaosSoak.Chaos} and more while the minute lasts; the scaling round (masters 3 -> 4 -> 3 with pods deleted
 * and killed mid-move) comes last, so the minute holds one. Every round heals, no acknowledged write is lost, and
 * the reconciler's action log holds no FLUSH*, CLUSTER RESET or FORGET of a slot owner. The 10-minute soak is
 * {@code ChaosSoakBenchmark}.
 */
@Tag("e2e")
@WithKubernetesTestServer(setup = RealApiServer.class)
@QuarkusTest
class ChaosSoakTest {

    static final Duration NODE_TIMEOUT = Duration.ofMillis(5000);
    static final Duration HEAL_DEADLINE = Duration.ofSeconds(60);

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Inject
    ReconcileLoop loop;

    @Inject
    SpecStore specs;

    @Inject
    ActionLog actionLog;

    @Test
    void aMinuteOfChaosLosesNoAcknowledgedWriteAndDestroysNothing() throws Exception {
        ChaosSoak.Report report = soak(loop, server, client, specs, actionLog, Duration.ofSeconds(60), "soak-60s");
        System.out.println(report.markdown());

        assertThat(report.allHealed()).as("every round healed: %s", report.rounds()).isTrue();
        assertThat(report.client().acknowledged()).as("acknowledged writes").isPositive();
        assertThat(report.scalingRounds()).as("scaling rounds").isEqualTo(1);
        assertThat(report.lostAcknowledged()).as("acknowledged keys lost").isEmpty();
        assertThat(report.forbidden()).as("forbidden commands in the action log").isEmpty();
    }

    /** Forms the classic cluster with the loop ticking every second, then soaks it for {@code length}. */
    static ChaosSoak.Report soak(ReconcileLoop loop, KubernetesServer server, KubernetesClient client, SpecStore specs,
            ActionLog actionLog, Duration length, String name) throws Exception {
        try (SandboxRun run = SandboxRun.start(server, client, specs, name); RedisCalls redis = new RedisCalls();
                LoopTicker ticker = LoopTicker.start(loop)) {
            ChaosSoak soak = new ChaosSoak(run.sandbox(), actionLog, redis, 3, 1, NODE_TIMEOUT, HEAL_DEADLINE);
            soak.awaitHealthy("after forming");
            try (SoakWorkload workload = new SoakWorkload(
                    () -> run.sandbox().pods().stream().filter(SandboxPod::ready).map(SandboxPod::ip).toList(), 6379)) {
                return soak.run(length, workload.start());
            }
        }
    }
}
