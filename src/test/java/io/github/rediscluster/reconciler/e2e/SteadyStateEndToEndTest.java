package io.github.rediscluster.reconciler.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.act.ActionLog;
import io.github.rediscluster.reconciler.apply.ClusterObjectsReconciler;
import io.github.rediscluster.reconciler.apply.ResourceApplier;
import io.github.rediscluster.reconciler.apply.VolumeGrowth;
import io.github.rediscluster.reconciler.leader.Leadership;
import io.github.rediscluster.reconciler.loop.PodChangeTrigger;
import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import io.github.rediscluster.reconciler.loop.TopologyReconciler;
import io.github.rediscluster.reconciler.observe.ClusterPods;
import io.github.rediscluster.reconciler.observe.PodDiagnostics;
import io.github.rediscluster.reconciler.observe.RedisAuthSecret;
import io.github.rediscluster.reconciler.observe.RedisTlsSecret;
import io.github.rediscluster.reconciler.redis.RedisConnections;
import io.github.rediscluster.reconciler.report.ClusterEvents;
import io.github.rediscluster.reconciler.report.ReconcilerMetrics;
import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import io.github.rediscluster.reconciler.spec.SpecStore;
import io.github.rediscluster.reconciler.testing.AgentRequestLog;
import io.github.rediscluster.reconciler.testing.ClusterCheck;
import io.github.rediscluster.reconciler.testing.LoopTicker;
import io.github.rediscluster.reconciler.testing.Poll;
import io.github.rediscluster.reconciler.testing.RealApiServer;
import io.github.rediscluster.reconciler.testing.RedisCalls;
import io.github.rediscluster.reconciler.testing.SandboxRun;
import io.github.rediscluster.reconciler.testing.SpecFile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * At steady state nothing is written to the API, on an API that stores objects as kube-apiserver does
 * ({@link RealApiServer}): a healthy cluster with every kind the service owns (six PVs, the Redis ConfigMap, the
 * headless Service, a NodePort access Service, the StatefulSet with auth from a Secret), a pass every second, and no
 * write request from anyone for 60 s; then the reconciler restarts (a new loop, object and topology reconcilers: no
 * state kept in memory, the API and Redis as they were) and, for 60 s more, its first pass included, writes nothing
 * but the one Normal Event SpecApplied by which a starting reconciler says which spec it applies (create-only, on
 * its own ConfigMap; by design, not drift). Two real minutes: the windows are what they say.
 */
@Tag("e2e")
@WithKubernetesTestServer(setup = RealApiServer.class)
@QuarkusTest
class SteadyStateEndToEndTest {

    private static final String NS = SpecFile.NAMESPACE;
    private static final int PORT = 6379;
    private static final int MASTERS = 3;
    private static final Duration WINDOW = Duration.ofSeconds(60);
    private static final String SPEC = SpecFile.CLASSIC + "redis-cluster.reconcile.interval=1s\n"
            + "redis-cluster.access-service-type=NodePort\nredis-cluster.auth.secret=redis-auth\n";
    /** Each pass reads the StatefulSet by name; the sandbox only lists StatefulSets. */
    private static final String PASS = "GET /apis/apps/v1/namespaces/" + NS + "/statefulsets/redis-app";

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Inject
    ReconcileLoop loop;

    @Inject
    SpecStore specs;

    @Inject
    ClusterPods pods;

    @Inject
    RedisConnections connections;

    @Inject
    ClusterEvents events;

    @Inject
    ActionLog actions;

    @Inject
    PodDiagnostics diagnostics;

    @Inject
    RedisAuthSecret authSecret;

    @Inject
    PodChangeTrigger podChanges;

    @Inject
    Leadership leadership;

    @Inject
    ReconcilerMetrics metrics;

    @Test
    void noWriteInSixtySecondsOfSteadyStateNorInSixtyAfterARestartButItsSpecAppliedEvent() throws Exception {
        String password = "steady-" + System.nanoTime();
        try (SandboxRun run = SandboxRun.start(server, client, specs, "steady-state", SPEC);
                RedisCalls redis = new RedisCalls(Optional.of(password))) {
            client.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("redis-auth").endMetadata()
                    .addToData("password", Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)))
                    .build()).create();
            AgentRequestLog log = new AgentRequestLog(server.getKubernetesMockServer());
            try (LoopTicker ticker = LoopTicker.start(loop)) {
                Poll.until("a healthy cluster with auth", Duration.ofSeconds(90), () -> {
                    List<SandboxPod> running = run.sandbox().pods();
                    return ClusterCheck.podsReady(running, MASTERS, 1, all -> true)
                            ? ClusterCheck.take(redis, PORT, running, MASTERS, 1) : null;
                }, snapshot -> snapshot != null && snapshot.healthy());
                // Settled: a whole window of passes without a write (the StatefulSet status, the last Events).
                Poll.until("a pass that writes nothing", Duration.ofSeconds(30), () -> quietPasses(log, Duration.ofSeconds(3)),
                        quiet -> quiet);
                log.drain();
                assertThat(writesIn(log, "steady state")).isEmpty();
            }
            assertEveryOwnedKindIsLive();

            ReconcileLoop restarted = new ReconcileLoop(specs, new ClusterObjectsReconciler(new ResourceApplier(client), new VolumeGrowth(client)),
                    new TopologyReconciler(pods, connections, actions, diagnostics, authSecret, new RedisTlsSecret(client), leadership), podChanges,
                    leadership, events, metrics);
            List<String> eventsBefore = client.v1().events().inAnyNamespace().list().getItems().stream()
                    .map(event -> event.getMetadata().getName()).toList();
            log.drain(); // the window starts before the restarted loop's first pass
            try (LoopTicker ticker = LoopTicker.start(restarted)) {
                assertThat(writesIn(log, "after a restart")).singleElement()
                        .satisfies(write -> assertThat(write.request()).matches("POST /api/v1/namespaces/[^/]+/events"));
            }
            assertThat(client.v1().events().inAnyNamespace().list().getItems())
                    .filteredOn(event -> !eventsBefore.contains(event.getMetadata().getName()))
                    .singleElement().satisfies(event -> assertThat(event.getReason()).isEqualTo("SpecApplied"));
        }
    }

    /** True when passes ran for {@code period} and nobody wrote. */
    private static boolean quietPasses(AgentRequestLog log, Duration period) {
        log.drain();
        try {
            Thread.sleep(period.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<AgentRequestLog.Call> calls = log.drain();
        return calls.stream().anyMatch(call -> call.request().equals(PASS)) && calls.stream().noneMatch(AgentRequestLog.Call::isWrite);
    }

    /** The write requests of a window from the last drain on, after checking that passes ran in it. */
    private static List<AgentRequestLog.Call> writesIn(AgentRequestLog log, String when) throws InterruptedException {
        List<AgentRequestLog.Call> calls = new ArrayList<>();
        Instant end = Instant.now().plus(WINDOW);
        while (Instant.now().isBefore(end)) {
            Thread.sleep(1000);
            calls.addAll(log.drain());
        }
        long passes = calls.stream().filter(call -> call.request().equals(PASS)).count();
        assertThat(passes).as("passes in the window " + when).isGreaterThanOrEqualTo(WINDOW.toSeconds() / 4);
        List<AgentRequestLog.Call> writes = calls.stream().filter(AgentRequestLog.Call::isWrite).toList();
        System.out.printf("Steady state %s: %d passes and %d write requests in %d s%n", when, passes, writes.size(),
                WINDOW.toSeconds());
        return writes;
    }

    private void assertEveryOwnedKindIsLive() {
        assertThat(client.persistentVolumes().list().getItems()).hasSize(6)
                .allSatisfy(pv -> assertThat(pv.getSpec().getStorageClassName()).as("omitted by the server").isNull());
        assertThat(client.configMaps().inNamespace(NS).withName("redis-conf").get()).isNotNull();
        assertThat(client.services().inNamespace(NS).withName("redis-service").get().getSpec().getClusterIP()).isEqualTo("None");
        Service access = client.services().inNamespace(NS).withName("redis-access-service").get();
        assertThat(access.getSpec().getPorts().get(0).getNodePort()).as("allocated by the server").isPositive();
        assertThat(client.apps().statefulSets().inNamespace(NS).withName("redis-app").get().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getImagePullPolicy()).as("defaulted by the server").isEqualTo("IfNotPresent");
    }
}
