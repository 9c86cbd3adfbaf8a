package io.github.rediscluster.reconciler.observe;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.TreeMap;

/**
 * Which pod template each pod was made from, as the StatefulSet controller labels it ({@code controller-revision-hash}),
 * and the revision of the StatefulSet's current template ({@code status.updateRevision}). A pod is outdated when its
 * label differs: with updateStrategy OnDelete the controller leaves such pods as they are, and the reconciler restarts
 * them. {@code status.currentRevision} is of no use here: with OnDelete, Kubernetes (up to 1.35 at least) never moves
 * it on.
 *
 * @param updateRevision the revision of the current template; empty when the StatefulSet does not exist
 * @param byPod each pod's revision label, by pod name (empty for a pod without one: made by another hand)
 * @param controllerCaughtUp the controller has seen the StatefulSet's latest spec (status.observedGeneration has
 *        reached metadata.generation), so updateRevision is the revision of the template this pass applied
 * @param unready pods the kubelet does not report Ready: for Kubernetes (the disruption budget, the Services) they
 *        are down, even when their redis-server already answers
 */
public record PodRevisions(String updateRevision, Map<String, String> byPod, boolean controllerCaughtUp, Set<String> unready) {

    public static final String LABEL = "controller-revision-hash";
    public static final PodRevisions NONE = new PodRevisions("", Map.of(), true, Set.of());

    public PodRevisions {
        byPod = Map.copyOf(byPod);
        unready = Set.copyOf(unready);
    }

    /** All pods Ready. */
    public PodRevisions(String updateRevision, Map<String, String> byPod, boolean controllerCaughtUp) {
        this(updateRevision, byPod, controllerCaughtUp, Set.of());
    }

    public static PodRevisions of(Optional<StatefulSet> statefulSet, Iterable<Pod> pods) {
        if (statefulSet.isEmpty() || statefulSet.get().getStatus() == null) {
            // No controller has reported on it yet: it has made no pod either, so there is nothing to roll.
            return new PodRevisions("", labels(pods), true, unready(pods));
        }
        StatefulSet set = statefulSet.get();
        Long generation = set.getMetadata().getGeneration();
        Long observed = set.getStatus().getObservedGeneration();
        boolean caughtUp = generation == null || observed != null && observed >= generation;
        String update = set.getStatus().getUpdateRevision();
        return new PodRevisions(update == null ? "" : update, labels(pods), caughtUp, unready(pods));
    }

    /**
     * The same from the StatefulSet as JSON, as the objects side of the pass read it (it need not be read twice).
     */
    public static PodRevisions of(JsonNode statefulSet, Iterable<Pod> pods) {
        JsonNode status = statefulSet.path("status");
        if (status.isMissingNode() || status.isNull()) {
            return new PodRevisions("", labels(pods), true, unready(pods));
        }
        JsonNode generation = statefulSet.path("metadata").path("generation");
        JsonNode observed = status.path("observedGeneration");
        boolean caughtUp = !generation.isNumber() || observed.isNumber() && observed.asLong() >= generation.asLong();
        return new PodRevisions(status.path("updateRevision").asText(""), labels(pods), caughtUp, unready(pods));
    }

    private static Set<String> unready(Iterable<Pod> pods) {
        Set<String> unready = new TreeSet<>();
        for (Pod pod : pods) {
            boolean ready = pod.getStatus() != null && pod.getStatus().getConditions().stream()
                    .anyMatch(condition -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
            if (!ready) {
                unready.add(pod.getMetadata().getName());
            }
        }
        return unready;
    }

    private static Map<String, String> labels(Iterable<Pod> pods) {
        Map<String, String> labels = new TreeMap<>();
        for (Pod pod : pods) {
            Map<String, String> podLabels = pod.getMetadata().getLabels();
            labels.put(pod.getMetadata().getName(), podLabels == null ? "" : podLabels.getOrDefault(LABEL, ""));
        }
        return labels;
    }

    /** The pod exists and was made from another template than the current one. */
    public boolean outdated(String pod) {
        return !updateRevision.isEmpty() && byPod.containsKey(pod) && !updateRevision.equals(byPod.get(pod));
    }
}
