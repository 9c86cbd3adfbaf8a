package io.github.rediscluster.reconciler.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.sandbox.Sandbox;
import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import io.github.rediscluster.reconciler.testing.ClusterCheck;
import io.github.rediscluster.reconciler.testing.Poll;
import io.github.rediscluster.reconciler.testing.SandboxCluster;
import io.github.rediscluster.reconciler.testing.SpecFile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A cluster whose volumes come from a StorageClass (the sandbox's stand-in local-path provisioner): formed, every pod
 * restarted at once and healed with every key, then grown from 200M to 1Gi by a spec edit, every claim's capacity
 * raised and the StatefulSet re-created with the larger claim template, without the service restarting any pod.
 */
@Tag("e2e")
@WithKubernetesTestServer
@QuarkusTest
class StorageEndToEndTest {

    private static final String NS = SpecFile.NAMESPACE;
    private static final int PORT = 6379;
    private static final int MASTERS = 3;
    private static final int KEYS = 300;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String SPEC = """
            redis-cluster.namespace=redis-test
            redis-cluster.masters=3
            redis-cluster.replicas-per-master=1
            redis-cluster.storage.class=%s
            """.formatted(Sandbox.STORAGE_CLASS);

    /** The mock API server: {@link SandboxCluster} gives the sandbox a client of its own on it. */
    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @RegisterExtension
    final SandboxCluster run = SandboxCluster.startedWith(SPEC);

    @Test
    void onAStorageClassTheClusterFormsHealsAfterAFullRestartAndGrowsWithoutAPodRestart() throws Exception {
        awaitHealthy("the cluster formed on provisioned volumes", pods -> true);
        assertThat(claims()).hasSize(6).allSatisfy(claim -> {
            assertThat(claim.getSpec().getStorageClassName()).isEqualTo(Sandbox.STORAGE_CLASS);
            assertThat(claim.getStatus().getPhase()).isEqualTo("Bound");
        });
        assertThat(client.persistentVolumes().list().getItems()).as("only provisioned volumes, no NFS PV")
                .hasSize(6).allSatisfy(volume -> assertThat(volume.getSpec().getNfs()).isNull());
        run.keys().write(ips(), PORT, KEYS);

        Set<String> oldIps = Set.copyOf(ips());
        run.sandbox().restartAll();
        ClusterCheck.Snapshot healed = awaitHealthy("every pod back on a new IP",
                pods -> pods.stream().noneMatch(pod -> oldIps.contains(pod.ip())));
        assertThat(run.keys().missing(ips(), PORT, KEYS)).as("keys after the full restart").isEmpty();

        Map<String, String> podUids = podUids();
        String statefulSetUid = statefulSet().getMetadata().getUid();
        SpecFile.write(SPEC + "redis-cluster.storage.size=1Gi\n");

        Poll.until("every claim grown to 1Gi and the claim template at 1Gi", TIMEOUT, () -> capacities(),
                capacities -> capacities.size() == 6 && capacities.values().stream().allMatch(size -> size.equals("1Gi"))
                        && templateSize().equals("1Gi"));
        assertThat(claims()).allSatisfy(claim -> assertThat(claim.getSpec().getResources().getRequests())
                .containsEntry("storage", new Quantity("1Gi")));
        assertThat(client.persistentVolumes().list().getItems()).allSatisfy(volume ->
                assertThat(volume.getSpec().getCapacity()).containsEntry("storage", new Quantity("1Gi")));
        assertThat(statefulSet().getMetadata().getUid()).as("the StatefulSet re-created").isNotEqualTo(statefulSetUid);
        Poll.until("a pass converged with the grown volumes", TIMEOUT, () -> run.loop().runPass().orElseThrow(),
                report -> report.converged());
        assertThat(podUids()).as("no pod restarted (same uids)").isEqualTo(podUids);
        ClusterCheck.Snapshot grown = awaitHealthy("the cluster healthy after growing", pods -> true);
        assertThat(grown.masters()).isEqualTo(healed.masters());
        assertThat(run.keys().missing(ips(), PORT, KEYS)).as("keys after growing").isEmpty();
    }

    private ClusterCheck.Snapshot awaitHealthy(String what, Predicate<List<SandboxPod>> podsAsWanted) {
        return Poll.until(what + ", then a healthy cluster", TIMEOUT, () -> {
            List<SandboxPod> pods = run.sandbox().pods();
            if (!ClusterCheck.podsReady(pods, MASTERS, 1, podsAsWanted)) {
                return null;
            }
            return ClusterCheck.take(run.redis(), PORT, pods, MASTERS, 1);
        }, snapshot -> snapshot != null && snapshot.healthy());
    }

    private List<PersistentVolumeClaim> claims() {
        return client.persistentVolumeClaims().inNamespace(NS).list().getItems();
    }

    private Map<String, String> capacities() {
        return claims().stream().filter(claim -> claim.getStatus() != null && claim.getStatus().getCapacity() != null)
                .collect(Collectors.toMap(claim -> claim.getMetadata().getName(),
                        claim -> claim.getStatus().getCapacity().get("storage").toString()));
    }

    private StatefulSet statefulSet() {
        return client.apps().statefulSets().inNamespace(NS).withName("redis-app").get();
    }

    private String templateSize() {
        StatefulSet set = statefulSet();
        return set == null ? "none" : set.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources()
                .getRequests().get("storage").toString();
    }

    private Map<String, String> podUids() {
        return client.pods().inNamespace(NS).list().getItems().stream()
                .collect(Collectors.toMap(pod -> pod.getMetadata().getName(), pod -> pod.getMetadata().getUid()));
    }

    private List<String> ips() {
        return run.sandbox().pods().stream().map(SandboxPod::ip).toList();
    }
}
