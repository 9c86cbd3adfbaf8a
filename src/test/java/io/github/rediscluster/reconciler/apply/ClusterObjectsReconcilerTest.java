package io.github.rediscluster.reconciler.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.desired.RedisStatefulSet;
import io.github.rediscluster.reconciler.observe.AuthSurvey;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.CrudApi;
import io.github.rediscluster.reconciler.testing.Specs;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The objects side of a pass against a mock API (CRUD): what the Redis side of the last pass handed on (the release
 * decision, the auth survey) is all it needs from it; it keeps nothing itself.
 */
class ClusterObjectsReconcilerTest {

    private static final ClusterSpec FOUR_MASTERS = Specs.classicWith("redis-cluster.masters", "4");
    private static final ClusterSpec THREE_MASTERS = Specs.classic();
    private static final ClusterSpec WITH_AUTH = Specs.classicWith("redis-cluster.auth.secret", "redis-auth");
    private static final AuthSurvey ALL_PROTECTED = new AuthSurvey(true, true, List.of(), List.of());

    private final CrudApi api = CrudApi.start();
    private final KubernetesClient client = api.client();
    private ClusterObjectsReconciler objects;

    @BeforeEach
    void start() {
        objects = new ClusterObjectsReconciler(new ResourceApplier(client), new VolumeGrowth(client), new StatefulSetTakeOver(client), new WriteGate(false));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private StatefulSet statefulSet() {
        return client.apps().statefulSets().inNamespace(THREE_MASTERS.namespace()).withName(THREE_MASTERS.name()).get();
    }

    private boolean podsReadPassword() {
        return statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .anyMatch(env -> env.getName().equals(RedisStatefulSet.PASSWORD_ENV));
    }

    @Test
    void theStatefulSetShrinksOnlyAsFarAsTheRedisSideReleasedPodsForThisSpec() {
        objects.reconcile(FOUR_MASTERS, Optional.empty(), AuthSurvey.NONE);

        objects.reconcile(THREE_MASTERS, Optional.empty(), AuthSurvey.NONE);
        assertThat(statefulSet().getSpec().getReplicas()).as("no release decision").isEqualTo(8);
        objects.reconcile(THREE_MASTERS, Optional.of(new PodRelease(8, 6)), AuthSurvey.NONE);
        assertThat(statefulSet().getSpec().getReplicas()).as("a decision for another spec").isEqualTo(8);
        objects.reconcile(THREE_MASTERS, Optional.of(new PodRelease(6, 6)), AuthSurvey.NONE);
        assertThat(statefulSet().getSpec().getReplicas()).isEqualTo(6);
    }

    @Test
    void authIsTurnedOnInThePodsOnlyOnceTheRedisSideFoundEveryPodRequiringThePassword() {
        objects.reconcile(THREE_MASTERS, Optional.empty(), AuthSurvey.NONE);

        List<ApplyOutcome> waiting = objects.reconcile(WITH_AUTH, Optional.empty(), AuthSurvey.NONE).outcomes();
        assertThat(podsReadPassword()).isFalse();
        assertThat(waiting).filteredOn(outcome -> outcome.object().startsWith("StatefulSet")).singleElement()
                .satisfies(outcome -> assertThat(outcome.refused()).singleElement().asString().startsWith("turning auth on waits"));

        objects.reconcile(WITH_AUTH, Optional.empty(), ALL_PROTECTED);
        assertThat(podsReadPassword()).isTrue();
    }
}
