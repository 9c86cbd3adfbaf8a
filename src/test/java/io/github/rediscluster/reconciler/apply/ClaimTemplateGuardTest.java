package io.github.rediscluster.reconciler.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.rediscluster.reconciler.desired.PersistentVolumes;
import io.github.rediscluster.reconciler.desired.RedisStatefulSet;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.Specs;
import org.junit.jupiter.api.Test;

/**
 * The claim template of the StatefulSet cannot change in place: a larger size passes (VolumeGrowth re-creates the
 * StatefulSet), a smaller one, a switch of storage and any other change are refused, the live template kept.
 */
class ClaimTemplateGuardTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final String TEMPLATE = "/spec/volumeClaimTemplates";

    private static ObjectNode statefulSet(ClusterSpec spec) {
        ObjectNode tree = (ObjectNode) JSON.convertValue(RedisStatefulSet.desired(spec), JsonNode.class);
        // As read back: the API server adds volumeMode and a status to each template.
        ObjectNode claimSpec = (ObjectNode) tree.at(TEMPLATE + "/0/spec");
        claimSpec.put("volumeMode", "Filesystem");
        ((ObjectNode) tree.at(TEMPLATE + "/0")).putObject("status").put("phase", "Pending");
        return tree;
    }

    private static ObjectDrift.Result change(ClusterSpec live, ClusterSpec wanted) {
        return ObjectDrift.compare(statefulSet(live),
                (ObjectNode) JSON.convertValue(RedisStatefulSet.desired(wanted), JsonNode.class), KindRules.STATEFUL_SET);
    }

    @Test
    void aLargerSizePassesWithoutRefusalAndTheLiveTemplateStays() {
        ObjectDrift.Result result = change(Specs.withStorageClass("fast", "redis-cluster.storage.size", "200M"),
                Specs.withStorageClass("fast", "redis-cluster.storage.size", "1Gi"));

        assertThat(result.refused()).isEmpty();
        assertThat(result.drifted()).isEmpty();
        assertThat(result.merged().at(TEMPLATE + "/0/spec/resources/requests/storage").asText()).isEqualTo("200M");
        assertThat(ClaimTemplateChange.of(statefulSet(Specs.classic()).at(TEMPLATE),
                statefulSet(Specs.classicWith("redis-cluster.storage.size", "1Gi")).at(TEMPLATE)).kind())
                .isEqualTo(ClaimTemplateChange.Kind.GROW);
    }

    @Test
    void theSameSizeWrittenAnotherWayIsNoChange() {
        ObjectDrift.Result result = change(Specs.classicWith("redis-cluster.storage.size", "1024Mi"),
                Specs.classicWith("redis-cluster.storage.size", "1Gi"));

        assertThat(result.refused()).isEmpty();
        assertThat(result.drifted()).isEmpty();
    }

    @Test
    void aSmallerSizeIsRefused() {
        ObjectDrift.Result result = change(Specs.classicWith("redis-cluster.storage.size", "1Gi"), Specs.classic());

        assertThat(result.refused()).containsExactly("storage.size cannot shrink (live claims of 1Gi, wanted 200M): a"
                + " volume never gets smaller; put redis-cluster.storage.size back to 1Gi or more");
        assertThat(result.merged().at(TEMPLATE + "/0/spec/resources/requests/storage").asText()).isEqualTo("1Gi");
    }

    @Test
    void switchingBetweenNfsAndAStorageClassIsRefusedWithTheManualPath() {
        ObjectDrift.Result toClass = change(Specs.classic(), Specs.withStorageClass("fast"));
        ObjectDrift.Result toNfs = change(Specs.withStorageClass("fast"), Specs.classic());

        assertThat(toClass.refused()).singleElement().asString()
                .startsWith("the pods' volumes cannot move from static NFS PVs to StorageClass fast in place")
                .contains("Switching storage", "docs/operations.md", "--cascade=orphan");
        assertThat(toNfs.refused()).singleElement().asString()
                .startsWith("the pods' volumes cannot move from StorageClass fast to static NFS PVs in place");
        assertThat(toClass.merged().at(TEMPLATE + "/0/spec/storageClassName").asText()).isEmpty();
        assertThat(toClass.drifted()).isEmpty();
    }

    @Test
    void anotherTemplateChangeIsRefusedWithTheOrphanRecreation() {
        ObjectNode live = statefulSet(Specs.withStorageClass("fast"));
        ObjectNode wanted = statefulSet(Specs.withStorageClass("fast", "redis-cluster.storage.access-mode", "ReadWriteOncePod"));

        ObjectDrift.Result result = ObjectDrift.compare(live, wanted, KindRules.STATEFUL_SET);

        assertThat(result.refused()).singleElement().asString().startsWith("spec.volumeClaimTemplates cannot be changed in place")
                .contains("kubectl -n default delete statefulset redis-app --cascade=orphan");
    }

    @Test
    void aPersistentVolumeGrowsButNeverShrinks() {
        ObjectNode small = (ObjectNode) JSON.convertValue(PersistentVolumes.desired(Specs.classic(), 0), JsonNode.class);
        ObjectNode large = (ObjectNode) JSON.convertValue(PersistentVolumes.desired(
                Specs.classicWith("redis-cluster.storage.size", "1Gi"), 0), JsonNode.class);

        ObjectDrift.Result grow = ObjectDrift.compare(small, large, KindRules.PERSISTENT_VOLUME);
        ObjectDrift.Result shrink = ObjectDrift.compare(large, small, KindRules.PERSISTENT_VOLUME);

        assertThat(grow.refused()).isEmpty();
        assertThat(grow.drifted()).containsExactly("spec.capacity.storage");
        assertThat(shrink.refused()).containsExactly("spec.capacity.storage cannot shrink (live 1Gi, wanted 200M): a volume"
                + " never gets smaller: put redis-cluster.storage.size back");
        assertThat(shrink.drifted()).isEmpty();
    }
}
