package io.github.rediscluster.reconciler.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.sandbox.PodTermination;
import io.github.rediscluster.reconciler.sandbox.Sandbox;
import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import io.github.rediscluster.reconciler.spec.SpecStore;
import io.github.rediscluster.reconciler.testing.ClusterCheck;
import io.github.rediscluster.reconciler.testing.Poll;
import io.github.rediscluster.reconciler.testing.SandboxCluster;
import io.github.rediscluster.reconciler.testing.WritesUnderChange;
import io.github.rediscluster.reconciler.testing.SpecFile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Changes to a running cluster (3 masters, 1 replica each) under continuous SET + WAIT 1 writes, every acknowledged
 * key read back at the end: a runtime redis.conf edit reaches every pod without a restart, and a master pod deleted
 * as a drain deletes it is failed over to its replica before its redis-server gets SIGTERM. Prints the client's
 * longest error window and the Redis version.
 */
@Tag("e2e")
@Tag("redis7")
@WithKubernetesTestServer
@QuarkusTest
class LiveChangesEndToEndTest {

    private static final String NS = SpecFile.NAMESPACE;
    private static final int PORT = 6379;
    private static final int MASTERS = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The mock API server: {@link SandboxCluster} gives the sandbox a client of its own on it. */
    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Inject
    SpecStore specs;

    @RegisterExtension
    final SandboxCluster run = SandboxCluster.startedWith(SpecFile.CLASSIC);

    private Sandbox sandbox;
    private WritesUnderChange writes;

    /** After the extension started the sandbox and the loop. */
    @BeforeEach
    void prepareTheWrites() {
        sandbox = run.sandbox();
        writes = new WritesUnderChange(sandbox, MASTERS, TIMEOUT);
    }

    /** Before the extension stops the loop and the sandbox. */
    @AfterEach
    void stopTheWrites() throws InterruptedException {
        writes.close();
    }

    @Test
    void aRuntimeDirectiveEditReachesEveryPodWithoutARestart() throws Exception {
        awaitHealthy("the cluster formed", pods -> true);
        Map<String, Long> pids = sandbox.pods().stream().collect(Collectors.toMap(SandboxPod::name, SandboxPod::pid));
        startWrites();

        SpecFile.write(SpecFile.CLASSIC + "redis-cluster.redis-conf.maxmemory=100mb\n"
                + "redis-cluster.redis-conf.maxmemory-policy=allkeys-lru\n");
        specs.refresh();

        Poll.until("maxmemory 100mb and allkeys-lru on every pod", TIMEOUT, () -> sandbox.pods().stream()
                .map(pod -> pod.name() + "=" + config(pod, "maxmemory") + "/" + config(pod, "maxmemory-policy")).toList(),
                seen -> seen.size() == 6 && seen.stream().allMatch(entry -> entry.endsWith("=104857600/allkeys-lru")));
        assertThat(sandbox.pods().stream().collect(Collectors.toMap(SandboxPod::name, SandboxPod::pid)))
                .as("same redis-server processes: nothing restarted").isEqualTo(pids);
        assertThat(client.apps().statefulSets().inNamespace(NS).withName("redis-app").get().getSpec().getTemplate()
                .getMetadata().getAnnotations()).as("the pod template does not change for a runtime directive").isNullOrEmpty();
        assertThat(client.configMaps().inNamespace(NS).withName("redis-conf").get().getData().get("redis.conf"))
                .as("kept in the ConfigMap for restarts").contains("maxmemory 100mb\n", "maxmemory-policy allkeys-lru\n");
        finishWrites("runtime redis.conf edit (maxmemory, maxmemory-policy)");
    }

    @Test
    void aMasterPodBeingDeletedIsFailedOverBeforeItStops() throws Exception {
        ClusterCheck.Snapshot before = awaitHealthy("the cluster formed", pods -> true);
        String master = before.masters().keySet().iterator().next();
        String replica = before.replicaOf().entrySet().stream().filter(pair -> pair.getValue().equals(master))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        String oldIp = sandbox.pod(master).orElseThrow().ip();
        startWrites();

        sandbox.deletePod(master);

        PodTermination.Ended ended = Poll.until(master + " terminated", TIMEOUT, () -> sandbox.terminations().stream()
                .filter(end -> end.pod().equals(master)).findFirst().orElse(null), end -> end != null);
        assertThat(ended.roleAtSigterm()).as("the role of " + master + " when SIGTERM came").isEqualTo("slave");
        assertThat(ended.killed()).as("SIGKILLed").isFalse();
        ClusterCheck.Snapshot after = awaitHealthy(master + " back on a new IP",
                pods -> pods.stream().noneMatch(pod -> pod.ip().equals(oldIp)));
        assertThat(after.masters()).containsKey(replica);
        System.out.printf("Drain of master %s: preStop held SIGTERM %d ms until %s had taken over%n", master,
                ended.preStop().toMillis(), replica);
        finishWrites("master pod deleted gracefully (as a drain)");
    }

    private void startWrites() {
        writes.start();
    }

    /** Writes on until some are acknowledged after the change, then stops and reads back every acknowledged key. */
    private void finishWrites(String change) throws Exception {
        writes.finishLosingNothing(change);
    }

    private ClusterCheck.Snapshot awaitHealthy(String what, Predicate<List<SandboxPod>> podsAsWanted) {
        return writes.awaitHealthy(what, podsAsWanted);
    }

    private String config(SandboxPod pod, String directive) {
        try {
            List<String> answer = List.of(writes.redis().call(pod.ip(), PORT, "CONFIG", "GET", directive).split("\n"));
            return answer.get(answer.size() - 1).strip();
        } catch (Exception e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
