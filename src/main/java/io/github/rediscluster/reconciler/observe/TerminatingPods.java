package io.github.rediscluster.reconciler.observe;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Pods being deleted (deletionTimestamp set) by name, with the pod IP they still have (empty when none). */
public final class TerminatingPods {

    private TerminatingPods() {
    }

    public static Map<String, String> of(List<Pod> pods) {
        Map<String, String> terminating = new TreeMap<>();
        pods.stream().filter(pod -> pod.getMetadata().getDeletionTimestamp() != null).forEach(pod -> terminating.put(
                pod.getMetadata().getName(), pod.getStatus() == null || pod.getStatus().getPodIP() == null ? ""
                        : pod.getStatus().getPodIP()));
        return terminating;
    }
}
