package io.github.rediscluster.reconciler.plan;

import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisPod;
import java.util.List;

/**
 * The default CLUSTER FAILOVER on a replica, shared by {@link ChooseRoles} and {@link RestoreLayout}: the coordinated
 * form, which waits for the replica to catch up with its master first, so no acknowledged write is lost. Not while
 * one asked of it may still be running, and only once its replication link is up and synced (a replica that never
 * synced refuses).
 */
final class TakeOver {

    private TakeOver() {
    }

    static void ask(ClusterFacts facts, ObservedPod replica, RedisPod master, String why, StageResult.Builder out) {
        if (facts.failoversInFlight().contains(replica.pod().name())) {
            out.await(WaitReason.FAILOVER_IN_FLIGHT, replica.pod().name(), master.name());
        } else if (!ClusterFacts.view(replica).replicationLinkUp()) {
            out.await(WaitReason.TAKEOVER_AWAITS_SYNC, replica.pod().name(), why);
        } else {
            out.step(new TopologyStep(TopologyStep.Kind.FAILOVER, replica.pod().name(), why + " with a coordinated failover",
                    List.of(RedisCommand.on(replica.pod(), "CLUSTER", "FAILOVER"))));
        }
    }
}
