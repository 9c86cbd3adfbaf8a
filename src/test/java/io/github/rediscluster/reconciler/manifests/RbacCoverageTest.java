package io.github.rediscluster.reconciler.manifests;

import io.github.rediscluster.reconciler.leader.Fence;
import io.github.rediscluster.reconciler.act.PodRestarter;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.desired.ClusterLabels;
import io.github.rediscluster.reconciler.desired.ClusterNames;
import io.github.rediscluster.reconciler.desired.PersistentVolumes;
import io.github.rediscluster.reconciler.report.ClusterEvents;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.leader.Leadership;
import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import io.github.rediscluster.reconciler.spec.SpecStore;
import io.github.rediscluster.reconciler.testing.ApiRequestLog;
import io.github.rediscluster.reconciler.testing.Poll;
import io.github.rediscluster.reconciler.testing.SpecFile;
import io.github.rediscluster.reconciler.testing.StuckPods;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.github.rediscluster.reconciler.testing.RealApiServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The RBAC of kubernetes/ grants exactly what the code uses: every API request the service makes while it
 * creates, repairs and watches a cluster, and while it takes, renews and releases its leader-election Lease, is
 * allowed, and nothing is granted that it never asks for.
 */
@WithKubernetesTestServer(setup = RealApiServer.class)
@QuarkusTest
class RbacCoverageTest {

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Inject
    ReconcileLoop loop;

    @Inject
    SpecStore specs;

    @Inject
    ClusterEvents events;

    @Inject
    PodRestarter restarter;

    @Test
    void rolesCoverEveryRequestOfTheServiceAndNoMore() throws InterruptedException {
        Set<ApiAccess> used = observeServiceRequests();
        Set<ApiAccess> granted = granted();

        assertThat(granted).as("granted by role.yaml and clusterrole.yaml").containsAll(used);
        assertThat(used).as("used by the service").containsAll(granted);
    }

    /**
     * Creates a cluster from empty, repairs drift, follows pod changes and explains a pod that does not start, recording
     * only the service's requests.
     */
    private Set<ApiAccess> observeServiceRequests() throws InterruptedException {
        ApiRequestLog log = new ApiRequestLog(server.getKubernetesMockServer());
        // A namespace of its own, so the pod watch must start anew and its list and watch requests show.
        // With auth on and no Secret yet, so that the pass makes it with a random password, then reads it.
        client.secrets().inNamespace("rbac-test").withName("redis-auth").delete();
        SpecFile.write(SpecFile.CLASSIC.replace("namespace=redis-test", "namespace=rbac-test")
                + "redis-cluster.auth.secret=redis-auth\n");
        specs.refresh();
        log.drain();
        loop.runPass().orElseThrow();
        List<String> requests = new ArrayList<>(log.drain());
        Instant deadline = Instant.now().plusSeconds(10);
        while (requests.stream().noneMatch(request -> request.contains("watch=true")) && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
            requests.addAll(log.drain());
        }
        assertThat(requests).as("the pod watch started within 10 s").anyMatch(request -> request.contains("/pods?") && request.contains("watch=true"));

        driftOneObjectOfEachKind();
        // A pod that does not start: the pass reads the Events and claims that say why.
        client.pods().inNamespace("rbac-test").resource(StuckPods.containerCreating("redis-app-0", "rbac-uid-0")).create();
        log.drain();
        loop.runPass();
        // No redis-server runs here, so no topology step happens: record an Event the way a step does.
        events.record(specs.state().inForce().orElseThrow(), List.of(new ClusterEvents.Notice("NodeRejoin", "rbac check", false)));
        // Nor a rolling restart: delete a pod the way one does.
        assertThat(restarter.restart(specs.state().inForce().orElseThrow(), new TopologyStep(TopologyStep.Kind.RESTART_POD,
                "redis-app-0", "rbac check", List.of()), Fence.OPEN).failures()).isEmpty();
        requests.addAll(log.drain());
        requests.addAll(growTheVolumesOfAStorageClass(log));
        requests.addAll(takeRenewAndReleaseTheLease(log));

        Set<ApiAccess> used = new HashSet<>();
        requests.forEach(request -> used.add(ApiAccess.of(request)));
        return used;
    }

    /**
     * A cluster whose volumes come from a StorageClass grows: the pass reads the StorageClass, raises the claim's
     * request and re-creates the StatefulSet without its pods.
     */
    private List<String> growTheVolumesOfAStorageClass(ApiRequestLog log) {
        client.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata().withName("rbac-fast")
                .endMetadata().withProvisioner("example.org/fast").withAllowVolumeExpansion(true).build())
                .createOr(existing -> existing.update());
        String spec = "redis-cluster.namespace=rbac-class\nredis-cluster.storage.class=rbac-fast\n";
        SpecFile.write(spec);
        specs.refresh();
        log.drain();
        loop.runPass().orElseThrow();
        List<String> requests = new ArrayList<>(log.drain());
        ClusterSpec small = specs.state().inForce().orElseThrow();
        client.persistentVolumeClaims().inNamespace("rbac-class").resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(ClusterNames.claimName(small, 0))
                    .withLabels(ClusterLabels.of(small, PersistentVolumes.COMPONENT)).endMetadata()
                .withNewSpec().withStorageClassName("rbac-fast").withAccessModes("ReadWriteOnce")
                    .withNewResources().addToRequests("storage", new Quantity("200M")).endResources().endSpec()
                .build()).create();
        SpecFile.write(spec + "redis-cluster.storage.size=1Gi\n");
        specs.refresh();
        log.drain();
        loop.runPass().orElseThrow();
        requests.addAll(log.drain());
        assertThat(requests).as("the claim grown and the StatefulSet re-created")
                .anyMatch(request -> request.startsWith("PATCH /api/v1/namespaces/rbac-class/persistentvolumeclaims/"))
                .anyMatch(request -> request.startsWith("DELETE /apis/apps/v1/namespaces/rbac-class/statefulsets/redis-app"));
        return requests;
    }

    /**
     * The test profile runs without election, so a Leadership of the service's own code competes here: it creates
     * the Lease, renews it every retry period, then releases it as at shutdown.
     */
    private List<String> takeRenewAndReleaseTheLease(ApiRequestLog log) {
        Leadership leadership = new Leadership(client, true, "redis-cluster-reconciler", Optional.of("rbac-test"),
                Optional.of("rbac-check"), Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofMillis(200));
        List<String> requests = new ArrayList<>();
        leadership.startElection();
        Poll.until("the Lease taken and renewed", Duration.ofSeconds(10), () -> {
            requests.addAll(log.drain());
            return requests;
        }, seen -> leadership.isLeader() && seen.stream().anyMatch(request -> request.startsWith("PATCH ")));
        leadership.stopElection();
        requests.addAll(log.drain());
        assertThat(leadership.isLeader()).as("the Lease released").isFalse();
        return requests;
    }

    private void driftOneObjectOfEachKind() {
        client.persistentVolumes().withName("nfs-pv1").edit(pv -> {
            pv.getSpec().getCapacity().put("storage", new io.fabric8.kubernetes.api.model.Quantity("1M"));
            return pv;
        });
        client.configMaps().inNamespace("rbac-test").withName("redis-conf").edit(map -> {
            map.getData().put("redis.conf", "port 1\n");
            return map;
        });
        client.services().inNamespace("rbac-test").withName("redis-service").edit(service -> {
            service.getSpec().getPorts().get(0).setPort(1);
            return service;
        });
        client.apps().statefulSets().inNamespace("rbac-test").withName("redis-app").edit(sts -> {
            sts.getSpec().setReplicas(1);
            return sts;
        });
        client.policy().v1().podDisruptionBudget().inNamespace("rbac-test").withName("redis-app").edit(budget -> {
            budget.getSpec().setMaxUnavailable(new io.fabric8.kubernetes.api.model.IntOrString(3));
            return budget;
        });
        client.network().v1().networkPolicies().inNamespace("rbac-test").withName("redis-app").edit(policy -> {
            policy.getSpec().getIngress().remove(0);
            return policy;
        });
    }

    private static Set<ApiAccess> granted() {
        return ApiAccess.granted(Manifests.load("role.yaml", Role.class).getRules(),
                Manifests.load("clusterrole.yaml", ClusterRole.class).getRules());
    }
}
