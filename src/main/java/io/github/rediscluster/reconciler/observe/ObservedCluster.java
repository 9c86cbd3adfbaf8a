package io.github.rediscluster.reconciler.observe;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Everything one pass read from Redis: every pod of the StatefulSet (by ordinal), for slots that are uncovered or
 * open how many keys each node holds in them (slot to NodeId to count), and what CONFIG GET answered on each pod that
 * answered the reads (by ordinal; none when no directive was asked for).
 */
public record ObservedCluster(List<ObservedPod> pods, Map<Integer, Map<String, Long>> keysInSlots, List<PodConfig> configs) {

    public ObservedCluster {
        pods = pods.stream().sorted(Comparator.comparingInt(pod -> pod.pod().ordinal())).toList();
        keysInSlots = Map.copyOf(keysInSlots);
        configs = configs.stream().sorted(Comparator.comparingInt(config -> config.pod().ordinal())).toList();
    }

    public ObservedCluster(List<ObservedPod> pods, Map<Integer, Map<String, Long>> keysInSlots) {
        this(pods, keysInSlots, List.of());
    }

    public ObservedCluster(List<ObservedPod> pods) {
        this(pods, Map.of());
    }
}
