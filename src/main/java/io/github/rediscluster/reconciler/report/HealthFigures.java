package io.github.rediscluster.reconciler.report;

import io.github.rediscluster.reconciler.observe.ClusterNode;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisView;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The health figures of a pass's Redis side that the metrics show and the alerts read. */
final class HealthFigures {

    private HealthFigures() {
    }

    /** Every expected pod answered and says cluster_state:ok. */
    static boolean stateOk(TopologyReport redis) {
        TopologyReport.Summary summary = redis.summary();
        return redis.error().isEmpty() && summary.answering() == summary.expectedPods()
                && summary.clusterStateOk() == summary.answering() && summary.answering() > 0;
    }

    /**
     * Masters owning slots that no answering replica follows, as the pods say of themselves: a master whose replica
     * pod is down, or whose replica follows another master, would lose its slots with its pod.
     */
    static int mastersWithoutReplica(TopologyReport redis) {
        List<ClusterNode> selves = redis.observed().pods().stream().map(ObservedPod::view).flatMap(Optional::stream)
                .map(RedisView::myself).toList();
        Set<String> followed = selves.stream().filter(ClusterNode::replica).map(ClusterNode::masterId)
                .flatMap(Optional::stream).collect(Collectors.toSet());
        return (int) selves.stream().filter(ClusterNode::master).filter(ClusterNode::ownsSlots)
                .filter(master -> !followed.contains(master.id())).count();
    }
}
