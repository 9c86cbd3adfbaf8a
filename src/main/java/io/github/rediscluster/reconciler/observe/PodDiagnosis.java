package io.github.rediscluster.reconciler.observe;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.github.rediscluster.reconciler.desired.ClusterNames;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Why pods of the cluster cannot start, from what Kubernetes already says about them: the pod's status (scheduling,
 * containers waiting), its data claim, and the Events on the pod (the kubelet's mount failures). Pure: the caller
 * reads the objects, and only when some pod is not up (see {@link #needsDiagnosis}).
 *
 * <p>A pod of the spec that does not exist at all is looked up in the StatefulSet controller's FailedCreate Events
 * ({@link CreateFailures}). For a pod that exists: at most one problem, the one that blocks it first: a container that
 * cannot be pulled, configured or kept running ({@link ContainerProblems}; its volumes are mounted by then), else a volume
 * that cannot be mounted ({@link MountProblems}), else a pod that cannot be scheduled ({@link SchedulingProblems}; an
 * unbound claim is the usual reason with pre-bound PVs), else whatever else the kubelet gave up on. A pod that is merely
 * on its way (just created, pulling, waiting for its probe) has no problem, and neither has a pod younger than the
 * {@link StartGrace}: whatever holds it up is most likely the scheduler and the binder doing their work. A pod that does
 * not exist is not given that grace: the StatefulSet controller's FailedCreate is a refusal, not a step on the way.
 */
public final class PodDiagnosis {

    static final String NFS_SETUP = "GET /nfs-setup on this service prints the commands for this spec";

    private PodDiagnosis() {
    }

    /**
     * Whether the pass should look for reasons: some pod that is not going away is not Running and Ready, or fewer pods
     * exist than the spec asks.
     */
    public static boolean needsDiagnosis(ClusterSpec spec, List<Pod> pods) {
        return pods.stream().anyMatch(PodDiagnosis::stuck) || missingPods(spec, pods).findAny().isPresent();
    }

    public static List<PodProblem> diagnose(ClusterSpec spec, List<Pod> pods, List<PersistentVolumeClaim> claims, List<Event> events,
            StartGrace grace) {
        Map<String, PersistentVolumeClaim> claimsByName = claims.stream()
                .collect(Collectors.toMap(claim -> claim.getMetadata().getName(), Function.identity(), (first, second) -> first));
        List<PodProblem> problems = new ArrayList<>();
        for (Pod pod : pods) {
            if (stuck(pod) && !grace.onItsWay(pod)) {
                int ordinal = ordinal(spec, pod);
                Optional<PersistentVolumeClaim> claim = Optional.ofNullable(claimsByName.get(ClusterNames.claimName(spec, ordinal)));
                ClaimProvisioning.diagnose(spec, pod.getMetadata().getName(), claim, events)
                        .or(() -> diagnose(new PodSubject(spec, pod, ordinal, PodEvents.of(pod, events)), claim))
                        .ifPresent(problems::add);
            }
        }
        problems.addAll(CreateFailures.of(spec, missingPods(spec, pods).collect(Collectors.toSet()), events));
        return problems;
    }

    /** The problem that blocks the pod first, in the order Kubernetes gets a pod going. */
    private static Optional<PodProblem> diagnose(PodSubject subject, Optional<PersistentVolumeClaim> claim) {
        Optional<PodProblem> container = ContainerProblems.of(subject);
        if (container.isPresent() || ContainerProblems.everStarted(subject.pod())) {
            return container;
        }
        return MountProblems.of(subject).or(() -> SchedulingProblems.of(subject, claim))
                .or(() -> ContainerProblems.failedEvent(subject));
    }

    private static Stream<String> missingPods(ClusterSpec spec, List<Pod> pods) {
        Set<String> listed = pods.stream().map(pod -> pod.getMetadata().getName()).collect(Collectors.toSet());
        return IntStream.range(0, spec.podCount()).mapToObj(ordinal -> ClusterNames.podName(spec, ordinal))
                .filter(name -> !listed.contains(name));
    }

    /** A pod is up when Running and Ready; a terminating one is going away and is not looked at. */
    static boolean stuck(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        boolean running = pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
        return !(running && condition(pod, "Ready").map(ready -> "True".equals(ready.getStatus())).orElse(false));
    }

    static Optional<PodCondition> condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(condition -> type.equals(condition.getType())).findFirst();
    }

    /** The pods given are the StatefulSet's ({@link ClusterPods#list}). */
    private static int ordinal(ClusterSpec spec, Pod pod) {
        return ClusterNames.ordinal(spec, pod.getMetadata().getName()).orElseThrow();
    }
}
