package io.github.rediscluster.reconciler.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.report.DryRunPlan;
import io.github.rediscluster.reconciler.report.PassReport;
import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import io.github.rediscluster.reconciler.testing.ApiRequestLog;
import io.github.rediscluster.reconciler.testing.ClusterCheck;
import io.github.rediscluster.reconciler.testing.HandBuiltCluster;
import io.github.rediscluster.reconciler.testing.Metrics;
import io.github.rediscluster.reconciler.testing.Poll;
import io.github.rediscluster.reconciler.testing.SandboxCluster;
import io.github.rediscluster.reconciler.testing.SoakWorkload;
import io.github.rediscluster.reconciler.testing.SpecFile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19 end to end: the Redis Cluster built by hand the classic way (static NFS PVs without claimRef that the binder
 * paired with the claims in a shuffled order, redis-conf from a redis.conf file, redis-service, redis-access-service,
 * StatefulSet redis-app selecting app: redis, the cluster made with {@code redis-cli --cluster create}, keys written).
 * The service first runs in dry run: no write to the API (its Events aside), nothing but reads to Redis, a plan naming
 * every change. Then it is handed over, under continuous SET + WAIT 1 writes: the objects become the service's shape,
 * every pod keeps its NodeId and its data directory, every key and every acknowledged write is there. Then a full
 * restart on new IPs heals.
 */
@Tag("e2e")
@WithKubernetesTestServer
@QuarkusTest
class AdoptionEndToEndTest {

    private static final String NS = SpecFile.NAMESPACE;
    private static final String NFS = "192.168.184.122";
    private static final int PORT = 6379;
    private static final int PODS = 6;
    private static final int KEYS = 500;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** The order the claims are made in: each binds to whichever free PV the binder picks first. */
    private static final int[] ORDER = {1, 0, 5, 2, 4, 3};
    /** What the service may send while it only looks. */
    private static final Set<String> READS = Set.of("CLUSTER MYID", "CLUSTER NODES", "CLUSTER INFO", "INFO", "DBSIZE",
            "CLUSTER COUNTKEYSINSLOT", "CLUSTER GETKEYSINSLOT", "CONFIG GET", "PING", "ROLE");

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @RegisterExtension
    final SandboxCluster run = SandboxCluster.startedByTheTest();

    @Test
    void aHandBuiltClusterIsPreviewedThenTakenOverKeepingEveryByteWhereItIs() throws Exception {
        run.startSandbox(HandBuiltCluster.spec(NS, NFS, true, true));
        buildByHand();
        Map<String, String> volumeOfPod = volumeOfPod();
        System.out.println("Claims bound by the binder: " + volumeOfPod);
        assertThat(volumeOfPod).as("bound as the binder pleased, not by ordinal").isNotEqualTo(byOrdinal());
        createWithRedisCli();
        awaitHealthy("the hand-made cluster", pods -> true);
        run.keys().write(ips(), PORT, KEYS);
        Map<String, String> nodeIds = nodeIds();

        List<String> plan = dryRun();
        System.out.println("Dry-run plan of the hand-built cluster:\n  " + String.join("\n  ", plan));
        assertThat(plan).contains("would update StatefulSet " + NS + "/redis-app:", "would update Service " + NS + "/redis-service:",
                "would update Service " + NS + "/redis-access-service:", "would update ConfigMap " + NS + "/redis-conf:",
                "would create PodDisruptionBudget " + NS + "/redis-app");
        for (int i = 1; i <= PODS; i++) {
            assertThat(plan).contains("would update PersistentVolume nfs-pv" + i + ":");
        }
        assertThat(plan).noneMatch(line -> line.contains("claimRef"));
        // Live redis.conf settings may differ from the spec's (CONFIG SET, no restart); the topology is kept as it is.
        assertThat(plan.stream().filter(line -> line.startsWith("Redis would") && !line.startsWith("Redis would CONFIG_SET"))
                .toList()).as("the topology is kept").isEmpty();

        try (SoakWorkload writes = new SoakWorkload(this::ips, PORT).start()) {
            SpecFile.write(HandBuiltCluster.spec(NS, NFS, false, true));
            run.startLoop();
            Poll.until("the StatefulSet the service's, every pod rolled to its template, the cluster healthy", TIMEOUT,
                    this::takenOver, done -> done);
            awaitHealthy("the cluster after the hand-over", pods -> true);
            Poll.until("a pass converged", TIMEOUT, () -> run.loop().status().lastPass().map(PassReport::converged)
                    .orElse(false), converged -> converged);
            writes.stop();
            SoakWorkload.Stats stats = writes.stats();
            System.out.printf("Hand-over under SET + WAIT 1: %d writes, %d acknowledged, %d not acknowledged, %d errors %s,"
                    + " longest client error window %d ms%n", stats.writes(), stats.acknowledged(), stats.notAcknowledged(),
                    stats.errors(), stats.errorKinds(), writes.longestErrorWindow().toMillis());
            assertThat(stats.acknowledged()).as("writes went on").isPositive();
            assertThat(writes.lostAcknowledged()).as("acknowledged writes lost").isEmpty();
        }
        assertThat(nodeIds()).as("every pod kept its NodeId").isEqualTo(nodeIds);
        assertThat(volumeOfPod()).as("every pod kept its data directory").isEqualTo(volumeOfPod);
        assertThat(run.keys().missing(ips(), PORT, KEYS)).as("keys after the hand-over").isEmpty();

        Set<String> oldIps = Set.copyOf(ips());
        run.sandbox().restartAll();
        awaitHealthy("every pod back on a new IP", pods -> pods.stream().noneMatch(pod -> oldIps.contains(pod.ip())));
        assertThat(nodeIds()).as("NodeIds after the full restart").isEqualTo(nodeIds);
        assertThat(run.keys().missing(ips(), PORT, KEYS)).as("keys after the full restart").isEmpty();
    }

    /** PVs first, then the claims one by one in a shuffled order (each bound before the next), then the rest. */
    private void buildByHand() {
        HandBuiltCluster.createVolumes(client, NFS, PODS);
        for (int ordinal : ORDER) {
            HandBuiltCluster.createClaim(client, NS, ordinal);
            Poll.until("claim of redis-app-" + ordinal + " bound", TIMEOUT, () -> claim(ordinal),
                    claim -> claim != null && claim.getSpec().getVolumeName() != null);
        }
        HandBuiltCluster.createTheRest(client, NS, PODS);
        Poll.until(PODS + " hand-made pods running", TIMEOUT, () -> run.sandbox().pods(),
                pods -> pods.size() == PODS && pods.stream().allMatch(pod -> pod.running() && pod.ip() != null));
    }

    /** Debian's redis-cli (redis-tools), as people form such a cluster; REDIS_CLI names another. */
    private void createWithRedisCli() throws Exception {
        List<String> command = new ArrayList<>(List.of(System.getenv().getOrDefault("REDIS_CLI", "/usr/bin/redis-cli"),
                "--cluster", "create"));
        run.sandbox().pods().stream().sorted(java.util.Comparator.comparing(SandboxPod::name))
                .forEach(pod -> command.add(pod.ip() + ":" + PORT));
        command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("redis-cli --cluster create ended").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("[OK] All 16384 slots covered");
    }

    /**
     * Two passes with the sandbox paused (so every API request is the service's): no write but Events, no Redis command
     * but reads, and the plan told in one Event, shown in /status.
     */
    private List<String> dryRun() {
        run.sandbox().pause();
        try {
            ApiRequestLog log = new ApiRequestLog(server.getKubernetesMockServer());
            log.drain();
            Map<String, Double> before = Metrics.scrape();
            PassReport first = run.loop().runPass().orElseThrow();
            PassReport second = run.loop().runPass().orElseThrow();
            List<String> writes = ApiRequestLog.writes(log.drain()).stream()
                    .filter(request -> !request.contains("/events")).toList();
            assertThat(writes).as("API writes of the dry run").isEmpty();
            assertThat(commandsSent(before, Metrics.scrape())).as("Redis commands of the dry run").isNotEmpty()
                    .allMatch(READS::contains);
            assertThat(second.dryRun()).isTrue();
            assertThat(DryRunPlan.of(second)).isEqualTo(DryRunPlan.of(first));
            assertThat(client.v1().events().inNamespace(NS).list().getItems().stream()
                    .filter(event -> "DryRunPlan".equals(event.getReason())).count()).as("one Event for one plan").isEqualTo(1);
            String status = given().get("/status").then().statusCode(200).extract().asString();
            assertThat(status).contains("\"dryRun\":true").contains("would update StatefulSet " + NS + "/redis-app");
            return DryRunPlan.of(second);
        } finally {
            run.sandbox().resume();
        }
    }

    private static Set<String> commandsSent(Map<String, Double> before, Map<String, Double> after) {
        Set<String> kinds = new TreeSet<>();
        after.forEach((series, value) -> {
            if (series.startsWith("redis_cluster_reconciler_redis_commands_total") && value > before.getOrDefault(series, 0.0)) {
                int start = series.indexOf("command=\"") + "command=\"".length();
                kinds.add(series.substring(start, series.indexOf('"', start)));
            }
        });
        return kinds;
    }

    private boolean takenOver() {
        StatefulSet set = client.apps().statefulSets().inNamespace(NS).withName("redis-app").get();
        if (set == null || set.getMetadata().getAnnotations() == null
                || !set.getMetadata().getAnnotations().containsKey("redis-cluster-reconciler/cluster")) {
            return false;
        }
        String revision = set.getStatus() == null ? null : set.getStatus().getUpdateRevision();
        var pods = client.pods().inNamespace(NS).withLabels(HandBuiltCluster.SELECTOR).list().getItems();
        return revision != null && pods.size() == PODS && pods.stream().allMatch(pod ->
                revision.equals(pod.getMetadata().getLabels().get("controller-revision-hash"))
                        && "redis-cluster-reconciler".equals(pod.getMetadata().getLabels().get("app.kubernetes.io/managed-by")))
                && run.sandbox().pods().stream().allMatch(SandboxPod::ready);
    }

    private ClusterCheck.Snapshot awaitHealthy(String what, Predicate<List<SandboxPod>> podsAsWanted) {
        return Poll.until(what + ", then a healthy cluster", TIMEOUT, () -> {
            List<SandboxPod> pods = run.sandbox().pods();
            if (!ClusterCheck.podsReady(pods, 3, 1, podsAsWanted)) {
                return null;
            }
            return ClusterCheck.take(run.redis(), PORT, pods, 3, 1);
        }, snapshot -> snapshot != null && snapshot.healthy());
    }

    private PersistentVolumeClaim claim(int ordinal) {
        return client.persistentVolumeClaims().inNamespace(NS).withName("redis-data-redis-app-" + ordinal).get();
    }

    private Map<String, String> volumeOfPod() {
        Map<String, String> volumes = new TreeMap<>();
        for (int ordinal = 0; ordinal < PODS; ordinal++) {
            volumes.put("redis-app-" + ordinal, claim(ordinal).getSpec().getVolumeName());
        }
        return volumes;
    }

    private static Map<String, String> byOrdinal() {
        Map<String, String> volumes = new TreeMap<>();
        for (int ordinal = 0; ordinal < PODS; ordinal++) {
            volumes.put("redis-app-" + ordinal, "nfs-pv" + (ordinal + 1));
        }
        return volumes;
    }

    private Map<String, String> nodeIds() throws Exception {
        Map<String, String> ids = new HashMap<>();
        for (SandboxPod pod : run.sandbox().pods()) {
            ids.put(pod.name(), run.redis().call(pod.ip(), PORT, "CLUSTER", "MYID"));
        }
        return new TreeMap<>(ids);
    }

    private List<String> ips() {
        return run.sandbox().pods().stream().map(SandboxPod::ip).collect(Collectors.toList());
    }
}
