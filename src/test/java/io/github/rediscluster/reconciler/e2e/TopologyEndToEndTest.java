package io.github.rediscluster.reconciler.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.report.PassReport;
import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import io.github.rediscluster.reconciler.testing.ClusterCheck;
import io.github.rediscluster.reconciler.testing.Metrics;
import io.github.rediscluster.reconciler.testing.Poll;
import io.github.rediscluster.reconciler.testing.SandboxCluster;
import io.github.rediscluster.reconciler.testing.SpecFile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.github.rediscluster.reconciler.testing.RealApiServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The service keeps a real Redis Cluster healthy in the sandbox (3 masters with 1 replica each): it forms it from
 * empty pods, and heals it after a pod moves, after every pod moves at once, after a master is gone long enough
 * for a failover, and after a pod loses its data directory. The loop ticks every second, as deployed.
 */
@Tag("e2e")
@Tag("redis7")
@WithKubernetesTestServer(setup = RealApiServer.class)
@QuarkusTest
class TopologyEndToEndTest {

    private static final String NS = SpecFile.NAMESPACE;
    private static final int PORT = 6379;
    private static final int MASTERS = 3;
    private static final String STEPS = "redis_cluster_reconciler_steps_total";
    private static final int KEYS = 300;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The mock API server: {@link SandboxCluster} gives the sandbox a client of its own on it. */
    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Inject
    ReconcileLoop loop;

    @RegisterExtension
    final SandboxCluster run = SandboxCluster.startedWith(SpecFile.CLASSIC);

    @Test
    void fromEmptyPodsItFormsTheClusterAndSaysSo() {
        ClusterCheck.Snapshot cluster = awaitHealthy("the cluster formed from 6 empty pods");

        assertThat(cluster.masters()).hasSize(MASTERS);
        assertThat(cluster.replicaOf()).hasSize(MASTERS).allSatisfy((replica, master) ->
                assertThat(node(cluster, replica)).as("node of %s vs its master %s", replica, master)
                        .isNotEqualTo(node(cluster, master)));
        assertThat(cluster.masters().keySet().stream().map(master -> node(cluster, master)).distinct()).hasSize(MASTERS);
        awaitEvents("ClusterBootstrap", "NodeReplicate");
        String statefulSetUid = client.apps().statefulSets().inNamespace(NS).withName("redis-app").get().getMetadata().getUid();
        assertThat(events()).filteredOn(event -> event.getReason().equals("ClusterBootstrap")).singleElement().satisfies(event -> {
            assertThat(event.getInvolvedObject().getKind()).isEqualTo("StatefulSet");
            assertThat(event.getInvolvedObject().getUid()).isEqualTo(statefulSetUid);
            assertThat(event.getType()).isEqualTo("Normal");
            assertThat(event.getMessage()).startsWith("cluster: no pod has joined a cluster yet: 3 masters get the 16384 slots");
        });
        Poll.until("readiness UP with the Redis part", TIMEOUT,
                () -> given().get("/q/health/ready").then().extract().statusCode(), status -> status == 200);
        given().get("/q/health/ready").then()
                .body("checks.find { it.name == 'redis-cluster' }.data.slots-covered", equalTo(16384))
                .body("checks.find { it.name == 'redis-cluster' }.data.masters-with-slots", equalTo(MASTERS));
        PassReport steady = loop.runPass().orElseThrow();
        assertThat(steady.topology().plan().steps()).as("steps of a pass on the healthy cluster").isEmpty();
        assertThat(steady.converged()).as("converged: " + steady.topology().problems()).isTrue();
        Map<String, Double> metrics = Metrics.scrape();
        assertThat(counted(metrics, "ClusterBootstrap")).isEqualTo(1);
        assertThat(counted(metrics, "NodeReplicate")).isEqualTo(MASTERS);
        assertThat(Metrics.sum(metrics, "redis_cluster_reconciler_cluster_state_ok")).isEqualTo(1);
        assertThat(Metrics.sum(metrics, "redis_cluster_reconciler_slots_covered")).isEqualTo(16384);
        assertThat(Metrics.sum(metrics, "redis_cluster_reconciler_nodes_known")).isEqualTo(6);
        assertThat(Metrics.sum(metrics, "redis_cluster_reconciler_pods_expected")).isEqualTo(6);
        assertThat(Metrics.sum(metrics, "redis_cluster_reconciler_masters_without_replica")).isZero();
        assertThat(Metrics.sum(metrics, "redis_cluster_reconciler_redis_commands_total", "command=CLUSTER NODES")).isPositive();
        assertThat(metrics.keySet()).as("no series per Redis client: each pass makes new clients").noneMatch(
                series -> series.contains("pool_name") || series.startsWith("redis_commands"));
        assertSteadyStateIsSilent();
    }

    @Test
    void aMasterRestartedOnANewIpIsHealedWithEveryKey() throws Exception {
        ClusterCheck.Snapshot before = awaitHealthy("the cluster formed");
        run.keys().write(ips(), PORT, KEYS);
        String master = before.masters().keySet().iterator().next();
        String oldIp = run.sandbox().pod(master).orElseThrow().ip();

        run.sandbox().restartPod(master);

        ClusterCheck.Snapshot after = awaitHealthy(master + " back on a new IP", pods -> pods.stream()
                .anyMatch(pod -> pod.name().equals(master) && !pod.ip().equals(oldIp)));
        assertThat(after.masters()).isEqualTo(before.masters());
        assertThat(run.keys().missing(ips(), PORT, KEYS)).isEmpty();
    }

    @Test
    void afterEveryPodRestartsOnNewIpsTheSameMastersServeEveryKey() throws Exception {
        ClusterCheck.Snapshot before = awaitHealthy("the cluster formed");
        run.keys().write(ips(), PORT, KEYS);
        Set<String> oldIps = Set.copyOf(ips());

        run.sandbox().restartAll();

        ClusterCheck.Snapshot after = awaitHealthy("every pod back on a new IP",
                pods -> pods.stream().noneMatch(pod -> oldIps.contains(pod.ip())));
        assertThat(after.masters()).as("the same masters, no failover").isEqualTo(before.masters());
        assertThat(after.replicaOf()).isEqualTo(before.replicaOf());
        assertThat(run.keys().missing(ips(), PORT, KEYS)).isEmpty();
        awaitEvents("NodeRejoin");
        assertThat(counted(Metrics.scrape(), "NodeRejoin")).as("NodeRejoin steps counted").isPositive();
        assertSteadyStateIsSilent();
    }

    @Test
    void aMasterGonePastTheNodeTimeoutIsReplacedThenGetsItsRoleBack() throws Exception {
        ClusterCheck.Snapshot before = awaitHealthy("the cluster formed");
        run.keys().write(ips(), PORT, KEYS);
        String master = before.masters().keySet().iterator().next();
        String replica = before.replicaOf().entrySet().stream().filter(pair -> pair.getValue().equals(master))
                .map(Map.Entry::getKey).findFirst().orElseThrow();

        run.sandbox().stopPod(master, Duration.ofMinutes(5));
        Poll.until(replica + " promoted by Redis after the node timeout", TIMEOUT,
                () -> role(replica), role -> role.startsWith("master"));
        run.sandbox().restartPod(master);

        ClusterCheck.Snapshot after = awaitHealthy(master + " back and master again",
                pods -> true, snapshot -> snapshot.masters().equals(before.masters()));
        assertThat(after.replicaOf()).isEqualTo(before.replicaOf());
        assertThat(run.keys().missing(ips(), PORT, KEYS)).isEmpty();
        awaitEvents("NodeFailover");
    }

    @Test
    void aPodThatLostItsDataJoinsAsAReplicaAndItsOldNodeIdIsForgotten() throws Exception {
        ClusterCheck.Snapshot before = awaitHealthy("the cluster formed");
        run.keys().write(ips(), PORT, KEYS);
        String replica = before.replicaOf().keySet().iterator().next();
        String oldId = before.node(replica).myId();

        run.sandbox().losePersistentVolume(replica);

        ClusterCheck.Snapshot after = awaitHealthy(replica + " back as a new node",
                pods -> true, snapshot -> !snapshot.node(replica).myId().equals(oldId));
        assertThat(after.replicaOf()).containsKey(replica);
        assertThat(after.nodes()).allSatisfy(node -> assertThat(node.view()).noneMatch(line -> line.id().equals(oldId)));
        assertThat(run.keys().missing(ips(), PORT, KEYS)).isEmpty();
        awaitEvents("NodeJoin", "NodeForget");
    }

    @Test
    void aSpecChangeThatRestartsEveryPodOneByOneKeepsEveryKey() throws Exception {
        ClusterCheck.Snapshot before = awaitHealthy("the cluster formed");
        run.keys().write(ips(), PORT, KEYS);
        Set<String> oldIps = Set.copyOf(ips());

        // A new memory request changes the pod template: the reconciler restarts the pods one at a time (OnDelete).
        SpecFile.write(SpecFile.CLASSIC + "redis-cluster.resources.requests.memory=128Mi\n");

        awaitHealthy("every pod replaced by the rolling restart", pods -> pods.stream().noneMatch(pod -> oldIps.contains(pod.ip())));
        assertThat(run.keys().missing(ips(), PORT, KEYS)).isEmpty();
    }

    private ClusterCheck.Snapshot awaitHealthy(String what) {
        return awaitHealthy(what, pods -> true);
    }

    private ClusterCheck.Snapshot awaitHealthy(String what, java.util.function.Predicate<List<SandboxPod>> podsAsWanted) {
        return awaitHealthy(what, podsAsWanted, snapshot -> true);
    }

    /** Polls until the pods are as wanted and the cluster passes every check; fails with what it saw last. */
    private ClusterCheck.Snapshot awaitHealthy(String what, java.util.function.Predicate<List<SandboxPod>> podsAsWanted,
            java.util.function.Predicate<ClusterCheck.Snapshot> also) {
        return Poll.until(what + ", then a healthy cluster", TIMEOUT, () -> {
            List<SandboxPod> pods = run.sandbox().pods();
            if (!ClusterCheck.podsReady(pods, MASTERS, 1, podsAsWanted)) {
                return null;
            }
            return ClusterCheck.take(run.redis(), PORT, pods, MASTERS, 1);
        }, snapshot -> snapshot != null && snapshot.healthy() && also.test(snapshot));
    }

    private String node(ClusterCheck.Snapshot cluster, String pod) {
        return cluster.node(pod).pod().node();
    }

    private List<String> ips() {
        return run.sandbox().pods().stream().map(SandboxPod::ip).toList();
    }

    private String role(String pod) {
        try {
            return run.redis().call(run.sandbox().pod(pod).orElseThrow().ip(), PORT, "ROLE");
        } catch (Exception e) {
            return "unreachable: " + e.getMessage();
        }
    }

    /** Succeeded topology steps of a kind since the test began, by the metrics. */
    private double counted(Map<String, Double> metrics, String action) {
        String[] labels = {"stage=redis", "kind=" + action, "outcome=succeeded"};
        return Metrics.sum(metrics, STEPS, labels) - Metrics.sum(run.metricsAtStart(), STEPS, labels);
    }

    /**
     * Once a pass finds the cluster as the spec wants it, the next passes change nothing, emit no Event and count no
     * action or repaired drift.
     */
    private void assertSteadyStateIsSilent() {
        Poll.until("a converged pass", TIMEOUT, () -> loop.runPass().orElseThrow(), PassReport::converged);
        int eventsBefore = client.v1().events().inAnyNamespace().list().getItems().size();
        Map<String, Double> before = Metrics.scrape();
        for (int pass = 0; pass < 3; pass++) {
            PassReport report = loop.runPass().orElseThrow();
            assertThat(report.converged()).as("steady pass converged: %s", report.topology().problems()).isTrue();
        }
        assertThat(client.v1().events().inAnyNamespace().list().getItems()).as("Events at steady state").hasSize(eventsBefore);
        Map<String, Double> after = Metrics.scrape();
        after.forEach((series, value) -> {
            if (Metrics.name(series).equals(STEPS)) {
                assertThat(value).as("%s at steady state", series).isEqualTo(Metrics.value(before, series));
            }
        });
    }

    /** A step's Event is written after its commands (a failover's once ROLE confirms it), so it may trail the cluster's health. */
    private void awaitEvents(String... reasons) {
        Poll.until("Events " + List.of(reasons) + " on the StatefulSet", TIMEOUT,
                () -> events().stream().map(Event::getReason).toList(), seen -> seen.containsAll(List.of(reasons)));
    }

    private List<Event> events() {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(event -> "redis-app".equals(event.getInvolvedObject().getName())).toList();
    }
}
