package io.github.rediscluster.reconciler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.observe.ClusterNode;
import io.github.rediscluster.reconciler.observe.ClusterNodesParser;
import io.github.rediscluster.reconciler.observe.ObservedCluster;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisPod;
import io.github.rediscluster.reconciler.observe.RedisView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DrainFailoverTest {

    /** Three masters (pods 0-2) with one replica each (pods 3-5), as replica redis-app-3 sees them. */
    private static final String NODES = """
            aaaa 10.0.0.1:6379@16379 master - 0 0 1 connected 0-5460
            bbbb 10.0.0.2:6379@16379 master - 0 0 2 connected 5461-10922
            cccc 10.0.0.3:6379@16379 master - 0 0 3 connected 10923-16383
            dddd 10.0.0.4:6379@16379 slave aaaa 0 0 1 connected
            eeee 10.0.0.5:6379@16379 slave bbbb 0 0 2 connected
            ffff 10.0.0.6:6379@16379 slave cccc 0 0 3 connected
            """;
    private static final String[] IDS = {"aaaa", "bbbb", "cccc", "dddd", "eeee", "ffff"};

    @Test
    void aMasterBeingDeletedHandsItsSlotsToItsSyncedReplica() {
        ObservedCluster observed = cluster(Map.of());

        AddedSteps plan = DrainFailover.plan(observed, Map.of("redis-app-0", "10.0.0.1"), Set.of());

        assertThat(plan.waiting()).isEmpty();
        assertThat(plan.steps()).singleElement().satisfies(step -> {
            assertThat(step.kind()).isEqualTo(TopologyStep.Kind.FAILOVER);
            assertThat(step.subject()).isEqualTo("redis-app-3");
            assertThat(step.commands()).extracting(RedisCommand::toString).containsExactly("redis-app-3: CLUSTER FAILOVER");
            assertThat(step.reason()).startsWith("redis-app-0 is being deleted while a master: its synced replica redis-app-3");
        });
    }

    /**
     * The soak's loss (254 keys, 2026-12-02): redis-app-0 had given slots 0-99 to redis-app-1 (SETSLOT NODE on the
     * target, then the source and the others) when its pod was deleted; its replica redis-app-3 had not learned it
     * yet. Its failover would claim 0-99 back with a newer epoch, and redis-app-1 would drop their keys: it waits.
     */
    @Test
    void aReplicaThatStillListsSlotsItsMasterGaveAwayIsNotAskedYet() {
        String moved = NODES.replace("0 1 connected 0-5460", "0 1 connected 100-5460")
                .replace("0 2 connected 5461-10922", "0 2 connected 0-99 5461-10922");
        List<ObservedPod> pods = new ArrayList<>(cluster(moved, Map.of()).pods());
        pods.set(3, cluster(Map.of()).pods().get(3));

        AddedSteps plan = DrainFailover.plan(new ObservedCluster(pods), Map.of("redis-app-0", "10.0.0.1"), Set.of());

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.waiting()).singleElement().asString().startsWith("redis-app-0 is being deleted while a master, but its"
                + " replica still lists it owning slots 0-99");
    }

    @Test
    void aReplicaBeingDeletedNeedsNothing() {
        assertThat(DrainFailover.plan(cluster(Map.of()), Map.of("redis-app-4", "10.0.0.5"), Set.of()).steps()).isEmpty();
    }

    @Test
    void aTerminatingPodWithoutAnIpAnymoreNeedsNothing() {
        AddedSteps plan = DrainFailover.plan(cluster(Map.of()), Map.of("redis-app-0", ""), Set.of());

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.waiting()).isEmpty();
    }

    @Test
    void aReplicaStillSyncingIsNotAskedAndTheWaitSaysWhy() {
        ObservedCluster observed = cluster(Map.of(3, Map.of("master_link_status", "down")));

        AddedSteps plan = DrainFailover.plan(observed, Map.of("redis-app-0", "10.0.0.1"), Set.of());

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.waiting()).containsExactly("redis-app-0 is being deleted while a master, and none of its replicas"
                + " (redis-app-3) is in sync: its slots wait for the cluster's own failover");
    }

    @Test
    void ofTwoSyncedReplicasTheOneFurthestAheadTakesOver() {
        String twoReplicas = NODES.replace("ffff 10.0.0.6:6379@16379 slave cccc", "ffff 10.0.0.6:6379@16379 slave aaaa");
        ObservedCluster observed = cluster(twoReplicas, Map.of(3, Map.of("slave_repl_offset", "900"),
                5, Map.of("slave_repl_offset", "1000")));

        AddedSteps plan = DrainFailover.plan(observed, Map.of("redis-app-0", "10.0.0.1"), Set.of());

        assertThat(plan.steps()).extracting(TopologyStep::subject).containsExactly("redis-app-5");
    }

    @Test
    void aFailoverAlreadyAskedIsAwaitedNotAskedAgain() {
        AddedSteps plan = DrainFailover.plan(cluster(Map.of()), Map.of("redis-app-0", "10.0.0.1"), Set.of("redis-app-3"));

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.waiting()).containsExactly("redis-app-0 is being deleted; redis-app-3 was asked to take over its slots");
    }

    @Test
    void aReplicaThatIsItselfBeingDeletedIsNotAsked() {
        AddedSteps plan = DrainFailover.plan(cluster(Map.of()), Map.of("redis-app-0", "10.0.0.1", "redis-app-3", "10.0.0.4"),
                Set.of());

        assertThat(plan.steps()).isEmpty();
    }

    @Test
    void drainStepsGoBeforeTheTopologysOwn() {
        TopologyStep own = new TopologyStep(TopologyStep.Kind.REPLICATE, "redis-app-4", "x", List.of());
        TopologyPlan topology = new TopologyPlan(List.of(own), List.of(), List.of());

        TopologyPlan joined = DrainFailover.plan(cluster(Map.of()), Map.of("redis-app-0", "10.0.0.1"), Set.of()).putBefore(topology);

        assertThat(joined.steps()).extracting(TopologyStep::kind).containsExactly(TopologyStep.Kind.FAILOVER,
                TopologyStep.Kind.REPLICATE);
    }

    private static ObservedCluster cluster(Map<Integer, Map<String, String>> infoOverrides) {
        return cluster(NODES, infoOverrides);
    }

    /** Six pods seeing {@code text}, each replica's link up unless {@code infoOverrides} says otherwise. */
    private static ObservedCluster cluster(String text, Map<Integer, Map<String, String>> infoOverrides) {
        List<ObservedPod> pods = new ArrayList<>();
        for (int ordinal = 0; ordinal < 6; ordinal++) {
            String id = IDS[ordinal];
            String seen = text.lines().map(line -> line.startsWith(id + " ") ? line.replaceFirst(" (master|slave) ",
                    " myself,$1 ") : line).reduce("", (a, b) -> a + b + "\n");
            List<ClusterNode> nodes = ClusterNodesParser.parse(seen);
            Map<String, String> info = new HashMap<>(Map.of("redis_version", "7.0.15"));
            if (nodes.stream().filter(ClusterNode::myself).findFirst().orElseThrow().replica()) {
                info.putAll(Map.of("master_link_status", "up", "master_sync_in_progress", "0", "slave_repl_offset", "100"));
            }
            info.putAll(infoOverrides.getOrDefault(ordinal, Map.of()));
            pods.add(ObservedPod.reached(new RedisPod("redis-app-" + ordinal, ordinal, "10.0.0." + (ordinal + 1), "n" + ordinal),
                    new RedisView(id, nodes, Map.of("cluster_state", "ok"), info, 0)));
        }
        return new ObservedCluster(pods);
    }
}
