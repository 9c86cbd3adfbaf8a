package io.github.rediscluster.reconciler.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import io.github.rediscluster.reconciler.spec.SpecStore;
import io.github.rediscluster.reconciler.act.ActionLog;
import io.github.rediscluster.reconciler.testing.BenchmarkFiles;
import io.github.rediscluster.reconciler.testing.ChaosSoak;
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
 * The long chaos soak, 10 minutes by default ({@code -Dsoak.minutes=N}): the rounds of {@link ChaosSoakTest}
 * for longer, written to target/benchmarks/soak.md and soak.csv. It prints its figures first, then fails if a round
 * did not heal, an acknowledged key was lost or a forbidden command was sent.
 */
@Tag("benchmark")
@WithKubernetesTestServer(setup = RealApiServer.class)
@QuarkusTest
class ChaosSoakBenchmark {

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
    void soak() throws Exception {
        Duration length = Duration.ofMinutes(Integer.getInteger("soak.minutes", 10));
        ChaosSoak.Report report = ChaosSoakTest.soak(loop, server, client, specs, actionLog, length, "soak-long");
        BenchmarkFiles.write("soak", "## Chaos soak of the classic cluster (3 masters + 1 replica each)\n\n"
                + BenchmarkFiles.machine(report.redisVersion()) + "; cluster-node-timeout "
                + ChaosSoakTest.NODE_TIMEOUT.toMillis() + " ms; reconciler tick 1 s; planned length " + length.toMinutes()
                + " min. One client writes SET+WAIT 1 and reads back without pause. Rounds in turn: one pod deleted"
                + " (back on a new IP), a master killed and kept down cluster-node-timeout + 3 s, every pod deleted at"
                + " once, masters 3 -> 4 -> 3 by spec edits with the moving master deleted and another master killed past"
                + " cluster-node-timeout as soon as slots are seen moving; each round waits until every check of redis-cli --cluster check passes, every replica is synced"
                + " and every node lists every pod at its pod IP.\n\n" + report.markdown(), report.csv());

        assertThat(report.allHealed()).as("every round healed: %s", report.rounds()).isTrue();
        assertThat(report.scalingRounds()).as("scaling rounds").isPositive();
        assertThat(report.lostAcknowledged()).as("acknowledged keys lost").isEmpty();
        assertThat(report.forbidden()).as("forbidden commands in the action log").isEmpty();
    }
}
