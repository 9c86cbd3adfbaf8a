package io.github.rediscluster.reconciler.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.observe.ClusterNodesParser;
import io.github.rediscluster.reconciler.observe.ObservedCluster;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisPod;
import io.github.rediscluster.reconciler.observe.RedisView;
import io.github.rediscluster.reconciler.plan.TopologyPlan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthFiguresTest {

    private static final String A = "e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca";
    private static final String B = "67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1";
    private static final String REPLICA_OF_A = "292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f";
    private static final String NODES = """
            %s 10.1.0.4:6379@16379 master - 0 0 1 connected 0-8191
            %s 10.1.0.5:6379@16379 master - 0 0 2 connected 8192-16383
            %s 10.1.0.6:6379@16379 slave %s 0 1 1 connected
            """.formatted(A, B, REPLICA_OF_A, A);

    @Test
    void aMasterWhoseReplicaFollowsAnotherOrIsDownCounts() {
        TopologyReport twoMastersOneReplica = report(pod(0, A), pod(1, B), pod(2, REPLICA_OF_A));
        assertThat(HealthFigures.mastersWithoutReplica(twoMastersOneReplica)).isEqualTo(1);

        TopologyReport replicaDown = report(pod(0, A), pod(1, B),
                ObservedPod.unreached(new RedisPod("redis-app-2", 2, "10.1.0.6", "node-3"), "connection refused"));
        assertThat(HealthFigures.mastersWithoutReplica(replicaDown)).as("the replica's pod does not answer").isEqualTo(2);
        assertThat(HealthFigures.stateOk(replicaDown)).as("a pod does not answer").isFalse();
        assertThat(HealthFigures.stateOk(twoMastersOneReplica)).isTrue();
    }

    private static TopologyReport report(ObservedPod... pods) {
        return TopologyReport.of(3, new ObservedCluster(List.of(pods)), new TopologyPlan(List.of(), List.of(), List.of()),
                List.of(), false, 0);
    }

    /** The pod as its own CLUSTER NODES shows it: the same table, with myself on its own line. */
    private static ObservedPod pod(int ordinal, String id) {
        String nodes = NODES.lines()
                .map(line -> line.startsWith(id) ? line.replaceFirst(" (master|slave) ", " myself,$1 ") : line)
                .reduce("", (all, line) -> all + line + "\n");
        RedisView view = new RedisView(id, ClusterNodesParser.parse(nodes), Map.of("cluster_state", "ok"), Map.of(), 0);
        return ObservedPod.reached(new RedisPod("redis-app-" + ordinal, ordinal, "10.1.0." + (4 + ordinal), "node-1"), view);
    }
}
