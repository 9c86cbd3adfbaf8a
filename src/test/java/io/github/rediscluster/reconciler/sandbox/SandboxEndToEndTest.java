package io.github.rediscluster.reconciler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import io.github.rediscluster.reconciler.spec.SpecStore;
import io.github.rediscluster.reconciler.testing.ApiRequestLog;
import io.github.rediscluster.reconciler.testing.Poll;
import io.github.rediscluster.reconciler.testing.RedisCalls;
import io.github.rediscluster.reconciler.testing.SandboxRun;
import io.github.rediscluster.reconciler.testing.SpecFile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.github.rediscluster.reconciler.testing.RealApiServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The service applies its objects to the embedded API and the sandbox runs them: real redis-server pods on
 * their own loopback IPs with their data on the sandbox's NFS directories, through restarts and chaos.
 */
@Tag("e2e")
@WithKubernetesTestServer(setup = RealApiServer.class)
@QuarkusTest
class SandboxEndToEndTest {

    private static final String NS = SpecFile.NAMESPACE;
    private static final int PODS = 6;
    private static final int PORT = 6379;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

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
    private Path root;
    private final RedisCalls redis = new RedisCalls();
    private final Set<Long> pidsSeen = new HashSet<>();

    @BeforeEach
    void startSandboxAndApplyTheClassicSpec(TestInfo test) throws IOException {
        run = SandboxRun.start(server, client, specs, test.getTestMethod().orElseThrow().getName());
        sandbox = run.sandbox();
        root = run.root();
        assertThat(loop.runPass()).hasValueSatisfying(pass -> assertThat(pass.objectsConverged()).isTrue());
    }

    @AfterEach
    void stopSandboxAndCheckNothingLeaks() {
        try {
            if (run != null) {
                recordPids();
                run.close();
                assertNoProcessLeft();
            }
        } finally {
            redis.close();
        }
    }

    @Test
    void everyPodAnswersPingOnItsPodIpWithItsDataOnItsNfsDirectory() throws Exception {
        List<Pod> pods = awaitReadyPods();

        for (int i = 0; i < PODS; i++) {
            Pod pod = pod(pods, "redis-app-" + i);
            String ip = pod.getStatus().getPodIP();
            assertThat(ip).startsWith("127.").isNotEqualTo("127.0.0.1");
            assertThat(redis.call(ip, PORT, "PING")).isEqualTo("PONG");
            assertThat(redis.call(ip, PORT, "INFO", "server")).contains("redis_version:" + sandbox.redisServer().version());
            Path nfsDirectory = nfsDirectory(i);
            assertThat(dataDirectory(ip)).isEqualTo(nfsDirectory.toRealPath());
            assertThat(nfsDirectory.resolve("nodes.conf")).isRegularFile();
            assertThat(redis.call(ip, PORT, "CONFIG", "GET", "cluster-announce-ip")).endsWith(ip);
            PersistentVolumeClaim claim = client.persistentVolumeClaims().inNamespace(NS)
                    .withName("redis-data-redis-app-" + i).get();
            assertThat(claim.getSpec().getVolumeName()).isEqualTo("nfs-pv" + (i + 1));
            assertThat(claim.getStatus().getPhase()).isEqualTo("Bound");
            assertThat(client.persistentVolumes().withName("nfs-pv" + (i + 1)).get().getStatus().getPhase()).isEqualTo("Bound");
        }
        assertThat(pods).extracting(pod -> pod.getStatus().getPodIP()).doesNotHaveDuplicates();
        assertThat(pods).extracting(pod -> pod.getSpec().getNodeName()).containsOnly(SandboxSettings.DEFAULT_NODES.toArray(String[]::new));
        Poll.until("StatefulSet status counting " + PODS + " ready replicas", TIMEOUT,
                () -> client.apps().statefulSets().inNamespace(NS).withName("redis-app").get().getStatus(),
                status -> status != null && Integer.valueOf(PODS).equals(status.getReadyReplicas()));
    }

    @Test
    void podsRunTheRedisServerNamedByRedisServerElseTheEmbeddedOne() {
        String chosen = System.getenv(RedisServerBinary.ENVIRONMENT_VARIABLE);
        if (chosen == null || chosen.isBlank()) {
            assertThat(sandbox.redisServer().origin()).isEqualTo("embedded-redis artifact");
            assertThat(sandbox.redisServer().version()).startsWith("6.2.");
        } else {
            assertThat(sandbox.redisServer().path()).isEqualTo(Path.of(chosen).toAbsolutePath());
        }
    }

    @Test
    void inSteadyStateTheSandboxOnlyReads() {
        awaitReadyPods();
        Poll.until("StatefulSet status counting " + PODS + " ready replicas", TIMEOUT,
                () -> client.apps().statefulSets().inNamespace(NS).withName("redis-app").get().getStatus(),
                status -> status != null && Integer.valueOf(PODS).equals(status.getReadyReplicas()));
        ApiRequestLog log = new ApiRequestLog(server.getKubernetesMockServer());
        log.drain();
        List<String> seen = new ArrayList<>();

        // Five syncs: each lists the pods once when it writes nothing.
        Poll.until("five more sandbox syncs", TIMEOUT, () -> {
            seen.addAll(log.drain());
            return seen.stream().filter(request -> request.equals("GET /api/v1/namespaces/" + NS + "/pods")).count();
        }, syncs -> syncs >= 5);

        assertThat(ApiRequestLog.writes(seen)).isEmpty();
    }

    @Test
    void aRestartedPodKeepsItsNodeIdAndDataDirectoryOnANewIp() throws Exception {
        Pod before = pod(awaitReadyPods(), "redis-app-0");
        String oldIp = before.getStatus().getPodIP();
        String nodeId = redis.call(oldIp, PORT, "CLUSTER", "MYID");
        recordPids();

        sandbox.restartPod("redis-app-0");

        Pod after = awaitReady("redis-app-0", pod -> !oldIp.equals(pod.getStatus().getPodIP())
                && !before.getMetadata().getUid().equals(pod.getMetadata().getUid()));
        String newIp = after.getStatus().getPodIP();
        assertThat(redis.call(newIp, PORT, "CLUSTER", "MYID")).isEqualTo(nodeId);
        assertThat(dataDirectory(newIp)).isEqualTo(nfsDirectory(0).toRealPath());
        assertThat(redis.pings(oldIp, PORT)).as("the old IP is gone").isFalse();
    }

    /** All at once: killed by the chaos control, or deleted through the API (SIGTERM to all together). */
    @ParameterizedTest
    @ValueSource(strings = {"chaos", "api"})
    void afterRestartingEveryPodAllComeBackOnNewIpsWithTheirNodeIds(String how) throws Exception {
        List<Pod> before = awaitReadyPods();
        Map<String, String> nodeIds = nodeIdsByPod(before);
        Set<String> oldIps = new HashSet<>();
        before.forEach(pod -> oldIps.add(pod.getStatus().getPodIP()));
        recordPids();

        if (how.equals("chaos")) {
            sandbox.restartAll();
        } else {
            client.pods().inNamespace(NS).delete();
        }

        List<Pod> after = Poll.until("6 ready pods, all on new IPs", TIMEOUT, this::pods,
                pods -> pods.size() == PODS && pods.stream().allMatch(SandboxEndToEndTest::ready)
                        && pods.stream().noneMatch(pod -> oldIps.contains(pod.getStatus().getPodIP())));
        assertThat(nodeIdsByPod(after)).isEqualTo(nodeIds);
    }

    @Test
    void aStoppedPodIsNotReadyForAWhileThenComesBackOnTheSameIp() throws Exception {
        String ip = pod(awaitReadyPods(), "redis-app-1").getStatus().getPodIP();
        recordPids();

        sandbox.stopPod("redis-app-1", Duration.ofSeconds(3));

        Poll.until("redis-app-1 not ready", TIMEOUT, () -> pod(pods(), "redis-app-1"), pod -> !ready(pod));
        assertThat(redis.pings(ip, PORT)).isFalse();
        Pod back = awaitReady("redis-app-1", pod -> true);
        assertThat(back.getStatus().getPodIP()).isEqualTo(ip);
        assertThat(back.getStatus().getContainerStatuses().get(0).getRestartCount()).isEqualTo(1);
    }

    @Test
    void aPodDeletedThroughTheApiIsStoppedGracefullyAndMadeAgain() throws Exception {
        Pod before = pod(awaitReadyPods(), "redis-app-2");
        Path oldLog = sandbox.pod("redis-app-2").orElseThrow().log();
        recordPids();

        client.pods().inNamespace(NS).withName("redis-app-2").delete();

        Pod after = awaitReady("redis-app-2", pod -> !before.getMetadata().getUid().equals(pod.getMetadata().getUid()));
        assertThat(after.getStatus().getPodIP()).isNotEqualTo(before.getStatus().getPodIP());
        assertThat(Files.readString(oldLog)).as("redis-server got SIGTERM, not SIGKILL").contains("Received SIGTERM");
    }

    @Test
    void moreMastersInTheSpecBringMorePodsOnTheirOwnPvs() throws Exception {
        awaitReadyPods();

        applySpec(SpecFile.CLASSIC.replace("masters=3", "masters=4"));

        List<Pod> pods = Poll.until("8 ready pods", TIMEOUT, this::pods,
                all -> all.size() == 8 && all.stream().allMatch(SandboxEndToEndTest::ready));
        for (int i = 6; i < 8; i++) {
            assertThat(dataDirectory(pod(pods, "redis-app-" + i).getStatus().getPodIP())).isEqualTo(nfsDirectory(i).toRealPath());
        }
    }

    @Test
    void fewerReplicasStopTheHighestPodsAndKeepTheirClaims() {
        awaitReadyPods();
        recordPids();
        long stoppedPid = sandbox.pod("redis-app-5").orElseThrow().pid();

        client.apps().statefulSets().inNamespace(NS).withName("redis-app").scale(4);

        Poll.until("4 pods", TIMEOUT, this::pods, pods -> pods.size() == 4);
        Poll.until("redis-server of redis-app-5 stopped", TIMEOUT,
                () -> ProcessHandle.of(stoppedPid).map(ProcessHandle::isAlive).orElse(false), alive -> !alive);
        assertThat(pods()).extracting(pod -> pod.getMetadata().getName())
                .containsExactlyInAnyOrder("redis-app-0", "redis-app-1", "redis-app-2", "redis-app-3");
        assertThat(client.persistentVolumeClaims().inNamespace(NS).withName("redis-data-redis-app-5").get()).isNotNull();
    }

    @Test
    void aPodTemplateChangeReplacesThePodsOneByOneKeepingTheirNodeIds() throws Exception {
        List<Pod> before = awaitReadyPods();
        Map<String, String> nodeIds = nodeIdsByPod(before);
        Set<String> oldUids = new HashSet<>();
        before.forEach(pod -> oldUids.add(pod.getMetadata().getUid()));
        recordPids();

        // The sandbox's controller rolls the pods itself here (RollingUpdate); by default the StatefulSet is OnDelete and
        // the reconciler's rolling restart replaces them (RolloutEndToEndTest).
        applySpec(SpecFile.CLASSIC + "redis-cluster.resources.requests.cpu=200m\nredis-cluster.rollout=statefulset\n");

        List<Pod> after = Poll.until("6 ready pods, all replaced", TIMEOUT, this::pods,
                pods -> pods.size() == PODS && pods.stream().allMatch(SandboxEndToEndTest::ready)
                        && pods.stream().noneMatch(pod -> oldUids.contains(pod.getMetadata().getUid())));
        assertThat(after).allSatisfy(pod -> assertThat(
                pod.getSpec().getContainers().get(0).getResources().getRequests().get("cpu")).hasToString("200m"));
        assertThat(nodeIdsByPod(after)).isEqualTo(nodeIds);
    }

    @Test
    void aClaimMadeAgainDoesNotGetThePvThatStillHoldsTheOldClaimsUid() {
        awaitReadyPods();

        client.persistentVolumeClaims().inNamespace(NS).withName("redis-data-redis-app-0").delete();
        client.pods().inNamespace(NS).withName("redis-app-0").delete();

        // As in a cluster: the PV is Released (Retain) and stays bound to the old uid until an admin clears it.
        Pod pending = Poll.until("redis-app-0 unschedulable", TIMEOUT, () -> pod(pods(), "redis-app-0"),
                pod -> pod != null && StatefulSetController.condition(pod, "PodScheduled")
                        .map(condition -> "Unschedulable".equals(condition.getReason())).orElse(false));
        assertThat(pending.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(StatefulSetController.condition(pending, "PodScheduled").orElseThrow().getMessage())
                .contains("unbound immediate PersistentVolumeClaims");
        Poll.until("nfs-pv1 released", TIMEOUT, () -> client.persistentVolumes().withName("nfs-pv1").get().getStatus().getPhase(),
                "Released"::equals);
        assertThat(client.persistentVolumeClaims().inNamespace(NS).withName("redis-data-redis-app-0").get()
                .getSpec().getVolumeName()).isNull();
    }

    @Test
    void closingTheSandboxStopsEveryRedisServerItStarted() {
        awaitReadyPods();
        recordPids();
        assertThat(pidsSeen).hasSize(PODS);

        sandbox.close();

        assertNoProcessLeft();
        assertThat(sandbox.pods()).isEmpty();
    }

    private void applySpec(String text) {
        SpecFile.write(text);
        specs.refresh();
        assertThat(loop.runPass()).hasValueSatisfying(pass -> assertThat(pass.objectsConverged()).isTrue());
    }

    private List<Pod> awaitReadyPods() {
        return Poll.until(PODS + " ready pods", TIMEOUT, this::pods,
                pods -> pods.size() == PODS && pods.stream().allMatch(SandboxEndToEndTest::ready));
    }

    private Pod awaitReady(String name, java.util.function.Predicate<Pod> also) {
        return Poll.until(name + " ready again", TIMEOUT, () -> pod(pods(), name), pod -> pod != null && ready(pod) && also.test(pod));
    }

    private List<Pod> pods() {
        return client.pods().inNamespace(NS).list().getItems();
    }

    private static Pod pod(List<Pod> pods, String name) {
        return pods.stream().filter(pod -> pod.getMetadata().getName().equals(name)).findFirst().orElse(null);
    }

    private static boolean ready(Pod pod) {
        return StatefulSetController.ready(pod) && pod.getStatus().getPodIP() != null;
    }

    /** Pod name -> the NodeId its redis-server reports (kept in nodes.conf on the pod's PV). */
    private Map<String, String> nodeIdsByPod(List<Pod> pods) throws Exception {
        Map<String, String> nodeIds = new HashMap<>();
        for (Pod pod : pods) {
            nodeIds.put(pod.getMetadata().getName(), redis.call(pod.getStatus().getPodIP(), PORT, "CLUSTER", "MYID"));
        }
        return nodeIds;
    }

    private Path nfsDirectory(int ordinal) {
        return sandbox.nfsRoot().resolve("192.168.184.122/usr/local/k8s/redis/pv" + (ordinal + 1));
    }

    private Path dataDirectory(String ip) throws Exception {
        String reply = redis.call(ip, PORT, "CONFIG", "GET", "dir");
        return Path.of(reply.substring(reply.indexOf('\n') + 1));
    }

    private void recordPids() {
        sandbox.pods().stream().filter(SandboxPod::running).forEach(pod -> pidsSeen.add(pod.pid()));
    }

    private void assertNoProcessLeft() {
        assertThat(pidsSeen).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("pid %d is still alive", pid).isFalse());
        assertThat(SandboxProcesses.strays(root)).as("processes running from " + root).isEmpty();
    }
}
