package io.github.rediscluster.reconciler.observe;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Everything one pass read from Redis: every pod of the StatefulSet (by ordinal) and, for slots that are
 * uncovered or open, how many keys each node holds in them (slot to NodeId to count).
 */
public record ObservedCluster(List<ObservedPod> pods, Map<Integer, Map<String, Long>> keysInSlots) {

    public ObservedCluster {
        pods = pods.stream().sorted(Comparator.comparingInt(pod -> pod.pod().ordinal())).toList();
        keysInSlots = Map.copyOf(keysInSlots);
    }

    public ObservedCluster(List<ObservedPod> pods) {
        this(pods, Map.of());
    }
}
