package io.github.rediscluster.reconciler.plan;

import io.github.rediscluster.reconciler.observe.ClusterNode;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisPod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Restores the layout (masters on distinct Kubernetes nodes). After a failover two masters may share a Kubernetes
 * node (its loss would take two masters). A replica whose promotion lowers the number of such conflicts is asked to
 * take over with the default CLUSTER FAILOVER ({@link TakeOver}), which waits for the replica to catch up with its
 * master first, so no acknowledged write is lost.
 */
final class RestoreLayout implements Stage {

    @Override
    public StageResult decide(ClusterFacts facts, PlanSoFar soFar) {
        Map<String, RedisPod> podOfId = new HashMap<>();
        facts.podIds().forEach(id -> podOfId.put(id, facts.podOf(id).pod()));
        List<RedisPod> masters = new ArrayList<>();
        Map<RedisPod, RedisPod> masterOf = new LinkedHashMap<>();
        for (ObservedPod pod : facts.answering()) {
            ClusterNode myself = ClusterFacts.view(pod).myself();
            if (myself.master() && myself.ownsSlots()) {
                masters.add(pod.pod());
            } else {
                myself.masterId().map(podOfId::get).ifPresent(master -> masterOf.put(pod.pod(), master));
            }
        }
        int now = Layout.conflicts(masters, masterOf);
        RedisPod best = null;
        int bestScore = now;
        for (Map.Entry<RedisPod, RedisPod> pair : masterOf.entrySet()) {
            if (facts.restartPending(pair.getKey())) {
                continue; // a rolling restart would fail it over again at once: the layout is restored after it
            }
            int after = Layout.conflicts(swapped(masters, pair.getValue(), pair.getKey()), swapped(masterOf, pair.getValue(), pair.getKey()));
            if (after < bestScore) {
                best = pair.getKey();
                bestScore = after;
            }
        }
        StageResult.Builder out = new StageResult.Builder();
        if (best != null) {
            TakeOver.ask(facts, facts.observed(best), masterOf.get(best), describeConflicts(masters) + ": " + best.name()
                    + " (on " + nodeOf(best) + ") takes over from " + masterOf.get(best).name(), out);
        }
        return out.proceed();
    }

    private static String nodeOf(RedisPod pod) {
        return pod.k8sNode().isEmpty() ? "an unknown node" : pod.k8sNode();
    }

    private static String describeConflicts(List<RedisPod> masters) {
        Map<String, List<String>> perNode = new TreeMap<>();
        masters.forEach(master -> perNode.computeIfAbsent(nodeOf(master), key -> new ArrayList<>()).add(master.name()));
        List<String> shared = perNode.entrySet().stream().filter(entry -> entry.getValue().size() > 1)
                .map(entry -> String.join(" and ", entry.getValue()) + " are masters on " + entry.getKey()).toList();
        return shared.isEmpty() ? "a master and its replica share a Kubernetes node" : String.join("; ", shared);
    }

    private static List<RedisPod> swapped(List<RedisPod> masters, RedisPod oldMaster, RedisPod newMaster) {
        return masters.stream().map(master -> master.equals(oldMaster) ? newMaster : master).toList();
    }

    private static Map<RedisPod, RedisPod> swapped(Map<RedisPod, RedisPod> masterOf, RedisPod oldMaster, RedisPod newMaster) {
        Map<RedisPod, RedisPod> after = new LinkedHashMap<>();
        masterOf.forEach((replica, master) -> {
            if (!replica.equals(newMaster)) {
                after.put(replica, master.equals(oldMaster) ? newMaster : master);
            }
        });
        after.put(oldMaster, newMaster);
        return after;
    }
}
