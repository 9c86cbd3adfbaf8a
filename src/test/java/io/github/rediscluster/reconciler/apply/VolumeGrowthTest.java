package io.github.rediscluster.reconciler.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.rediscluster.reconciler.desired.ClusterLabels;
import io.github.rediscluster.reconciler.desired.ClusterNames;
import io.github.rediscluster.reconciler.desired.PersistentVolumes;
import io.github.rediscluster.reconciler.desired.RedisStatefulSet;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.Specs;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Growing storage.size against an API that keeps what it is sent (the fabric8 mock in CRUD mode): claims of a
 * StorageClass that allows expansion get the larger request, the StatefulSet is re-created with the larger claim
 * template and its pods stay; a StorageClass that does not allow it leaves everything as it is and says why.
 */
@EnableKubernetesMockClient(crud = true)
class VolumeGrowthTest {

    private static final String NS = "default";

    KubernetesClient client;

    private static ClusterSpec sized(String size) {
        return Specs.withStorageClass("fast", "redis-cluster.storage.size", size);
    }

    private void existing(ClusterSpec spec, boolean allowExpansion, String claimCapacity) {
        client.storage().v1().storageClasses().resource(new StorageClassBuilder().withNewMetadata().withName("fast")
                .endMetadata().withProvisioner("example.org/fast").withAllowVolumeExpansion(allowExpansion).build()).create();
        client.apps().statefulSets().inNamespace(NS).resource(RedisStatefulSet.desired(spec)).create();
        for (int ordinal = 0; ordinal < spec.podCount(); ordinal++) {
            client.persistentVolumeClaims().inNamespace(NS).resource(claim(spec, ordinal, claimCapacity)).create();
            client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata()
                    .withName(ClusterNames.podName(spec, ordinal)).withLabels(ClusterLabels.selector(spec)).endMetadata()
                    .build()).create();
        }
    }

    private static PersistentVolumeClaim claim(ClusterSpec spec, int ordinal, String capacity) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(ClusterNames.claimName(spec, ordinal))
                    .withLabels(ClusterLabels.of(spec, PersistentVolumes.COMPONENT)).endMetadata()
                .withNewSpec().withStorageClassName("fast").withAccessModes("ReadWriteOnce")
                    .withNewResources().addToRequests("storage", new Quantity(spec.storage().size())).endResources()
                .endSpec()
                .withNewStatus().withPhase("Bound").addToCapacity("storage", new Quantity(capacity)).endStatus()
                .build();
    }

    /** As a pass does it: with the StatefulSet as read just before. */
    private List<ApplyOutcome> grow(ClusterSpec spec) {
        StatefulSet live = client.apps().statefulSets().inNamespace(NS).withName(spec.name()).get();
        return new VolumeGrowth(client).reconcile(spec, Optional.ofNullable(live)
                .map(set -> (ObjectNode) client.getKubernetesSerialization().convertValue(set, JsonNode.class)));
    }

    private List<String> requests() {
        return client.persistentVolumeClaims().inNamespace(NS).list().getItems().stream()
                .map(claim -> claim.getSpec().getResources().getRequests().get("storage").toString()).toList();
    }

    private String templateSize() {
        StatefulSet live = client.apps().statefulSets().inNamespace(NS).withName("redis-app").get();
        return live.getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get("storage").toString();
    }

    @Test
    void raisingTheSizeExpandsEveryClaimAndRecreatesTheStatefulSetWithTheLargerTemplate() {
        existing(sized("200M"), true, "200M");
        String oldUid = client.apps().statefulSets().inNamespace(NS).withName("redis-app").get().getMetadata().getUid();

        List<ApplyOutcome> outcomes = grow(sized("1Gi"));

        assertThat(outcomes).filteredOn(outcome -> outcome.object().startsWith("PersistentVolumeClaim")).hasSize(6)
                .allSatisfy(outcome -> {
                    assertThat(outcome.action()).isEqualTo(ApplyOutcome.Action.UPDATED);
                    assertThat(outcome.drifted()).containsExactly("spec.resources.requests.storage 200M -> 1Gi");
                });
        assertThat(outcomes).filteredOn(outcome -> outcome.object().equals("StatefulSet default/redis-app")).singleElement()
                .satisfies(outcome -> assertThat(outcome.drifted()).containsExactly("spec.volumeClaimTemplates: storage"
                        + " 200M -> 1Gi (re-created without its pods, which keep running)"));
        assertThat(requests()).hasSize(6).containsOnly("1Gi");
        assertThat(templateSize()).isEqualTo("1Gi");
        assertThat(client.apps().statefulSets().inNamespace(NS).withName("redis-app").get().getMetadata().getUid())
                .isNotEqualTo(oldUid);
        assertThat(client.pods().inNamespace(NS).list().getItems()).as("pods untouched").hasSize(6);
    }

    @Test
    void claimsTheProviderHasNotGrownYetAreReportedAsWaitingOnIt() {
        ClusterSpec grown = sized("1Gi");
        existing(grown, true, "200M");
        client.persistentVolumeClaims().inNamespace(NS).withName("redis-data-redis-app-0").editStatus(claim -> {
            claim.getStatus().setConditions(List.of(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimConditionBuilder()
                    .withType("FileSystemResizePending").withStatus("True")
                    .withMessage("Waiting for user to (re-)start a pod to finish file system resize of volume on node.").build()));
            return claim;
        });

        List<ApplyOutcome> outcomes = grow(grown);

        assertThat(outcomes).hasSize(6).allSatisfy(outcome -> {
            assertThat(outcome.action()).isEqualTo(ApplyOutcome.Action.WAITING);
            assertThat(outcome.converged()).isFalse();
            assertThat(outcome.error()).startsWith("waits on the storage provider to grow the volume: capacity 200M of 1Gi requested");
        });
        assertThat(outcomes).filteredOn(outcome -> outcome.object().endsWith("/redis-data-redis-app-0")).singleElement()
                .extracting(ApplyOutcome::error).asString().endsWith("(FileSystemResizePending: Waiting for user to (re-)start a pod to"
                + " finish file system resize of volume on node.)");
    }

    @Test
    void aStorageClassWithoutExpansionLeavesClaimsAndTemplateAsTheyAreAndSaysWhy() {
        existing(sized("200M"), false, "200M");

        List<ApplyOutcome> outcomes = grow(sized("1Gi"));

        assertThat(outcomes).singleElement().satisfies(outcome -> {
            assertThat(outcome.object()).isEqualTo("StorageClass fast");
            assertThat(outcome.refused()).singleElement().asString()
                    .startsWith("storage.size cannot grow: StorageClass fast does not allow volume expansion");
        });
        assertThat(requests()).containsOnly("200M");
        assertThat(templateSize()).isEqualTo("200M");
    }

    @Test
    void theTemplateWaitsWhileTheRestOfTheStatefulSetDiffers() {
        existing(sized("200M"), true, "1Gi");
        client.apps().statefulSets().inNamespace(NS).withName("redis-app").edit(set -> {
            set.getSpec().setReplicas(4);
            return set;
        });

        List<ApplyOutcome> outcomes = grow(sized("1Gi"));

        assertThat(outcomes).filteredOn(outcome -> outcome.object().startsWith("StatefulSet")).singleElement()
                .satisfies(outcome -> {
                    assertThat(outcome.action()).isEqualTo(ApplyOutcome.Action.WAITING);
                    assertThat(outcome.error()).contains("still differing: spec.replicas");
                });
        assertThat(templateSize()).isEqualTo("200M");
    }

    @Test
    void withNfsNoClaimIsTouchedAndTheTemplateGrows() {
        ClusterSpec nfs = Specs.classic();
        client.apps().statefulSets().inNamespace(NS).resource(RedisStatefulSet.desired(nfs)).create();

        List<ApplyOutcome> outcomes = grow(Specs.classicWith("redis-cluster.storage.size", "1Gi"));

        assertThat(outcomes).extracting(ApplyOutcome::object).containsExactly("StatefulSet default/redis-app");
        assertThat(templateSize()).isEqualTo("1Gi");
    }
}
