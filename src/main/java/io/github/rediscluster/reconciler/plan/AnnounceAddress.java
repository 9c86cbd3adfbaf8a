package io.github.rediscluster.reconciler.plan;

import io.github.rediscluster.reconciler.observe.ClusterNode;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import java.util.List;

/**
 * Fixes a node's own address: with cluster-announce-ip set to the pod IP a node's own line is right; a wrong one
 * would misdirect clients. A pass that announces an address does only that.
 */
final class AnnounceAddress implements Stage {

    @Override
    public StageResult decide(ClusterFacts facts, PlanSoFar soFar) {
        StageResult.Builder out = new StageResult.Builder();
        for (ObservedPod pod : facts.answering()) {
            ClusterNode myself = ClusterFacts.view(pod).myself();
            if (!myself.ip().isEmpty() && !myself.ip().equals(pod.pod().ip())) {
                out.step(new TopologyStep(TopologyStep.Kind.ANNOUNCE_ADDRESS, pod.pod().name(),
                        "its own CLUSTER NODES line says " + myself.ip() + " but its pod IP is " + pod.pod().ip()
                                + "; clients asking it for the slot map would be sent to the wrong address",
                        List.of(RedisCommand.on(pod.pod(), "CONFIG", "SET", "cluster-announce-ip", pod.pod().ip()))));
            }
        }
        return out.stopIfSteps();
    }
}
