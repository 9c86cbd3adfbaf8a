package io.github.rediscluster.reconciler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.act.ActionLog;
import io.github.rediscluster.reconciler.act.PodRestarter;
import io.github.rediscluster.reconciler.apply.PodRelease;
import io.github.rediscluster.reconciler.leader.Leadership;
import io.github.rediscluster.reconciler.observe.AuthSurvey;
import io.github.rediscluster.reconciler.observe.ClusterPods;
import io.github.rediscluster.reconciler.observe.PodDiagnostics;
import io.github.rediscluster.reconciler.observe.RedisAuthSecret;
import io.github.rediscluster.reconciler.observe.RedisTlsSecret;
import io.github.rediscluster.reconciler.redis.RedisConnections;
import io.github.rediscluster.reconciler.report.Told;
import io.github.rediscluster.reconciler.report.Topic;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.CrudApi;
import io.github.rediscluster.reconciler.testing.TestClock;
import io.github.rediscluster.reconciler.testing.Specs;
import io.github.rediscluster.reconciler.testing.StuckPods;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Redis side of a pass against a mock API (CRUD): its pods have no IP, so no redis-server is asked and no step is
 * taken; what is asserted is the memory the pass hands on. How steps and failovers become memory is in
 * {@link PassMemoryTest}; a pass against real redis-servers is in the e2e tests.
 */
class TopologyReconcilerTest {

    private static final Instant T0 = Instant.parse("2026-12-02T01:00:00Z");
    private static final ClusterSpec SPEC = Specs.classic();
    private static final ClusterSpec WITH_AUTH = Specs.classicWith("redis-cluster.auth.secret", "redis-auth");
    private static final String NS = SPEC.namespace();


    private final TestClock clock = new TestClock(T0);
    private final Vertx vertx = Vertx.vertx();
    private final CrudApi api = CrudApi.start();
    private final KubernetesClient client = api.client();
    private TopologyReconciler reconciler;

    @BeforeEach
    void start() {
        reconciler = new TopologyReconciler(new ClusterPods(client),
                new RedisConnections(vertx, Duration.ofMillis(200), Duration.ofMillis(200)), new ActionLog(),
                new PodDiagnostics(client, Duration.ZERO, clock), new RedisAuthSecret(client), new RedisTlsSecret(client),
                alone(), new PodRestarter(client), clock);
    }

    /** Without leader election the Lease is always held: no step is fenced. */
    private Leadership alone() {
        return new Leadership(client, false, "redis-cluster-reconciler", Optional.empty(), Optional.of("test"), Duration.ofSeconds(15),
                Duration.ofSeconds(10), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        api.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private void podsWithoutIp(int count) {
        for (int ordinal = 0; ordinal < count; ordinal++) {
            client.pods().inNamespace(NS).resource(new PodBuilder(StuckPods.runningReady("redis-app-" + ordinal, "uid-" + ordinal))
                    .editStatus().withPodIP(null).endStatus().build()).create();
        }
    }

    private static PassMemory failoverRequestedAt(Instant when) {
        return new PassMemory(Map.of("redis-app-3", when), Optional.empty(), AuthSurvey.NONE, 0, Told.NOTHING);
    }

    @Test
    void aFailoverRequestedIsHandedOnForItsPatienceThenForgotten() {
        podsWithoutIp(6);

        clock.now = T0.plusSeconds(10);
        PassMemory within = reconciler.reconcile(SPEC, failoverRequestedAt(T0)).next();
        clock.now = T0.plus(PassMemory.FAILOVER_PATIENCE).plusSeconds(1);
        PassMemory after = reconciler.reconcile(SPEC, within).next();

        assertThat(within.failoversRequested()).containsExactly(Map.entry("redis-app-3", T0));
        assertThat(after.failoversInFlight()).isEmpty();
    }

    @Test
    void whenNoPodBeyondTheSpecRunsTheReleaseIsHandedToTheObjectsSide() {
        RedisSideResult result = reconciler.reconcile(SPEC, PassMemory.FIRST);

        assertThat(result.next().release()).contains(new PodRelease(6, 6));
        assertThat(result.report().plan().podsReleasedDownTo()).contains(6);
    }

    @Test
    void podsThatCouldNotBeReadAreInTheAuthSurvey() {
        client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("redis-auth").endMetadata()
                .addToStringData("password", "s3cret-s3cret").build()).create();
        podsWithoutIp(2);

        AuthSurvey survey = reconciler.reconcile(WITH_AUTH, PassMemory.FIRST).next().authSurvey();

        assertThat(survey).isEqualTo(new AuthSurvey(true, true, List.of(), List.of("redis-app-0", "redis-app-1")));
        assertThat(survey.everyPodProtected()).isFalse();
    }

    @Test
    void aPassThatCannotLookHandsOnNoDecisionButKeepsWhatWasToldAndWhatIsInFlight() {
        Told told = Told.NOTHING.with("pod-problems", List.of(Topic.of("redis-app-2: NfsAccessDenied")));
        PassMemory before = new PassMemory(Map.of("redis-app-3", T0), Optional.of(new PodRelease(6, 6)),
                new AuthSurvey(true, true, List.of(), List.of()), 40, told);

        RedisSideResult result = reconciler.reconcile(WITH_AUTH, before);

        assertThat(result.report().error()).get().asString().startsWith("no Redis password, so no pod is read: Secret default/redis-auth");
        assertThat(result.next()).isEqualTo(new PassMemory(Map.of("redis-app-3", T0), Optional.empty(), AuthSurvey.NONE, 40, told));
    }
}
