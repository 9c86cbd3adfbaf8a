package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.ClusterFacts.compact;
import static io.github.rediscluster.reconciler.plan.ClusterFacts.view;

import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisView;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Gate, and what readiness asks: every pod answers and sees cluster_state ok, every node knows every pod's node, M
 * masters with R replicas each, every replica synced (a replica that never synced refuses to fail over: its data is
 * too old). The layout is restored only on a cluster that is healthy and awaits nothing else this pass.
 */
final class ClusterHealth implements Stage {

    @Override
    public StageResult decide(ClusterFacts facts, PlanSoFar soFar) {
        StageResult.Builder out = new StageResult.Builder();
        if (!facts.allPodsAnswer()) {
            return out.stop();
        }
        Set<String> podIds = facts.podIds();
        List<String> stateNotOk = new ArrayList<>();
        List<String> notKnowingAll = new ArrayList<>();
        // A view listing the same NodeIds as one found to know every pod knows them too: on a settled cluster that is
        // every view, and asking each about every pod is a million lookups at 1,000 pods.
        RedisView knowingAll = null;
        for (ObservedPod pod : facts.answering()) {
            RedisView view = view(pod);
            if (!view.clusterStateOk()) {
                stateNotOk.add(pod.pod().name() + " (" + view.clusterInfo().getOrDefault("cluster_state", "?") + ")");
            }
            if (knowingAll != null && view.sameIdsAs(knowingAll)) {
                continue;
            }
            if (podIds.stream().allMatch(view::knows)) {
                knowingAll = view;
            } else {
                Set<String> unknown = new TreeSet<>(podIds);
                unknown.removeAll(view.knownIds());
                notKnowingAll.add(pod.pod().name() + " (not " + compact(unknown.stream().map(facts::describe).toList()) + ")");
            }
        }
        if (!stateNotOk.isEmpty()) {
            out.await(WaitReason.CLUSTER_STATE_NOT_OK, compact(stateNotOk));
        }
        if (!notKnowingAll.isEmpty()) {
            out.await(WaitReason.NODES_UNKNOWN, compact(notKnowingAll));
        }
        List<ObservedPod> masters = facts.slotOwners();
        int wantedMasters = facts.spec().masters();
        if (masters.size() != wantedMasters) {
            out.await(WaitReason.MASTERS_COUNT, String.valueOf(masters.size()), String.valueOf(wantedMasters));
        }
        List<String> unsynced = facts.answering().stream().filter(pod -> view(pod).myself().replica() && !view(pod).replicationLinkUp())
                .map(pod -> pod.pod().name() + " (master_link_status:" + view(pod).info().getOrDefault("master_link_status", "?") + ")")
                .toList();
        if (!unsynced.isEmpty()) {
            out.await(WaitReason.REPLICA_NOT_SYNCED, compact(unsynced));
        }
        int wantedReplicas = facts.spec().replicasPerMaster();
        facts.replicaCounts(masters).forEach((master, count) -> {
            if (count != wantedReplicas) {
                out.await(WaitReason.REPLICAS_COUNT, master.name(), count + " replicas; the spec wants " + wantedReplicas);
            }
        });
        return out.result(soFar.waits().isEmpty() && !out.hasWaits());
    }
}
