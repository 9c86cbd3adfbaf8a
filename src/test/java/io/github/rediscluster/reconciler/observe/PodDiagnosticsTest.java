package io.github.rediscluster.reconciler.observe;

import static io.github.rediscluster.reconciler.testing.StuckPods.claim;
import static io.github.rediscluster.reconciler.testing.StuckPods.unscheduled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.CrudApi;
import io.github.rediscluster.reconciler.testing.TestClock;
import io.github.rediscluster.reconciler.testing.Specs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The grace period as the pass applies it: the pod's creation time as the API server set it, against a clock. */
class PodDiagnosticsTest {

    private static final ClusterSpec SPEC = Specs.classic();


    private final CrudApi api = CrudApi.start();
    private final KubernetesClient client = api.client();
    private final TestClock clock = new TestClock(Instant.EPOCH);

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aPodWaitingForItsClaimIsAProblemOnlyPastTheGracePeriod() {
        Pod literal = unscheduled("redis-app-5", "uid-5", "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.");
        String created = client.pods().inNamespace(SPEC.namespace()).resource(literal).create().getMetadata().getCreationTimestamp();
        client.persistentVolumeClaims().inNamespace(SPEC.namespace()).resource(claim("redis-data-redis-app-5", "Pending")).create();
        Pod pod = new PodBuilder(literal).editMetadata().withCreationTimestamp(created).endMetadata().build();
        PodDiagnostics diagnostics = new PodDiagnostics(client, Duration.ofSeconds(30), clock);

        clock.now = Instant.parse(created).plusSeconds(5);
        Diagnosis young = diagnostics.diagnose(SPEC, List.of(pod));
        clock.now = Instant.parse(created).plusSeconds(31);
        Diagnosis old = diagnostics.diagnose(SPEC, List.of(pod));

        assertThat(young).as("5 s old: the binder's and scheduler's time").isEqualTo(Diagnosis.NONE);
        assertThat(old.problems()).extracting(PodProblem::reason).containsExactly("UnboundClaim");
    }

    @Test
    void aNegativeGracePeriodIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new PodDiagnostics(client, Duration.ofSeconds(-5), clock))
                .hasMessage("reconciler.pod-problems.grace-period must be zero or more, got PT-5S");
    }
}
