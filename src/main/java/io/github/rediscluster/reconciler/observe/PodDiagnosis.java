package io.github.rediscluster.reconciler.observe;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.github.rediscluster.reconciler.desired.ClusterNames;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Why pods of the cluster cannot start, from what Kubernetes already says about them: the pod's status (scheduling,
 * containers waiting), its data claim, and the Events on the pod (the kubelet's mount failures). Pure: the caller
 * reads the objects, and only when some pod is not up (see {@link #needsDiagnosis}).
 *
 * <p>A pod of the spec that does not exist at all is looked up in the StatefulSet controller's FailedCreate Events
 * (a Pod Security level or a quota refusing it). For a pod that exists: at most one problem, the one that blocks it first: a container that cannot be pulled, configured or
 * kept running (its volumes are mounted by then), else a volume that cannot be mounted, else a pod that cannot be
 * scheduled (an unbound claim is the usual reason with pre-bound PVs). A pod that is merely on its way (just created,
 * pulling, waiting for its probe) has no problem.
 */
public final class PodDiagnosis {

    static final Set<String> IMAGE_PULL = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");
    static final Set<String> CONTAINER_CONFIG = Set.of("CreateContainerConfigError", "CreateContainerError", "RunContainerError");
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

    public static List<PodProblem> diagnose(ClusterSpec spec, List<Pod> pods, List<PersistentVolumeClaim> claims, List<Event> events) {
        Map<String, PersistentVolumeClaim> claimsByName = claims.stream()
                .collect(Collectors.toMap(claim -> claim.getMetadata().getName(), Function.identity(), (first, second) -> first));
        List<PodProblem> problems = new ArrayList<>();
        for (Pod pod : pods) {
            if (stuck(pod)) {
                int ordinal = ordinal(spec, pod);
                Optional<PersistentVolumeClaim> claim = Optional.ofNullable(claimsByName.get(ClusterNames.claimName(spec, ordinal)));
                ClaimProvisioning.diagnose(spec, pod.getMetadata().getName(), claim, events)
                        .or(() -> diagnose(new Subject(spec, pod, ordinal, eventsOf(pod, events)), claim))
                        .ifPresent(problems::add);
            }
        }
        problems.addAll(notCreated(spec, pods, events));
        return problems;
    }

    /** One pod under diagnosis, with what the advice needs to name. */
    private record Subject(ClusterSpec spec, Pod pod, int ordinal, List<Event> events) {

        String name() {
            return pod.getMetadata().getName();
        }

        String nfsPath() {
            return ClusterNames.nfsPath(spec, ordinal);
        }

        String server() {
            return spec.storage().nfsServer();
        }

        String describePod() {
            return "`kubectl -n " + spec.namespace() + " describe pod " + name() + "`";
        }

        PodProblem problem(String reason, String detail, String whatToDo) {
            return new PodProblem(name(), reason, oneLine(detail), whatToDo);
        }
    }

    private static Optional<PodProblem> diagnose(Subject subject, Optional<PersistentVolumeClaim> claim) {
        Optional<PodProblem> container = containerProblem(subject);
        if (container.isPresent() || containerEverStarted(subject.pod())) {
            return container;
        }
        return mountProblem(subject).or(() -> schedulingProblem(subject, claim)).or(() -> failedEvent(subject));
    }

    // ---- containers: pulled, configured, kept running ----

    private static Optional<PodProblem> containerProblem(Subject subject) {
        return containerStatuses(subject.pod())
                .map(status -> containerProblem(subject, status))
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static Optional<PodProblem> containerProblem(Subject subject, ContainerStatus status) {
        ContainerStateWaiting waiting = status.getState() == null ? null : status.getState().getWaiting();
        if (waiting == null || waiting.getReason() == null) {
            return Optional.empty();
        }
        String reason = waiting.getReason();
        String said = reason + (waiting.getMessage() == null ? "" : ": " + waiting.getMessage());
        if (IMAGE_PULL.contains(reason)) {
            return Optional.of(imageProblem(subject, said, status.getImage()));
        }
        if (CONTAINER_CONFIG.contains(reason)) {
            return Optional.of(subject.problem("ContainerConfigError", said, subject.describePod() + " shows what is missing;"
                    + " the container mounts ConfigMap " + subject.spec().configMap() + ", which the service writes every pass"
                    + " (if it is missing, readiness check cluster-objects says why)"));
        }
        if ("CrashLoopBackOff".equals(reason)) {
            return Optional.of(subject.problem("CrashLoopBackOff", said + lastExit(status), "read why redis-server exits: `kubectl -n "
                    + subject.spec().namespace() + " logs " + subject.name() + " --previous`. 'Permission denied' on "
                    + ClusterNames.DATA_DIR + " means the NFS directory " + subject.server() + ":" + subject.nfsPath()
                    + " is not writable from the pod: " + NFS_SETUP));
        }
        return Optional.empty();
    }

    private static PodProblem imageProblem(Subject subject, String said, String image) {
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
        return " (last exit code " + last.getExitCode() + (last.getReason() == null ? "" : ", " + last.getReason())
                + (last.getMessage() == null ? "" : ": " + last.getMessage()) + ")";
    }

    /** Once a container ran, its volumes were mounted: mount Events of this pod are history. */
    private static boolean containerEverStarted(Pod pod) {
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

    // ---- the NFS volume: the kubelet's FailedMount Events ----

    /** Mount failures, most specific first: a pod often has a precise "MountVolume.SetUp failed" and a vague timeout. */
    private enum MountFailure {
        NFS_ACCESS_DENIED("NfsAccessDenied", "access denied by server"),
        NFS_PATH_MISSING("NfsPathMissing", "No such file or directory"),
        NFS_CLIENT_MISSING("NfsClientMissing", "helper program"),
        NFS_UNREACHABLE("NfsServerUnreachable", "mount.nfs: Connection"),
        OTHER("FailedMount", "");

        final String reason;
        final String marker;

        MountFailure(String reason, String marker) {
            this.reason = reason;
            this.marker = marker;
        }

        static MountFailure of(String message) {
            for (MountFailure failure : values()) {
                if (message.contains(failure.marker)) {
                    return failure;
                }
            }
            return OTHER;
        }
    }

    private static Optional<PodProblem> mountProblem(Subject subject) {
        return subject.events().stream()
                .filter(event -> "FailedMount".equals(event.getReason()))
                .min(Comparator.comparing((Event event) -> MountFailure.of(message(event)))
                        .thenComparing(PodDiagnosis::when, Comparator.reverseOrder()))
                .map(event -> mountProblem(subject, MountFailure.of(message(event)), message(event)));
    }

    private static PodProblem mountProblem(Subject subject, MountFailure failure, String message) {
        String server = subject.server();
        String path = subject.nfsPath();
        String export = server + ":" + path;
        String whatToDo = switch (failure) {
            case NFS_ACCESS_DENIED -> "the NFS server " + server + " does not export " + path + " to this pod's node "
                    + node(subject.pod()) + ": add the line for " + path + " to /etc/exports on " + server
                    + " (with the nodes' network as clients) and run `exportfs -ra` there; " + NFS_SETUP;
            case NFS_PATH_MISSING -> "create the directory on the NFS server " + server + ": `mkdir -p " + path
                    + "`, then give it the owner and export of the others; " + NFS_SETUP;
            case NFS_CLIENT_MISSING -> "the node " + node(subject.pod()) + " cannot mount NFS: install the NFS client on"
                    + " every node (nfs-common on Debian and Ubuntu, nfs-utils on RHEL and Fedora)";
            case NFS_UNREACHABLE -> "the node " + node(subject.pod()) + " cannot reach the NFS server " + server
                    + ": check that the NFS server runs there (`systemctl status nfs-server`) and that TCP port 2049 (and 111"
                    + " for NFSv3) is open from the nodes to it";
            case OTHER -> "the pod's data volume (PV " + ClusterNames.persistentVolumeName(subject.spec(), subject.ordinal())
                    + ", NFS " + export + ") is not mounted yet; " + subject.describePod() + " shows the kubelet's messages;"
                    + " check that " + export + " exists and is exported to the nodes: " + NFS_SETUP;
        };
        return subject.problem(failure.reason, message, whatToDo);
    }

    // ---- scheduling: the claim bound, a node found ----

    private static Optional<PodProblem> schedulingProblem(Subject subject, Optional<PersistentVolumeClaim> claim) {
        Optional<String> refusal = condition(subject.pod(), "PodScheduled").filter(condition -> "False".equals(condition.getStatus()))
                .map(condition -> condition.getMessage() == null ? condition.getReason() + "" : condition.getMessage())
                .or(() -> latest(subject.events(), "FailedScheduling").map(PodDiagnosis::message));
        if (refusal.isEmpty()) {
            return Optional.empty();
        }
        boolean claimPending = claim.map(found -> found.getStatus() != null && "Pending".equals(found.getStatus().getPhase())).orElse(false);
        if (claimPending || refusal.get().contains("unbound")) {
            return Optional.of(unboundClaim(subject, refusal.get()));
        }
        return Optional.of(subject.problem("Unschedulable", refusal.get(), "no node can run the pod, for the reason the"
                + " scheduler gives: 'Insufficient cpu' or 'Insufficient memory' means lowering redis-cluster.resources.requests.*"
                + " or adding nodes; a taint or node affinity means no node accepts redis pods"));
    }

    private static PodProblem unboundClaim(Subject subject, String said) {
        String claim = ClusterNames.claimName(subject.spec(), subject.ordinal());
        String pv = ClusterNames.persistentVolumeName(subject.spec(), subject.ordinal());
        return subject.problem("UnboundClaim", "claim " + claim + " is not bound: " + said, "claim " + claim + " waits for PV "
                + pv + ", which the service creates pre-bound to it: `kubectl get pv " + pv + "` must show it Available or Bound to "
                + subject.spec().namespace() + "/" + claim + ". Released (an earlier claim of that name was deleted): remove the old"
                + " claim's uid with `kubectl patch pv " + pv + " --type json -p '[{\"op\":\"remove\",\"path\":\"/spec/claimRef/uid\"}]'`;"
                + " missing: readiness check cluster-objects says why the service could not create it");
    }

    // ---- anything else the kubelet gave up on ----

    private static Optional<PodProblem> failedEvent(Subject subject) {
        return latest(subject.events(), "Failed").map(event -> message(event).toLowerCase(Locale.ROOT).contains("image")
                ? imageProblem(subject, message(event), null)
                : subject.problem("ContainerFailed", message(event), subject.describePod() + " shows the kubelet's messages"));
    }

    // ---- pods the StatefulSet controller could not create ----

    /** "create Pod redis-app-3 in StatefulSet redis-app failed error: ...", "create Claim ... for Pod redis-app-3 in ...". */
    private static final Pattern FAILED_CREATE = Pattern.compile("(?:create Pod|for Pod) (\\S+) in StatefulSet ");

    private static List<PodProblem> notCreated(ClusterSpec spec, List<Pod> pods, List<Event> events) {
        Set<String> missing = missingPods(spec, pods).collect(Collectors.toSet());
        Map<String, Event> latestByPod = new TreeMap<>();
        events.stream()
                .filter(event -> "FailedCreate".equals(event.getReason()) && event.getInvolvedObject() != null
                        && "StatefulSet".equals(event.getInvolvedObject().getKind()) && spec.name().equals(event.getInvolvedObject().getName()))
                .forEach(event -> {
                    Matcher named = FAILED_CREATE.matcher(message(event));
                    // Only for a pod still missing: the controller's Events outlive the problem by an hour.
                    if (named.find() && missing.contains(named.group(1))) {
                        latestByPod.merge(named.group(1), event, (one, other) -> when(one).isAfter(when(other)) ? one : other);
                    }
                });
        return latestByPod.entrySet().stream().map(entry -> notCreated(spec, entry.getKey(), message(entry.getValue()))).toList();
    }

    private static PodProblem notCreated(ClusterSpec spec, String pod, String message) {
        String namespace = spec.namespace();
        if (message.contains("violates PodSecurity")) {
            return new PodProblem(pod, "PodSecurity", oneLine(message), "the namespace " + namespace + " enforces a Pod Security"
                    + " level that refuses the redis pods (they run as root, with no securityContext): allow baseline there"
                    + " (`kubectl label namespace " + namespace + " pod-security.kubernetes.io/enforce=baseline --overwrite`)"
                    + " or run the cluster in a namespace that does");
        }
        if (message.contains("exceeded quota")) {
            return new PodProblem(pod, "QuotaExceeded", oneLine(message), "a ResourceQuota of " + namespace + " is used up (`kubectl -n "
                    + namespace + " describe resourcequota`): raise it, or lower redis-cluster.resources.requests.* and .limits.*");
        }
        return new PodProblem(pod, "FailedCreate", oneLine(message), "the StatefulSet controller could not create it: `kubectl -n "
                + namespace + " describe statefulset " + spec.name() + "` shows its messages");
    }

    private static Stream<String> missingPods(ClusterSpec spec, List<Pod> pods) {
        Set<String> listed = pods.stream().map(pod -> pod.getMetadata().getName()).collect(Collectors.toSet());
        return IntStream.range(0, spec.podCount()).mapToObj(ordinal -> ClusterNames.podName(spec, ordinal))
                .filter(name -> !listed.contains(name));
    }

    // ---- helpers ----

    /** A pod is up when Running and Ready; a terminating one is going away and is not looked at. */
    static boolean stuck(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        boolean running = pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
        return !(running && condition(pod, "Ready").map(ready -> "True".equals(ready.getStatus())).orElse(false));
    }

    private static Optional<PodCondition> condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(condition -> type.equals(condition.getType())).findFirst();
    }

    /** The pods given are the StatefulSet's ({@link io.github.rediscluster.reconciler.observe.ClusterPods#list}). */
    private static int ordinal(ClusterSpec spec, Pod pod) {
        return ClusterNames.ordinal(spec, pod.getMetadata().getName()).orElseThrow();
    }

    private static String node(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "(not known)" : pod.getSpec().getNodeName();
    }

    /** Events on this very pod: same name, and same uid when both say one (a pod re-made under the name is another pod). */
    private static List<Event> eventsOf(Pod pod, List<Event> events) {
        String uid = pod.getMetadata().getUid();
        return events.stream().filter(event -> {
            ObjectReference about = event.getInvolvedObject();
            return about != null && "Pod".equals(about.getKind()) && pod.getMetadata().getName().equals(about.getName())
                    && (uid == null || about.getUid() == null || uid.equals(about.getUid()));
        }).toList();
    }

    private static Optional<Event> latest(List<Event> events, String reason) {
        return events.stream().filter(event -> reason.equals(event.getReason())).max(Comparator.comparing(PodDiagnosis::when));
    }

    static Instant when(Event event) {
        return Stream.of(event.getLastTimestamp(), event.getEventTime() == null ? null : event.getEventTime().getTime(),
                        event.getFirstTimestamp(), event.getMetadata() == null ? null : event.getMetadata().getCreationTimestamp())
                .filter(Objects::nonNull).findFirst().map(PodDiagnosis::instant).orElse(Instant.EPOCH);
    }

    private static Instant instant(String timestamp) {
        try {
            return OffsetDateTime.parse(timestamp).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static String message(Event event) {
        return event.getMessage() == null ? "" : event.getMessage();
    }

    /** Kubelet messages span lines (mount command, arguments, output); readiness and Events want one. */
    static String oneLine(String text) {
        return text.replaceAll("\\s*\\n\\s*", " ").trim();
    }
}
