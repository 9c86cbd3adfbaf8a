package io.github.rediscluster.reconciler.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.observe.Diagnosis;
import io.github.rediscluster.reconciler.observe.PodProblem;
import io.github.rediscluster.reconciler.apply.ApplyOutcome;
import io.github.rediscluster.reconciler.spec.SpecStore;
import io.github.rediscluster.reconciler.act.ActionLog;
import io.github.rediscluster.reconciler.act.StepOutcome;
import io.github.rediscluster.reconciler.observe.ClusterNodesParser;
import io.github.rediscluster.reconciler.observe.ObservedCluster;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.plan.RedisCommand;
import io.github.rediscluster.reconciler.observe.RedisPod;
import io.github.rediscluster.reconciler.observe.RedisView;
import io.github.rediscluster.reconciler.plan.TopologyPlan;
import io.github.rediscluster.reconciler.plan.Wait;
import io.github.rediscluster.reconciler.plan.WaitReason;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterStatusTest {

    private static final ClusterStatus.Leader LEADER = new ClusterStatus.Leader("reconciler-0", true, Optional.of("reconciler-0"),
            "ns/redis-cluster-reconciler");
    private static final String MASTER = "e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca";
    private static final String REPLICA = "292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f";
    private static final String NODES_OF_MASTER = """
            e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 10.1.0.4:6379@16379 myself,master - 0 0 1 connected 0-5460 [5461->-67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1]
            292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f 10.1.0.5:6379@16379 slave e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 0 1 1 connected
            """;
    private static final String NODES_OF_REPLICA = """
            292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f 10.1.0.5:6379@16379 myself,slave e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 0 1 1 connected
            e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 10.1.0.4:6379@16379 master - 0 0 1 connected 0-5460
            """;

    @Test
    void podsShowWhatTheirRedisServersSaid() {
        ClusterStatus status = ClusterStatus.of(LEADER, spec(), Optional.of(pass()), List.of());

        assertThat(status.pods()).hasSize(3);
        ClusterStatus.PodStatus master = status.pods().get(0);
        assertThat(master.nodeId()).contains(MASTER);
        assertThat(master.role()).contains("master");
        assertThat(master.slots()).containsExactly("0-5460");
        assertThat(master.openSlots()).containsExactly("[5461->-67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1]");
        assertThat(master.clusterState()).contains("ok");
        assertThat(master.keys()).contains(42L);
        ClusterStatus.PodStatus replica = status.pods().get(1);
        assertThat(replica.role()).contains("replica");
        assertThat(replica.masterId()).contains(MASTER);
        assertThat(replica.slots()).isEmpty();
        ClusterStatus.PodStatus silent = status.pods().get(2);
        assertThat(silent.answering()).isFalse();
        assertThat(silent.error()).isEqualTo("connection refused");
        assertThat(silent.nodeId()).isEmpty();
    }

    @Test
    void theLastPassSaysWhatChangedAndWhatIsNotConvergedYet() {
        ClusterStatus.LastPass last = ClusterStatus.of(LEADER, spec(), Optional.of(pass()), List.of()).lastPass().orElseThrow();

        assertThat(last.converged()).isFalse();
        assertThat(last.objectChanges()).extracting(ClusterStatus.ObjectChange::object).containsExactly("Service ns/redis-service");
        assertThat(last.actions()).singleElement().satisfies(action -> {
            assertThat(action.kind()).isEqualTo("NodeReplicate");
            assertThat(action.succeeded()).isFalse();
            assertThat(action.failures()).containsExactly("ERR Unknown node");
        });
        assertThat(last.notConverged()).contains("redis-app-2: connection refused");
    }

    @Test
    void aPodThatCannotStartIsNamedOnceAmongWhatIsNotConverged() {
        PodProblem mount = new PodProblem("redis-app-2", "NfsAccessDenied", "mount.nfs: access denied by server",
                "export the directory");
        PassReport pass = pass();
        PassReport withProblem = new PassReport(pass.startedAt(), pass.duration(), pass.outcomes(),
                pass.topology().withDiagnosis(new Diagnosis(List.of(mount), Optional.empty())));

        List<String> notConverged = ClusterStatus.of(LEADER, spec(), Optional.of(withProblem), List.of()).lastPass().orElseThrow()
                .notConverged();

        assertThat(notConverged).filteredOn(line -> line.contains("NfsAccessDenied")).singleElement().asString()
                .startsWith("pod cannot start: redis-app-2");
    }

    @Test
    void recentActionsAreTheNewestFifty() {
        List<ActionLog.Action> actions = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            actions.add(new ActionLog.Action(Instant.EPOCH.plusSeconds(i), TopologyStep.Kind.MEET_ALL, "cluster",
                    new RedisCommand("redis-app-0", "10.1.0.4", List.of("CLUSTER", "MEET", "10.1.0." + i, "6379")), false));
        }

        List<String> recent = ClusterStatus.of(LEADER, spec(), Optional.empty(), actions).recentActions();

        assertThat(recent).hasSize(ClusterStatus.RECENT_ACTIONS);
        assertThat(recent.get(0)).contains("10.1.0.10 ");
        assertThat(recent.get(49)).contains("10.1.0.59 ");
    }

    private static SpecStore.State spec() {
        return new SpecStore.State(Optional.empty(), Optional.of("spec rejected: redis-cluster.masters: ..."), Optional.empty());
    }

    private static PassReport pass() {
        ObservedCluster observed = new ObservedCluster(List.of(
                ObservedPod.reached(new RedisPod("redis-app-0", 0, "10.1.0.4", "node-1"), view(MASTER, NODES_OF_MASTER, 42)),
                ObservedPod.reached(new RedisPod("redis-app-1", 1, "10.1.0.5", "node-2"), view(REPLICA, NODES_OF_REPLICA, 42)),
                ObservedPod.unreached(new RedisPod("redis-app-2", 2, "10.1.0.6", "node-3"), "connection refused")));
        TopologyStep replicate = new TopologyStep(TopologyStep.Kind.REPLICATE, "redis-app-1", "a replica for redis-app-0",
                List.of(new RedisCommand("redis-app-1", "10.1.0.5", List.of("CLUSTER", "REPLICATE", MASTER))));
        TopologyPlan plan = new TopologyPlan(List.of(replicate), List.of(new Wait(WaitReason.POD_NOT_ANSWERING, "redis-app-2", "connection refused")), List.of());
        return new PassReport(Instant.EPOCH, Duration.ofMillis(12),
                List.of(new ApplyOutcome("Service ns/redis-service", ApplyOutcome.Action.UPDATED, List.of("spec.ports"), List.of(), null),
                        new ApplyOutcome("ConfigMap ns/redis-conf", ApplyOutcome.Action.UNCHANGED, List.of(), List.of(), null)),
                TopologyReport.of(3, observed, plan, List.of(new StepOutcome(replicate, List.of("ERR Unknown node"))), false, 0));
    }

    private static RedisView view(String id, String nodes, long keys) {
        return new RedisView(id, ClusterNodesParser.parse(nodes), Map.of("cluster_state", "ok"), Map.of(), keys);
    }
}
