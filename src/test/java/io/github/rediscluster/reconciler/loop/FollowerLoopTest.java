package io.github.rediscluster.reconciler.loop;

import io.github.rediscluster.reconciler.spec.SpecStore;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.github.rediscluster.reconciler.health.LeaderElectionReadiness;
import io.github.rediscluster.reconciler.health.ReconcileReadiness;
import io.github.rediscluster.reconciler.health.RedisClusterReadiness;
import io.github.rediscluster.reconciler.leader.Leadership;
import io.github.rediscluster.reconciler.metrics.ClusterTags;
import io.github.rediscluster.reconciler.report.ReconcilerMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.github.rediscluster.reconciler.testing.SpecFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A follower (an instance that does not hold the Lease) ticks and re-reads its spec but never runs a pass. The loop
 * here has no reconcilers and no pod watch at all, and its client points at a closed port: any attempt to act would
 * fail the test.
 */
class FollowerLoopTest {

    @TempDir
    Path directory;

    private KubernetesClient unreachable;
    private Path spec;
    private Leadership follower;
    private ReconcileLoop loop;
    private SpecStore specs;

    @BeforeEach
    void aFollowerThatNeverWonTheLease() throws IOException {
        unreachable = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").withNamespace("ns").build()).build();
        spec = directory.resolve("application.properties");
        Files.writeString(spec, SpecFile.CLASSIC);
        specs = new SpecStore(spec.toString(), unreachable);
        // Election enabled but never started: the state of a follower before and between takeovers.
        follower = leadership(true);
        // Metrics are real: a follower names the cluster its series are about too (it reads the spec in force).
        loop = new ReconcileLoop(specs, null, null, null, follower, null,
                new ReconcilerMetrics(new SimpleMeterRegistry(), follower, new ClusterTags()));
    }

    @AfterEach
    void closeClient() {
        unreachable.close();
    }

    private Leadership leadership(boolean electionEnabled) {
        return new Leadership(unreachable, electionEnabled, "redis-cluster-reconciler", Optional.of("ns"),
                Optional.of("follower-1"), Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    @Test
    void aFollowerTicksAndReadsTheSpecButRunsNoPass() {
        loop.tick();
        loop.tick();

        assertThat(follower.isLeader()).isFalse();
        assertThat(loop.status().lastTick()).as("the loop still ticks (liveness)").isPresent();
        assertThat(specs.state().inForce()).as("the spec was read").isPresent();
        assertThat(loop.status().lastPass()).as("no pass ran").isEmpty();
        assertThat(loop.runPass()).as("a pass asked for directly does not run either").isEmpty();
    }

    @Test
    void aFollowerIsReadyButIdleAndSaysSo() {
        loop.tick();

        HealthCheckResponse role = new LeaderElectionReadiness(follower).call();
        assertThat(role.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(data(role)).containsEntry("role", "follower").containsEntry("identity", "follower-1")
                .containsEntry("leader", "unknown").containsEntry("lease", "ns/redis-cluster-reconciler");
        for (HealthCheck check : new HealthCheck[] {new ReconcileReadiness(specs, loop, follower),
                new RedisClusterReadiness(loop, follower)}) {
            HealthCheckResponse response = check.call();
            assertThat(response.getStatus()).as(response.getName()).isEqualTo(HealthCheckResponse.Status.UP);
            assertThat(data(response)).as(response.getName()).containsEntry("role", "follower");
        }
    }

    @Test
    void aFollowerWithABadSpecIsNotReady() throws IOException {
        loop.tick();
        Files.writeString(spec, SpecFile.CLASSIC.replace("redis-cluster.masters=3", "redis-cluster.masters=0"));
        loop.tick();

        HealthCheckResponse objects = new ReconcileReadiness(specs, loop, follower).call();
        assertThat(objects.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(data(objects).get("error")).asString().contains("redis-cluster.masters");
    }

    @Test
    void withoutElectionTheInstanceIsAlwaysTheLeader() {
        Leadership alone = leadership(false);

        assertThat(alone.isLeader()).isTrue();
        assertThat(alone.leaderIdentity()).contains("follower-1");
        assertThat(data(new LeaderElectionReadiness(alone).call())).containsEntry("role", "leader")
                .containsEntry("lease", "none: leader election is disabled");
    }

    @Test
    void afterShutdownTheLoopNoLongerTicks() {
        loop.stopTicking(null);
        loop.tick();

        assertThat(loop.status().lastTick()).isEmpty();
    }

    private static Map<String, Object> data(HealthCheckResponse response) {
        return response.getData().orElse(Map.of());
    }
}
