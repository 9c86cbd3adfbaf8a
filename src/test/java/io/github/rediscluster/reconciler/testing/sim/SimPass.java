package io.github.rediscluster.reconciler.testing.sim;

import io.github.rediscluster.reconciler.act.ActResult;
import io.github.rediscluster.reconciler.act.TopologyActor;
import io.github.rediscluster.reconciler.leader.Fence;
import io.github.rediscluster.reconciler.loop.RedisPass;
import io.github.rediscluster.reconciler.observe.ObservedCluster;
import io.github.rediscluster.reconciler.observe.RedisPod;
import io.github.rediscluster.reconciler.plan.TopologyPlan;
import io.github.rediscluster.reconciler.redis.RedisConnections;
import io.github.rediscluster.reconciler.redis.RedisSession;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.spec.SpecKeys;
import io.github.rediscluster.reconciler.testing.Specs;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * One pass of the service's Redis side against a simulation, as {@code TopologyReconciler} runs it without Kubernetes:
 * observe (with CONFIG GET for the live redis.conf check), plan, act. The times of the three parts are kept for benchmarks.
 */
public record SimPass(ObservedCluster observed, TopologyPlan plan, ActResult act, long observeNanos, long planNanos,
        long actNanos) {

    public static SimPass run(Vertx vertx, ClusterSpec spec, List<RedisPod> pods) {
        RedisConnections connections = new RedisConnections(vertx, Duration.ofSeconds(1), Duration.ofSeconds(2));
        try (RedisSession session = connections.open(spec.port())) {
            long start = System.nanoTime();
            ObservedCluster observed = RedisPass.observe(session, spec, pods);
            long observedAt = System.nanoTime();
            TopologyPlan plan = RedisPass.plan(spec, observed, Map.of(), Set.of());
            long plannedAt = System.nanoTime();
            ActResult act = TopologyActor.execute(session, plan.steps(), spec.resharding(), Fence.OPEN);
            return new SimPass(observed, plan, act, observedAt - start, plannedAt - observedAt, System.nanoTime() - plannedAt);
        }
    }

    /** Failures of the steps taken, at most three. */
    public List<String> failures() {
        return act.outcomes().stream().flatMap(outcome -> outcome.failures().stream()).limit(3).toList();
    }

    /** The pods as Kubernetes would list them: redis-app-i on its node's current IP, over 10 Kubernetes nodes. */
    public static List<RedisPod> pods(SimCluster cluster) {
        return IntStream.range(0, cluster.size())
                .mapToObj(i -> new RedisPod("redis-app-" + i, i, cluster.ip(i), "k8s-node-" + (i % 10))).toList();
    }

    /** {@code masters} masters with one replica each, on the simulation's port. */
    public static ClusterSpec spec(int port, int masters) {
        return Specs.classicWith(SpecKeys.PORT.name(), String.valueOf(port), SpecKeys.MASTERS.name(), String.valueOf(masters),
                SpecKeys.REPLICAS_PER_MASTER.name(), "1");
    }
}
