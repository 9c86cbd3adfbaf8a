package io.github.rediscluster.reconciler.observe;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.github.rediscluster.reconciler.desired.ClusterNames;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Why a pod's containers do not run: the image cannot be pulled, the container cannot be configured or keeps exiting. */
final class ContainerProblems {

    static final Set<String> IMAGE_PULL = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");
    static final Set<String> CONTAINER_CONFIG = Set.of("CreateContainerConfigError", "CreateContainerError", "RunContainerError");

    private ContainerProblems() {
    }

    /** The first container that waits for a reason it will not get past by itself. */
    static Optional<PodProblem> of(PodSubject subject) {
        return containerStatuses(subject.pod())
                .map(status -> containerProblem(subject, status))
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static Optional<PodProblem> containerProblem(PodSubject subject, ContainerStatus status) {
        ContainerStateWaiting waiting = status.getState() == null ? null : status.getState().getWaiting();
        if (waiting == null || waiting.getReason() == null) {
            return Optional.empty();
        }
        String reason = waiting.getReason();
        String said = reason + (waiting.getMessage() == null || waiting.getMessage().isBlank() ? "" : ": " + waiting.getMessage());
        if (IMAGE_PULL.contains(reason)) {
            return Optional.of(imageProblem(subject, said, status.getImage()));
        }
        if (CONTAINER_CONFIG.contains(reason)) {
            return Optional.of(subject.problem("ContainerConfigError", said, subject.describePod() + " shows what is missing;"
                    + " the container mounts ConfigMap " + subject.spec().configMap() + ", which the service writes every pass"
                    + " (if it is missing, readiness check cluster-objects says why)"));
        }
        if ("CrashLoopBackOff".equals(reason)) { // its last log lines are in the status (FallbackToLogsOnError)
            String uid = subject.spec().security().runAsUser() + ":" + subject.spec().security().fsGroup();
            return Optional.of(lastExit(status).contains("Permission denied") ? subject.problem("DataNotWritable",
                    said + lastExit(status), "redis-server (uid:gid " + uid + ") may not write the NFS directory " + subject.server()
                    + ":" + subject.nfsPath() + ": on the NFS server, `chown -R " + uid + "` it (root_squash keeps root on the"
                    + " nodes from doing so); " + PodDiagnosis.NFS_SETUP) : subject.problem("CrashLoopBackOff", said + lastExit(status),
                    "read why redis-server exits: `kubectl -n " + subject.spec().namespace() + " logs " + subject.name() + " --previous`"));
        }
        return Optional.empty();
    }

    private static PodProblem imageProblem(PodSubject subject, String said, String image) {
        String shown = image == null || image.isBlank() ? subject.spec().image() : image;
        return subject.problem("ImagePullFailed", said, "the node cannot pull image '" + shown + "' (redis-cluster.image is '"
                + subject.spec().image() + "'): check that the name and tag exist and that the nodes can reach the registry"
                + " without credentials; correct redis-cluster.image in the spec and the next pass rolls the pods");
    }

    private static String lastExit(ContainerStatus status) {
        ContainerStateTerminated last = status.getLastState() == null ? null : status.getLastState().getTerminated();
        if (last == null) {
            return "";
        }
        return " (last exit code " + (last.getExitCode() == null ? "not known" : last.getExitCode())
                + (last.getReason() == null ? "" : ", " + last.getReason())
                + (last.getMessage() == null ? "" : ": " + last.getMessage()) + ")";
    }

    /** Once a container ran, its volumes were mounted: mount Events of this pod are history. */
    static boolean everStarted(Pod pod) {
        return containerStatuses(pod).anyMatch(status -> status.getRestartCount() != null && status.getRestartCount() > 0
                || status.getState() != null && (status.getState().getRunning() != null || status.getState().getTerminated() != null));
    }

    private static Stream<ContainerStatus> containerStatuses(Pod pod) {
        if (pod.getStatus() == null) {
            return Stream.empty();
        }
        return Stream.concat(Stream.ofNullable(pod.getStatus().getInitContainerStatuses()).flatMap(List::stream),
                Stream.ofNullable(pod.getStatus().getContainerStatuses()).flatMap(List::stream));
    }

    /** Anything else the kubelet gave up on. */
    static Optional<PodProblem> failedEvent(PodSubject subject) {
        return PodEvents.latest(subject.events(), "Failed").map(event -> PodEvents.message(event).toLowerCase(Locale.ROOT).contains("image")
                ? imageProblem(subject, PodEvents.message(event), null)
                : subject.problem("ContainerFailed", PodEvents.message(event), subject.describePod() + " shows the kubelet's messages"));
    }
}
