package io.github.rediscluster.reconciler.observe;

/**
 * Why a redis-server pod of the cluster cannot start, and what the user can do about it.
 *
 * @param pod the pod's name
 * @param reason a short CamelCase cause, e.g. {@code NfsAccessDenied}: with the pod, what makes a problem "the same"
 * @param detail what Kubernetes said (the kubelet's or the scheduler's message), on one line
 * @param whatToDo the step for the user, naming the exact server, path, PV or key involved
 */
public record PodProblem(String pod, String reason, String detail, String whatToDo) {

    public PodProblem {
        // Whatever Kubernetes left out is said in words: a line never reads "null" or ends in ": ".
        detail = detail == null || detail.isBlank() ? PodEvents.NO_MESSAGE : detail;
    }

    /** Kubelet mount messages run to several hundred characters; an Event holds at most 1024. */
    static final int MAX_DETAIL = 400;

    /** The same problem on a later pass has the same key, even when the kubelet's wording (a timeout, a count) varies. */
    public String key() {
        return pod + ": " + reason;
    }

    /** One line for readiness, the log and the Event: pod, cause, what Kubernetes said, what to do. */
    public String describe() {
        String said = detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL - 3) + "...";
        return pod + ": " + reason + ": " + said + "; what to do: " + whatToDo;
    }
}
