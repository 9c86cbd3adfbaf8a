package io.github.rediscluster.reconciler.plan;

import io.github.rediscluster.reconciler.observe.RedisPod;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where masters and replicas should run so that losing one Kubernetes node loses as little as possible:
 * masters on different nodes, and no replica on its master's node, where the pods' nodes allow it.
 */
public final class Layout {

    private Layout() {
    }

    /** The masters of a new cluster: lowest ordinals first, one per Kubernetes node while nodes last. */
    public static List<RedisPod> chooseMasters(List<RedisPod> pods, int masters) {
        List<RedisPod> byOrdinal = pods.stream().sorted(Comparator.comparingInt(RedisPod::ordinal)).toList();
        List<RedisPod> chosen = new ArrayList<>();
        Set<String> nodesWithMaster = new HashSet<>();
        for (RedisPod pod : byOrdinal) {
            if (chosen.size() < masters && (pod.k8sNode().isEmpty() || nodesWithMaster.add(pod.k8sNode()))) {
                chosen.add(pod);
            }
        }
        for (RedisPod pod : byOrdinal) {
            if (chosen.size() < masters && !chosen.contains(pod)) {
                chosen.add(pod);
            }
        }
        return chosen.stream().sorted(Comparator.comparingInt(RedisPod::ordinal)).toList();
    }

    /**
     * Pairs each replica with a master that has room ({@code perMaster} minus the replicas it already has),
     * so that as many pairs as possible run on different Kubernetes nodes (a maximum bipartite matching);
     * replicas that cannot be placed apart go to the master with the fewest replicas.
     *
     * @return replica to master, in replica order; a replica is left out only when no master has room
     */
    public static Map<RedisPod, RedisPod> pairReplicas(List<RedisPod> masters, List<RedisPod> replicas, int perMaster,
            Map<RedisPod, Integer> existingReplicas) {
        List<RedisPod> seats = new ArrayList<>();
        for (RedisPod master : masters) {
            for (int i = existingReplicas.getOrDefault(master, 0); i < perMaster; i++) {
                seats.add(master);
            }
        }
        Map<Integer, RedisPod> seatHolder = new HashMap<>();
        for (RedisPod replica : replicas) {
            augment(replica, seats, seatHolder, new HashSet<>());
        }
        Map<RedisPod, RedisPod> matched = new HashMap<>();
        seatHolder.forEach((seat, replica) -> matched.put(replica, seats.get(seat)));
        Map<RedisPod, Integer> load = new HashMap<>(existingReplicas);
        matched.values().forEach(master -> load.merge(master, 1, Integer::sum));
        Map<RedisPod, RedisPod> pairs = new LinkedHashMap<>();
        for (RedisPod replica : replicas) {
            RedisPod master = matched.get(replica);
            if (master == null) {
                master = leastLoaded(masters, load, perMaster);
                if (master == null) {
                    continue;
                }
                load.merge(master, 1, Integer::sum);
            }
            pairs.put(replica, master);
        }
        return pairs;
    }

    /** Kuhn's augmenting path: give {@code replica} a seat on another node, moving earlier replicas if needed. */
    private static boolean augment(RedisPod replica, List<RedisPod> seats, Map<Integer, RedisPod> seatHolder,
            Set<Integer> visited) {
        for (int seat = 0; seat < seats.size(); seat++) {
            if (seats.get(seat).sameNodeAs(replica) || !visited.add(seat)) {
                continue;
            }
            RedisPod holder = seatHolder.get(seat);
            if (holder == null || augment(holder, seats, seatHolder, visited)) {
                seatHolder.put(seat, replica);
                return true;
            }
        }
        return false;
    }

    private static RedisPod leastLoaded(List<RedisPod> masters, Map<RedisPod, Integer> load, int perMaster) {
        return masters.stream()
                .filter(master -> load.getOrDefault(master, 0) < perMaster)
                .min(Comparator.comparingInt((RedisPod master) -> load.getOrDefault(master, 0)).thenComparingInt(RedisPod::ordinal))
                .orElse(null);
    }

    /**
     * How far a layout is from the ideal: one point for each master beyond the first on a Kubernetes node, and
     * one for each replica on its master's node. Zero is ideal.
     *
     * @param masterOf replica to its master; masters are the values and any pod in {@code masters}
     */
    public static int conflicts(List<RedisPod> masters, Map<RedisPod, RedisPod> masterOf) {
        int conflicts = 0;
        Map<String, Integer> mastersPerNode = new HashMap<>();
        for (RedisPod master : masters) {
            if (!master.k8sNode().isEmpty() && mastersPerNode.merge(master.k8sNode(), 1, Integer::sum) > 1) {
                conflicts++;
            }
        }
        for (Map.Entry<RedisPod, RedisPod> pair : masterOf.entrySet()) {
            if (pair.getKey().sameNodeAs(pair.getValue())) {
                conflicts++;
            }
        }
        return conflicts;
    }
}
