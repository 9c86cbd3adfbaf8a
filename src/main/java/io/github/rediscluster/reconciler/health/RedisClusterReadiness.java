package io.github.rediscluster.reconciler.health;

import io.github.rediscluster.reconciler.observe.PodProblem;
import io.github.rediscluster.reconciler.leader.Leadership;
import io.github.rediscluster.reconciler.report.PassReport;
import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import io.github.rediscluster.reconciler.report.TopologyReport;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the last pass found the Redis Cluster as the spec wants it: every pod answers with cluster_state ok,
 * all 16384 slots covered, every master with its replicas, and nothing left to change. When not, the data says
 * what is wrong. While the masters change, slots-to-move and slots-moved show how far the slots have got. When pods
 * cannot start, pod-problems says why and what to do, one entry per pod (separated by " | "), and error starts with them.
 * A follower does not look at the cluster (the leader does): it is up, and says so.
 */
@Readiness
@ApplicationScoped
public class RedisClusterReadiness implements HealthCheck {

    private final ReconcileLoop loop;
    private final Leadership leadership;

    public RedisClusterReadiness(ReconcileLoop loop, Leadership leadership) {
        this.loop = loop;
        this.leadership = leadership;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("redis-cluster").up();
        if (!leadership.isLeader()) {
            return LeaderElectionReadiness.idleFollower(response, leadership).build();
        }
        Optional<PassReport> last = loop.status().lastPass();
        if (last.isEmpty()) {
            return response.down().withData("error", "no reconcile pass has completed yet").build();
        }
        TopologyReport redis = last.get().topology();
        TopologyReport.Summary summary = redis.summary();
        response.withData("pods-answering", summary.answering() + "/" + summary.pods())
                .withData("cluster-state-ok", summary.clusterStateOk() + "/" + summary.answering())
                .withData("masters-with-slots", summary.mastersWithSlots())
                .withData("slots-covered", summary.slotsCovered())
                .withData("slots-to-move", summary.slotsToMove())
                .withData("slots-moved", summary.slotsMoved());
        if (!redis.pods().problems().isEmpty()) {
            response.withData("pod-problems", redis.pods().problems().stream().map(PodProblem::describe)
                    .collect(Collectors.joining(" | ")));
        }
        if (!redis.converged()) {
            return response.down().withData("error", String.join("; ", redis.problems())).build();
        }
        return response.build();
    }
}
