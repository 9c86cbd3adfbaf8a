package io.github.rediscluster.reconciler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.github.rediscluster.reconciler.apply.ApplyOutcome;
import io.github.rediscluster.reconciler.apply.ClusterObjectsReconciler;
import io.github.rediscluster.reconciler.apply.ObjectDrift;
import io.github.rediscluster.reconciler.apply.PodRelease;
import io.github.rediscluster.reconciler.apply.ResourceApplier;
import io.github.rediscluster.reconciler.apply.StatefulSetTakeOver;
import io.github.rediscluster.reconciler.apply.WriteGate;
import io.github.rediscluster.reconciler.apply.VolumeGrowth;
import io.github.rediscluster.reconciler.observe.AuthSurvey;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.spec.SpecParseResult;
import io.github.rediscluster.reconciler.spec.SpecKeys;
import io.github.rediscluster.reconciler.spec.SpecParser;
import io.github.rediscluster.reconciler.testing.ApiRequestLog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The sandbox API is there to catch phantom drift: a comparer that takes the server's form of an object for a change
 * (this naive one compares objects as sent, as the service did before issue 21) writes on every pass on the sandbox
 * API, as it did on a real v1.34 server, while the bare mock hides it. The service's comparer writes nothing.
 * Every kind the service owns is in the spec: PVs, the ConfigMap, both Services (the access one NodePort), and the
 * StatefulSet with auth from a Secret.
 */
class PhantomDriftTest {

    private static final ObjectDrift.Comparer NAIVE = (live, desired, rules) ->
            ObjectDrift.compare(live, desired, rules, UnaryOperator.identity());
    private static final ClusterSpec SPEC = ((SpecParseResult.Valid) SpecParser.parse(Map.of(
            SpecKeys.NFS_SERVER.name(), "192.168.184.122", SpecKeys.ACCESS_SERVICE_TYPE.name(), "NodePort",
            "redis-cluster.auth.secret", "redis-auth", SpecKeys.REQUESTS_MEMORY.name(), "1024Mi"), "db")).spec();

    /** What the second of two passes wrote, the first having made every object. */
    private record SecondPass(List<String> writes, List<ApplyOutcome> outcomes) {
    }

    private static SecondPass secondPass(Dispatcher dispatcher, ObjectDrift.Comparer comparer) {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        server.init();
        try (KubernetesClient client = server.createClient().inNamespace("db")) {
            ClusterObjectsReconciler objects = new ClusterObjectsReconciler(new ResourceApplier(client, comparer), new VolumeGrowth(client), new StatefulSetTakeOver(client), new WriteGate(false));
            Optional<PodRelease> release = Optional.empty();
            objects.reconcile(SPEC, release, AuthSurvey.NONE);
            ApiRequestLog log = new ApiRequestLog(server);
            log.drain();
            List<ApplyOutcome> outcomes = objects.reconcile(SPEC, release, AuthSurvey.NONE).outcomes();
            return new SecondPass(ApiRequestLog.writes(log.drain()), outcomes);
        } finally {
            server.destroy();
        }
    }

    @Test
    void aNaiveComparerRewritesThePersistentVolumesEveryPassOnTheSandboxApi() {
        SecondPass pass = secondPass(new ApiServerBehaviour(new KubernetesCrudDispatcher()), NAIVE);

        // As seen on a real v1.34 server: all six PVs, for their storageClassName "", and nothing else.
        assertThat(pass.writes()).containsExactly("PUT /api/v1/persistentvolumes/nfs-pv1",
                "PUT /api/v1/persistentvolumes/nfs-pv2", "PUT /api/v1/persistentvolumes/nfs-pv3",
                "PUT /api/v1/persistentvolumes/nfs-pv4", "PUT /api/v1/persistentvolumes/nfs-pv5",
                "PUT /api/v1/persistentvolumes/nfs-pv6");
        assertThat(pass.outcomes()).filteredOn(outcome -> outcome.action() == ApplyOutcome.Action.UPDATED)
                .anySatisfy(outcome -> assertThat(outcome.drifted()).contains("spec.storageClassName"));
    }

    @Test
    void theBareMockHidesWhatTheNaiveComparerDoes() {
        assertThat(secondPass(new KubernetesCrudDispatcher(), NAIVE).writes()).isEmpty();
    }

    @Test
    void theServicesComparerWritesNothingOnTheSandboxApi() {
        SecondPass pass = secondPass(new ApiServerBehaviour(new KubernetesCrudDispatcher()), ObjectDrift::compare);

        assertThat(pass.writes()).isEmpty();
        // Six PVs, the ConfigMap, the generated password Secret, two Services, the StatefulSet and its PodDisruptionBudget.
        assertThat(pass.outcomes()).hasSize(13).allMatch(outcome -> outcome.action() == ApplyOutcome.Action.UNCHANGED);
    }
}
