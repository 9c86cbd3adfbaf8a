package io.github.rediscluster.reconciler.observe;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.github.rediscluster.reconciler.desired.ClusterNames;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.List;

/** One pod under diagnosis ({@link PodDiagnosis}), with what the advice needs to name, and the Events on it. */
record PodSubject(ClusterSpec spec, Pod pod, int ordinal, List<Event> events) {

    String name() {
        return pod.getMetadata().getName();
    }

    String nfsPath() {
        return ClusterNames.nfsPath(spec, ordinal);
    }

    String server() {
        return spec.storage().nfsServer();
    }

    String node() {
        return pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "(not known)" : pod.getSpec().getNodeName();
    }

    String describePod() {
        return "`kubectl -n " + spec.namespace() + " describe pod " + name() + "`";
    }

    PodProblem problem(String reason, String detail, String whatToDo) {
        return new PodProblem(name(), reason, PodEvents.oneLine(detail), whatToDo);
    }
}
