package io.github.rediscluster.reconciler.observe;

import static io.github.rediscluster.reconciler.testing.StuckPods.claim;
import static io.github.rediscluster.reconciler.testing.StuckPods.containerCreating;
import static io.github.rediscluster.reconciler.testing.StuckPods.containerWaiting;
import static io.github.rediscluster.reconciler.testing.StuckPods.onPod;
import static io.github.rediscluster.reconciler.testing.StuckPods.onStatefulSet;
import static io.github.rediscluster.reconciler.testing.StuckPods.unscheduled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.Specs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A new pod is on its way, not in trouble, for the grace period (literal pods with creation times, the pass's time
 * moved instead of waited for), and whatever Kubernetes leaves out of a status or an Event is said in words.
 */
class PodGraceTest {

    private static final ClusterSpec SPEC = Specs.classic();
    private static final Instant CREATED = Instant.parse("2026-12-02T04:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final String UNBOUND = "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.";

    private static Pod created(Pod pod) {
        return new PodBuilder(pod).editMetadata().withCreationTimestamp(CREATED.toString()).endMetadata().build();
    }

    private static List<PodProblem> after(Duration age, List<Pod> pods, List<Event> events) {
        return PodDiagnosis.diagnose(SPEC, pods, List.of(claim("redis-data-redis-app-5", "Pending")), events,
                new StartGrace(GRACE, CREATED.plus(age)));
    }

    @Test
    void anUnboundClaimIsAProblemOnlyOnceTheGracePeriodIsOver() {
        List<Pod> pods = List.of(created(unscheduled("redis-app-5", "uid-5", UNBOUND)));

        assertThat(after(Duration.ofSeconds(1), pods, List.of())).as("a second old").isEmpty();
        assertThat(after(Duration.ofSeconds(29), pods, List.of())).as("29 s old").isEmpty();
        assertThat(after(Duration.ofSeconds(30), pods, List.of())).as("30 s old").singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo("UnboundClaim");
            assertThat(problem.detail()).isEqualTo("claim redis-data-redis-app-5 is not bound: " + UNBOUND);
        });
    }

    @Test
    void anImageNotPulledYetAndAMountNotDoneYetWaitTheGracePeriodToo() {
        List<Pod> pods = List.of(created(containerWaiting("redis-app-1", "uid-1", "redis:7.2", "ErrImagePull", "pull timed out")),
                created(containerCreating("redis-app-2", "uid-2")));
        List<Event> events = List.of(onPod("e1", "redis-app-2", "uid-2", "FailedMount", "MountVolume.SetUp failed",
                "2026-12-02T04:00:05Z"));

        assertThat(after(Duration.ofSeconds(10), pods, events)).isEmpty();
        assertThat(after(Duration.ofMinutes(1), pods, events)).extracting(PodProblem::reason)
                .containsExactly("ImagePullFailed", "FailedMount");
    }

    @Test
    void aPodWithoutACreationTimeOrWithNoGraceIsLookedAtAtOnce() {
        Pod noTime = unscheduled("redis-app-5", "uid-5", UNBOUND);

        assertThat(after(Duration.ZERO, List.of(noTime), List.of())).singleElement();
        assertThat(PodDiagnosis.diagnose(SPEC, List.of(created(noTime)), List.of(), List.of(), StartGrace.NONE)).singleElement();
        assertThatThrownBy(() -> new StartGrace(Duration.ofSeconds(-1), CREATED)).hasMessageContaining("cannot be negative");
    }

    @Test
    void aPodThatDoesNotExistGetsNoGrace() {
        String refused = "create Pod redis-app-0 in StatefulSet redis-app failed error: pods \"redis-app-0\" is forbidden:"
                + " exceeded quota: pods";

        assertThat(after(Duration.ZERO, List.of(), List.of(onStatefulSet("e1", "FailedCreate", refused, "2026-12-02T04:00:00Z"))))
                .extracting(PodProblem::reason).containsExactly("QuotaExceeded");
    }

    @Test
    void aSchedulerConditionWithoutReasonOrMessageIsSaidInWords() {
        Pod bare = new PodBuilder(unscheduled("redis-app-5", "uid-5", null)).editStatus().editCondition(0).withReason(null)
                .endCondition().endStatus().build();
        Pod noMessage = unscheduled("redis-app-3", "uid-3", null);

        List<PodProblem> problems = PodDiagnosis.diagnose(SPEC, List.of(bare, noMessage),
                List.of(claim("redis-data-redis-app-5", "Pending")), List.of(), StartGrace.NONE);

        assertThat(problems).extracting(PodProblem::describe).containsExactly(
                "redis-app-5: UnboundClaim: claim redis-data-redis-app-5 is not bound: not scheduled (the scheduler gave no"
                        + " message); what to do: " + problems.get(0).whatToDo(),
                "redis-app-3: Unschedulable: Unschedulable (the scheduler gave no message); what to do: "
                        + problems.get(1).whatToDo());
        assertThat(problems).allSatisfy(PodGraceTest::saidInWords);
    }

    @Test
    void eventsAndStatesWithoutMessageOrExitCodeAreSaidInWords() {
        Pod crashing = new PodBuilder(containerWaiting("redis-app-0", "uid-0", "redis:7.2", "CrashLoopBackOff", null))
                .editStatus().withPhase("Running").editContainerStatus(0).withRestartCount(2)
                    .withNewLastState().withNewTerminated().endTerminated().endLastState()
                .endContainerStatus().endStatus().build();
        Pod mounting = containerCreating("redis-app-2", "uid-2");
        Pod failing = containerCreating("redis-app-4", "uid-4");
        Event noMessage = new EventBuilder(onPod("e1", "redis-app-2", "uid-2", "FailedMount", null, "2026-12-02T04:00:05Z")).build();
        Event failed = onPod("e2", "redis-app-4", "uid-4", "Failed", " ", "2026-12-02T04:00:05Z");

        List<PodProblem> problems = PodDiagnosis.diagnose(SPEC, List.of(crashing, mounting, failing), List.of(),
                List.of(noMessage, failed), StartGrace.NONE);

        assertThat(problems).extracting(PodProblem::detail).containsExactly("CrashLoopBackOff (last exit code not known)",
                "(Kubernetes gave no message)", "(Kubernetes gave no message)");
        assertThat(problems).allSatisfy(PodGraceTest::saidInWords);
        assertThat(new PodProblem("redis-app-1", "ContainerFailed", null, "look").describe())
                .isEqualTo("redis-app-1: ContainerFailed: (Kubernetes gave no message); what to do: look");
    }

    @Test
    void aClaimEventWithoutReasonOrMessageIsSaidInWords() {
        ClusterSpec onAClass = Specs.withStorageClass("fast-ssd");
        Event bare = new EventBuilder().withNewMetadata().withName("e1").endMetadata()
                .withNewInvolvedObject().withKind("PersistentVolumeClaim").withName("redis-data-redis-app-2").endInvolvedObject()
                .withType("Normal").withLastTimestamp("2026-12-02T04:00:05Z").build();

        List<PodProblem> problems = PodDiagnosis.diagnose(onAClass, List.of(containerCreating("redis-app-2", "uid-2")),
                List.of(claim("redis-data-redis-app-2", "Pending")), List.of(bare), StartGrace.NONE);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.detail()).isEqualTo("claim redis-data-redis-app-2 of StorageClass fast-ssd is Pending: an Event"
                    + " without a reason: (Kubernetes gave no message)");
            saidInWords(problem);
        });
    }

    private static void saidInWords(PodProblem problem) {
        assertThat(problem.describe()).doesNotContainIgnoringCase("null").doesNotContain(": ;").doesNotContain(":  ");
    }
}
