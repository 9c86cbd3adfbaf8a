package io.github.rediscluster.reconciler.observe;

import static io.github.rediscluster.reconciler.testing.StuckPods.MOUNT_TIMEOUT;
import static io.github.rediscluster.reconciler.testing.StuckPods.accessDenied;
import static io.github.rediscluster.reconciler.testing.StuckPods.claim;
import static io.github.rediscluster.reconciler.testing.StuckPods.containerCreating;
import static io.github.rediscluster.reconciler.testing.StuckPods.containerWaiting;
import static io.github.rediscluster.reconciler.testing.StuckPods.onPod;
import static io.github.rediscluster.reconciler.testing.StuckPods.onStatefulSet;
import static io.github.rediscluster.reconciler.testing.StuckPods.pathMissing;
import static io.github.rediscluster.reconciler.testing.StuckPods.runningReady;
import static io.github.rediscluster.reconciler.testing.StuckPods.unscheduled;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.Specs;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PodDiagnosisTest {

    private static final ClusterSpec SPEC = Specs.classic();

    private static List<PodProblem> diagnose(List<Pod> pods, List<PersistentVolumeClaim> claims, List<Event> events) {
        return PodDiagnosis.diagnose(SPEC, pods, claims, events, StartGrace.NONE);
    }

    @Test
    void anNfsExportThatRefusesTheNodeNamesTheServerTheExactPathAndTheSetUp() {
        List<PodProblem> problems = diagnose(List.of(containerCreating("redis-app-2", "uid-2")), List.of(claim("redis-data-redis-app-2", "Bound")),
                List.of(onPod("e1", "redis-app-2", "uid-2", "FailedMount", MOUNT_TIMEOUT, "2026-11-26T10:02:00Z"),
                        onPod("e2", "redis-app-2", "uid-2", "FailedMount", accessDenied(3), "2026-11-26T10:01:00Z")));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.pod()).isEqualTo("redis-app-2");
            assertThat(problem.reason()).isEqualTo("NfsAccessDenied");
            assertThat(problem.detail()).as("one line").doesNotContain("\n")
                    .contains("mount.nfs: access denied by server while mounting 192.168.184.122:/usr/local/k8s/redis/pv3");
            assertThat(problem.whatToDo()).contains("192.168.184.122 does not export /usr/local/k8s/redis/pv3 to this pod's node node-2")
                    .contains("/etc/exports").contains("exportfs -ra").contains("GET /nfs-setup");
        });
    }

    @Test
    void aMissingExportDirectoryGetsItsMkdir() {
        List<PodProblem> problems = diagnose(List.of(containerCreating("redis-app-0", "uid-0")), List.of(),
                List.of(onPod("e1", "redis-app-0", "uid-0", "FailedMount", pathMissing(1), "2026-11-26T10:01:00Z")));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo("NfsPathMissing");
            assertThat(problem.whatToDo()).contains("on the NFS server 192.168.184.122: `mkdir -p /usr/local/k8s/redis/pv1`");
        });
    }

    @Test
    void onlyTheVagueTimeoutStillPointsAtTheVolumeAndItsExport() {
        List<PodProblem> problems = diagnose(List.of(containerCreating("redis-app-4", "uid-4")), List.of(),
                List.of(onPod("e1", "redis-app-4", "uid-4", "FailedMount", MOUNT_TIMEOUT, "2026-11-26T10:01:00Z")));

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo("FailedMount");
            assertThat(problem.whatToDo()).contains("PV nfs-pv5, NFS 192.168.184.122:/usr/local/k8s/redis/pv5");
        });
    }

    @Test
    void anImagePullErrorNamesTheImageAndTheSpecKey() {
        Pod pod = containerWaiting("redis-app-1", "uid-1", "redis:7.2-typo", "ImagePullBackOff",
                "Back-off pulling image \"redis:7.2-typo\"");

        List<PodProblem> problems = diagnose(List.of(pod), List.of(), List.of());

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo("ImagePullFailed");
            assertThat(problem.detail()).isEqualTo("ImagePullBackOff: Back-off pulling image \"redis:7.2-typo\"");
            assertThat(problem.whatToDo()).contains("image 'redis:7.2-typo'").contains("redis-cluster.image");
        });
    }

    @Test
    void anUnboundClaimNamesThePreBoundVolumeToCheck() {
        Pod pod = unscheduled("redis-app-5", "uid-5",
                "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available:"
                        + " 3 Preemption is not helpful for scheduling.");

        List<PodProblem> problems = diagnose(List.of(pod), List.of(claim("redis-data-redis-app-5", "Pending")), List.of());

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo("UnboundClaim");
            assertThat(problem.detail()).startsWith("claim redis-data-redis-app-5 is not bound: 0/3 nodes are available");
            assertThat(problem.whatToDo()).contains("waits for PV nfs-pv6").contains("kubectl get pv nfs-pv6")
                    .contains("Bound to default/redis-data-redis-app-5").contains("/spec/claimRef/uid");
        });
    }

    @Test
    void tooLittleMemoryIsUnschedulableNotAClaimProblem() {
        Pod pod = unscheduled("redis-app-3", "uid-3", "0/3 nodes are available: 3 Insufficient memory.");

        assertThat(diagnose(List.of(pod), List.of(claim("redis-data-redis-app-3", "Bound")), List.of()))
                .singleElement().satisfies(problem -> assertThat(problem.reason()).isEqualTo("Unschedulable"));
    }

    @Test
    void aCrashingContainerPointsAtItsLog() {
        Pod pod = new PodBuilder(containerWaiting("redis-app-0", "uid-0", "redis:7.2", "CrashLoopBackOff",
                "back-off 40s restarting failed container=redis pod=redis-app-0_default(uid-0)"))
                .editStatus().withPhase("Running").editContainerStatus(0).withRestartCount(3)
                    .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated().endLastState()
                .endContainerStatus().endStatus().build();

        assertThat(diagnose(List.of(pod), List.of(), List.of())).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo("CrashLoopBackOff");
            assertThat(problem.detail()).endsWith("(last exit code 1, Error)");
            assertThat(problem.whatToDo()).contains("logs redis-app-0 --previous");
        });
    }

    /** The last log lines come with the status (FallbackToLogsOnError): the line as 7.0.15 logs a data dir it cannot write. */
    @Test
    void aCrashOnPermissionDeniedNamesTheNfsDirectoryAndItsOwner() {
        Pod pod = new PodBuilder(containerWaiting("redis-app-0", "uid-0", "redis:7.2", "CrashLoopBackOff",
                "back-off 40s restarting failed container=redis pod=redis-app-0_default(uid-0)"))
                .editStatus().withPhase("Running").editContainerStatus(0).withRestartCount(3)
                    .withNewLastState().withNewTerminated().withExitCode(1).withReason("Error").withMessage("1:M 02 Dec 2026"
                            + " 01:30:00.000 # Can't open the append-only file: Permission denied\n").endTerminated().endLastState()
                .endContainerStatus().endStatus().build();

        assertThat(diagnose(List.of(pod), List.of(), List.of())).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo("DataNotWritable");
            assertThat(problem.detail()).contains("Permission denied");
            assertThat(problem.whatToDo()).contains("uid:gid 999:999").contains("192.168.184.122:/usr/local/k8s/redis/pv1")
                    .contains("chown -R 999:999").contains("/nfs-setup");
        });
    }

    @Test
    void eventsOfAnEarlierPodOfTheSameNameOrOfAStartedContainerAreHistory() {
        Pod recreated = containerCreating("redis-app-2", "uid-new");
        Pod startedNotReady = new PodBuilder(runningReady("redis-app-3", "uid-3")).editStatus().withConditions()
                .addNewContainerStatus().withName("redis").withRestartCount(0).withNewState().withNewRunning().endRunning().endState()
                .endContainerStatus().endStatus().build();
        List<Event> events = List.of(onPod("e1", "redis-app-2", "uid-old", "FailedMount", accessDenied(3), "2026-11-26T10:01:00Z"),
                onPod("e2", "redis-app-3", "uid-3", "FailedMount", accessDenied(4), "2026-11-26T10:01:00Z"));

        assertThat(diagnose(List.of(recreated, startedNotReady), List.of(), events)).isEmpty();
    }

    @Test
    void aPodOnItsWayHasNoProblemAndReadyPodsNeedNoLook() {
        assertThat(diagnose(List.of(containerCreating("redis-app-0", "uid-0")), List.of(claim("redis-data-redis-app-0", "Bound")),
                List.of())).isEmpty();
        List<Pod> sixReady = IntStream.range(0, 6).mapToObj(ordinal -> runningReady("redis-app-" + ordinal, "uid-" + ordinal)).toList();
        assertThat(PodDiagnosis.needsDiagnosis(SPEC, sixReady)).isFalse();
        assertThat(PodDiagnosis.needsDiagnosis(SPEC, sixReady.subList(0, 5))).as("one missing").isTrue();
        List<Pod> oneCreating = new ArrayList<>(sixReady);
        oneCreating.set(1, containerCreating("redis-app-1", "uid-1"));
        assertThat(PodDiagnosis.needsDiagnosis(SPEC, oneCreating)).isTrue();
    }

    @Test
    void aPodThatPodSecurityRefusesIsNamedFromTheStatefulSetsEventsWhileItIsMissing() {
        String refused = "create Pod redis-app-0 in StatefulSet redis-app failed error: pods \"redis-app-0\" is forbidden: violates"
                + " PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"redis\" must set"
                + " securityContext.allowPrivilegeEscalation=false), runAsNonRoot != true (pod or container \"redis\" must set"
                + " securityContext.runAsNonRoot=true)";
        List<Event> events = List.of(onStatefulSet("e1", "FailedCreate", refused, "2026-11-26T10:01:00Z"),
                onStatefulSet("e2", "FailedCreate", refused.replace("redis-app-0", "redis-app-1"), "2026-11-26T10:01:00Z"));

        List<PodProblem> problems = diagnose(List.of(runningReady("redis-app-1", "uid-1")), List.of(), events);

        assertThat(problems).as("redis-app-1 exists by now: its Event is history").singleElement().satisfies(problem -> {
            assertThat(problem.pod()).isEqualTo("redis-app-0");
            assertThat(problem.reason()).isEqualTo("PodSecurity");
            assertThat(problem.whatToDo()).contains("made to pass restricted").contains("names the field at fault");
        });
    }

    @Test
    void aQuotaThatRefusesAClaimOrAPodIsNamed() {
        String quota = "create Claim redis-data-redis-app-4 for Pod redis-app-4 in StatefulSet redis-app failed error:"
                + " persistentvolumeclaims \"redis-data-redis-app-4\" is forbidden: exceeded quota: storage, requested:"
                + " requests.storage=200M, used: requests.storage=1G, limited: requests.storage=1G";

        assertThat(diagnose(List.of(), List.of(), List.of(onStatefulSet("e1", "FailedCreate", quota, "2026-11-26T10:01:00Z"))))
                .singleElement().satisfies(problem -> {
                    assertThat(problem.pod()).isEqualTo("redis-app-4");
                    assertThat(problem.reason()).isEqualTo("QuotaExceeded");
                    assertThat(problem.whatToDo()).contains("kubectl -n default describe resourcequota");
                });
    }

    @Test
    void aProblemIsDescribedOnOneLineWithALongDetailCut() {
        PodProblem problem = new PodProblem("redis-app-2", "NfsAccessDenied", "x".repeat(1000), "run exportfs -ra");

        assertThat(problem.describe()).startsWith("redis-app-2: NfsAccessDenied: xxx").endsWith("...; what to do: run exportfs -ra")
                .hasSizeLessThan(500);
        assertThat(problem.key()).isEqualTo("redis-app-2: NfsAccessDenied");
    }
}
