package io.github.rediscluster.reconciler.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.observe.AuthSurvey;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.spec.SpecParseResult;
import io.github.rediscluster.reconciler.spec.SpecParser;
import io.github.rediscluster.reconciler.testing.ApiRequestLog;
import io.github.rediscluster.reconciler.testing.CrudApi;
import io.github.rediscluster.reconciler.testing.HandBuiltCluster;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The objects side facing a cluster built by hand (issue 19): without the hand-over it writes nothing and says what
 * differs; in a dry run it writes nothing and says what it would do; handed over, it takes every object in place, keeps
 * every PV on the claim it is bound to, and re-creates the StatefulSet without its pods.
 */
class HandOverTest {

    private static final String NAMESPACE = "default";
    private static final String NFS = "10.0.0.9";
    /** The binder paired the PV-less claims as it pleased: pod i's claim is on nfs-pv(BOUND[i]). */
    private static final int[] BOUND = {2, 1, 6, 3, 5, 4};

    private final CrudApi api = CrudApi.start();
    private final KubernetesClient client = api.client();
    private final ApiRequestLog requests = new ApiRequestLog(api.server());
    private ClusterObjectsReconciler objects;

    @BeforeEach
    void start() {
        objects = new ClusterObjectsReconciler(new ResourceApplier(client), new VolumeGrowth(client),
                new StatefulSetTakeOver(client), new WriteGate(false));
        HandBuiltCluster.create(client, NAMESPACE, NFS, 6);
        for (int ordinal = 0; ordinal < 6; ordinal++) {
            PersistentVolume volume = client.persistentVolumes().withName("nfs-pv" + BOUND[ordinal]).get();
            client.persistentVolumes().resource(new PersistentVolumeBuilder(volume).editSpec().withClaimRef(
                    new ObjectReferenceBuilder().withKind("PersistentVolumeClaim").withNamespace(NAMESPACE)
                            .withName("redis-data-redis-app-" + ordinal).withUid("uid-" + ordinal).build()).endSpec().build())
                    .update();
        }
        requests.drain();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static ClusterSpec spec(boolean dryRun, boolean adopt) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(HandBuiltCluster.spec(NAMESPACE, NFS, dryRun, adopt)));
        Map<String, String> values = properties.stringPropertyNames().stream()
                .collect(Collectors.toMap(key -> key, properties::getProperty));
        return ((SpecParseResult.Valid) SpecParser.parse(values, NAMESPACE)).spec();
    }

    private List<ApplyOutcome> pass(ClusterSpec spec) {
        return objects.reconcile(spec, Optional.empty(), AuthSurvey.NONE).outcomes();
    }

    @Test
    void aPassThatMayHaveLostTheLeaseDoesNotDeleteTheHandBuiltStatefulSet() throws IOException {
        String lost = "this instance (a) may lose the Lease default/redis-cluster-reconciler within 5000 ms";
        StatefulSetTakeOver fenced = new StatefulSetTakeOver(client, () -> Optional.of(lost));

        Optional<ApplyOutcome> outcome = fenced.reconcile(spec(false, true), new ResourceApplier.Pass(false, true));

        assertThat(outcome).get().satisfies(taken -> {
            assertThat(taken.action()).isEqualTo(ApplyOutcome.Action.FAILED);
            assertThat(taken.error()).isEqualTo("not written: " + lost);
        });
        assertThat(ApiRequestLog.writes(requests.drain())).isEmpty();
        assertThat(client.apps().statefulSets().inNamespace(NAMESPACE).withName("redis-app").get().getMetadata()
                .getDeletionTimestamp()).isNull();
    }

    @Test
    void withoutTheHandOverNothingIsWrittenAndEachObjectSaysWhatTakingItOverWouldChange() throws IOException {
        List<ApplyOutcome> outcomes = pass(spec(false, false));

        // Nothing is written: not what exists, and not the disruption budget or network policy, which would select the
        // hand-built pods before they are handed over.
        assertThat(ApiRequestLog.writes(requests.drain())).isEmpty();
        assertThat(outcome(outcomes, "PodDisruptionBudget default/redis-app").refused()).singleElement().asString()
                .contains("would select pods the service was not handed");
        assertThat(outcome(outcomes, "NetworkPolicy default/redis-app").refused()).singleElement().asString()
                .contains("would select pods the service was not handed");
        ApplyOutcome configMap = outcome(outcomes, "ConfigMap default/redis-conf");
        assertThat(configMap.action()).isEqualTo(ApplyOutcome.Action.UNCHANGED);
        assertThat(configMap.refused()).singleElement().asString().contains("redis-cluster.adopt=true")
                .contains("taking it over would change").contains("data.redis.conf: ");
        assertThat(outcome(outcomes, "PersistentVolume nfs-pv1").refused()).singleElement().asString()
                .contains("redis-cluster.adopt=true");
    }

    @Test
    void aDryRunWritesNothingAndNamesEveryChangeAsADiff() throws IOException {
        List<ApplyOutcome> outcomes = pass(spec(true, true));

        assertThat(ApiRequestLog.writes(requests.drain())).isEmpty();
        ApplyOutcome service = outcome(outcomes, "Service default/redis-service");
        assertThat(service.action()).isEqualTo(ApplyOutcome.Action.WOULD_UPDATE);
        assertThat(service.drifted()).contains("spec.selector.appCluster: \"redis-cluster\" -> (removed)",
                "spec.publishNotReadyAddresses: (none) -> true");
        ApplyOutcome statefulSet = outcome(outcomes, "StatefulSet default/redis-app");
        assertThat(statefulSet.action()).isEqualTo(ApplyOutcome.Action.WOULD_UPDATE);
        assertThat(statefulSet.drifted().get(0)).startsWith("re-created without its pods").contains("spec.volumeClaimTemplates");
        assertThat(outcome(outcomes, "PodDisruptionBudget default/redis-app").action()).isEqualTo(ApplyOutcome.Action.WOULD_CREATE);
        assertThat(outcome(outcomes, "PersistentVolume nfs-pv1").drifted()).as("the binding is kept")
                .noneMatch(diff -> diff.contains("claimRef"));
    }

    @Test
    void handedOverEveryObjectIsTakenInPlaceTheBindingsStayAndTheStatefulSetIsReCreatedWithoutItsPods() throws IOException {
        List<ApplyOutcome> outcomes = pass(spec(false, true));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.refused()).as(outcome.object()).isEmpty());
        for (int ordinal = 0; ordinal < 6; ordinal++) {
            PersistentVolume volume = client.persistentVolumes().withName("nfs-pv" + BOUND[ordinal]).get();
            assertThat(volume.getSpec().getClaimRef().getName()).isEqualTo("redis-data-redis-app-" + ordinal);
            assertThat(volume.getMetadata().getAnnotations()).containsEntry("redis-cluster-reconciler/cluster", "default/redis-app");
        }
        StatefulSet statefulSet = client.apps().statefulSets().inNamespace(NAMESPACE).withName("redis-app").get();
        assertThat(statefulSet.getSpec().getSelector().getMatchLabels()).isEqualTo(HandBuiltCluster.SELECTOR);
        assertThat(statefulSet.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(requests.drain()).contains("DELETE /apis/apps/v1/namespaces/default/statefulsets/redis-app")
                .noneMatch(request -> request.startsWith("DELETE /api/v1/persistentvolumes"));
        assertThat(client.configMaps().inNamespace(NAMESPACE).withName("redis-conf").get().getMetadata().getAnnotations())
                .containsEntry("redis-cluster-reconciler/cluster", "default/redis-app");

        List<ApplyOutcome> next = pass(spec(false, true));
        assertThat(next).as("converged in one pass").allSatisfy(outcome -> assertThat(outcome.converged()).as(outcome.toString()).isTrue());
    }

    @Test
    void anotherClustersObjectIsNeverTakenEvenHandedOver() {
        var desired = io.github.rediscluster.reconciler.desired.RedisConfig.desired(
                io.github.rediscluster.reconciler.testing.Specs.classic());
        var live = new io.fabric8.kubernetes.api.model.ConfigMapBuilder(desired).editMetadata()
                .addToAnnotations("redis-cluster-reconciler/cluster", "other/redis-app").endMetadata().build();

        assertThat(Ownership.refusal(live, desired, true)).get().asString().contains("belongs to cluster other/redis-app");
        assertThat(Ownership.refusal(HandBuiltCluster.volume(NFS, 1), io.github.rediscluster.reconciler.desired
                .PersistentVolumes.desired(io.github.rediscluster.reconciler.testing.Specs.classic(), 0), true)).isEmpty();
    }

    private static ApplyOutcome outcome(List<ApplyOutcome> outcomes, String object) {
        return outcomes.stream().filter(outcome -> outcome.object().equals(object)).findFirst()
                .orElseThrow(() -> new AssertionError(object + " not in " + outcomes));
    }
}
