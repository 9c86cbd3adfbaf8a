package io.github.rediscluster.reconciler.observe;

import io.fabric8.kubernetes.api.model.Event;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a pod of the spec does not exist at all: the StatefulSet controller's FailedCreate Events (a Pod Security level or
 * a quota refusing it).
 */
final class CreateFailures {

    private CreateFailures() {
    }

    /** "create Pod redis-app-3 in StatefulSet redis-app failed error: ...", "create Claim ... for Pod redis-app-3 in ...". */
    private static final Pattern FAILED_CREATE = Pattern.compile("(?:create Pod|for Pod) (\\S+) in StatefulSet ");

    static List<PodProblem> of(ClusterSpec spec, Set<String> missing, List<Event> events) {
        Map<String, Event> latestByPod = new TreeMap<>();
        events.stream()
                .filter(event -> "FailedCreate".equals(event.getReason()) && event.getInvolvedObject() != null
                        && "StatefulSet".equals(event.getInvolvedObject().getKind()) && spec.name().equals(event.getInvolvedObject().getName()))
                .forEach(event -> {
                    Matcher named = FAILED_CREATE.matcher(PodEvents.message(event));
                    // Only for a pod still missing: the controller's Events outlive the problem by an hour.
                    if (named.find() && missing.contains(named.group(1))) {
                        latestByPod.merge(named.group(1), event, (one, other) -> PodEvents.when(one).isAfter(PodEvents.when(other)) ? one : other);
                    }
                });
        return latestByPod.entrySet().stream().map(entry -> problem(spec, entry.getKey(), PodEvents.message(entry.getValue()))).toList();
    }

    private static PodProblem problem(ClusterSpec spec, String pod, String message) {
        String namespace = spec.namespace();
        if (message.contains("violates PodSecurity")) {
            return new PodProblem(pod, "PodSecurity", PodEvents.oneLine(message), "the namespace " + namespace + " enforces a Pod"
                    + " Security level that refuses the redis pods, made to pass restricted: the message names the field at fault"
                    + " (a webhook adding to them?)");
        }
        if (message.contains("exceeded quota")) {
            return new PodProblem(pod, "QuotaExceeded", PodEvents.oneLine(message), "a ResourceQuota of " + namespace + " is used up (`kubectl -n "
                    + namespace + " describe resourcequota`): raise it, or lower redis-cluster.resources.requests.* and .limits.*");
        }
        return new PodProblem(pod, "FailedCreate", PodEvents.oneLine(message), "the StatefulSet controller could not create it: `kubectl -n "
                + namespace + " describe statefulset " + spec.name() + "` shows its messages");
    }
}
