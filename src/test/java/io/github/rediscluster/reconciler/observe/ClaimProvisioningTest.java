package io.github.rediscluster.reconciler.observe;

import static io.github.rediscluster.reconciler.testing.StuckPods.claim;
import static io.github.rediscluster.reconciler.testing.StuckPods.unscheduled;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.Specs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** With a StorageClass, a pod waiting on its Pending claim is explained by what the provisioner said on the claim. */
class ClaimProvisioningTest {

    private static final ClusterSpec SPEC = Specs.withStorageClass("fast-ssd");
    private static final Pod POD = unscheduled("redis-app-2", "uid-2",
            "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.");

    private static Event onClaim(String name, String type, String reason, String message, String at) {
        return new EventBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewInvolvedObject().withKind("PersistentVolumeClaim").withApiVersion("v1")
                    .withName("redis-data-redis-app-2").endInvolvedObject()
                .withReason(reason).withMessage(message).withType(type)
                .withFirstTimestamp(at).withLastTimestamp(at)
                .build();
    }

    @Test
    void theProvisionersFailureIsNamedWithItsMessage() {
        List<Event> events = List.of(
                onClaim("e1", "Normal", "ExternalProvisioning", "Waiting for a volume to be created by the external"
                        + " provisioner 'ebs.csi.aws.com'", "2026-01-01T10:00:00Z"),
                onClaim("e2", "Warning", "ProvisioningFailed", "failed to provision volume with StorageClass \"fast-ssd\":"
                        + " rpc error: code = ResourceExhausted desc = quota exceeded", "2026-01-01T10:00:05Z"));

        List<PodProblem> problems = PodDiagnosis.diagnose(SPEC, List.of(POD),
                List.of(claim("redis-data-redis-app-2", "Pending")), events, StartGrace.NONE);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo("ProvisioningFailed");
            assertThat(problem.detail()).isEqualTo("claim redis-data-redis-app-2 of StorageClass fast-ssd is Pending:"
                    + " ProvisioningFailed: failed to provision volume with StorageClass \"fast-ssd\": rpc error: code ="
                    + " ResourceExhausted desc = quota exceeded");
            assertThat(problem.whatToDo()).contains("provisioner of StorageClass fast-ssd")
                    .contains("kubectl -n default describe pvc redis-data-redis-app-2");
        });
    }

    @Test
    void aClaimNobodyProvisionsNamesTheStorageClassToCheck() {
        List<PodProblem> problems = PodDiagnosis.diagnose(SPEC, List.of(POD),
                List.of(claim("redis-data-redis-app-2", "Pending")), List.of(), StartGrace.NONE);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo("ClaimPending");
            assertThat(problem.whatToDo()).contains("kubectl get storageclass fast-ssd");
        });
    }

    @Test
    void withNfsThePreBoundVolumeAdviceStays() {
        List<PodProblem> problems = PodDiagnosis.diagnose(Specs.classic(), List.of(POD),
                List.of(claim("redis-data-redis-app-2", "Pending")), List.of(), StartGrace.NONE);

        assertThat(problems).singleElement().satisfies(problem -> assertThat(problem.reason()).isEqualTo("UnboundClaim"));
    }
}
