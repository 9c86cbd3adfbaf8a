package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.Facts.master;
import static io.github.rediscluster.reconciler.plan.Facts.nodes;
import static io.github.rediscluster.reconciler.plan.Facts.pod;
import static io.github.rediscluster.reconciler.plan.Facts.replica;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.rediscluster.reconciler.observe.ObservedCluster;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.PodRevisions;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rollout planner on literal observations: three masters (pods 0-2) with one replica each (3 follows 0, 4 follows
 * 1, 5 follows 2), every pod seeing the same CLUSTER NODES; revision "new" is the StatefulSet's, "old" an earlier one.
 */
class RollingRestartTest {

    private static final ClusterSpec SPEC = Facts.spec(3, 1);
    private static final String HEALTHY = nodes(master(0, "0-5460"), master(1, "5461-10922"), master(2, "10923-16383"),
            replica(3, 0), replica(4, 1), replica(5, 2));
    private static final TopologyPlan NOTHING_ELSE = new TopologyPlan(List.of(), List.of(), List.of());

    @Test
    void nothingToDoWhenEveryPodRunsTheCurrentTemplate() {
        Rollout rollout = plan(Facts.all(HEALTHY, 0, 1, 2, 3, 4, 5), revisions(), NOTHING_ELSE);

        assertThat(rollout).isEqualTo(Rollout.NOTHING);
    }

    @Test
    void replicasGoFirstHighestOrdinalFirstOnePodAtATime() {
        Rollout rollout = plan(Facts.all(HEALTHY, 0, 1, 2, 3, 4, 5), revisions(0, 1, 2, 3, 4, 5), NOTHING_ELSE);

        assertThat(rollout.outdated()).containsExactly("redis-app-5", "redis-app-4", "redis-app-3", "redis-app-2",
                "redis-app-1", "redis-app-0");
        assertThat(rollout.waits()).isEmpty();
        assertThat(rollout.steps()).singleElement().satisfies(step -> {
            assertThat(step.kind()).isEqualTo(TopologyStep.Kind.RESTART_POD);
            assertThat(step.subject()).isEqualTo("redis-app-5");
            assertThat(step.commands()).isEmpty();
            assertThat(step.reason()).startsWith("6 of 6 pods run an older template (old, the StatefulSet's is new);"
                    + " redis-app-5 is a replica: restarted first");
        });
        assertThat(rollout.restart()).map(TopologyStep::subject).hasValue("redis-app-5");
    }

    @Test
    void anOutdatedMasterIsFirstFailedOverToItsSyncedReplica() {
        Rollout rollout = plan(Facts.all(HEALTHY, 0, 1, 2, 3, 4, 5), revisions(0, 1, 2), NOTHING_ELSE);

        assertThat(rollout.restart()).isEmpty();
        assertThat(rollout.steps()).singleElement().satisfies(step -> {
            assertThat(step.kind()).isEqualTo(TopologyStep.Kind.FAILOVER);
            assertThat(step.commands()).extracting(RedisCommand::toString).containsExactly("redis-app-5: CLUSTER FAILOVER");
            assertThat(step.reason()).contains("redis-app-2 is a master: its synced replica redis-app-5 takes over before it"
                    + " restarts with a coordinated failover");
        });
    }

    @Test
    void theOldMasterIsRestartedOnceAPassSeesItAReplica() {
        String failedOver = nodes(master(0, "0-5460"), master(1, "5461-10922"), replica(2, 5), replica(3, 0),
                replica(4, 1), master(5, "10923-16383"));

        Rollout rollout = plan(Facts.all(failedOver, 0, 1, 2, 3, 4, 5), revisions(0, 1, 2), NOTHING_ELSE);

        assertThat(rollout.steps()).extracting(TopologyStep::kind, TopologyStep::subject)
                .containsExactly(tuple(TopologyStep.Kind.RESTART_POD, "redis-app-2"));
    }

    @Test
    void aFailoverAskedEarlierIsWaitedForNotAskedAgain() {
        ClusterFacts facts = ClusterFacts.of(SPEC, new ObservedCluster(Facts.all(HEALTHY, 0, 1, 2, 3, 4, 5)),
                Set.of("redis-app-5"), Set.of());

        Rollout rollout = RollingRestart.plan(facts, revisions(0, 1, 2), NOTHING_ELSE);

        assertThat(rollout.steps()).isEmpty();
        assertThat(rollout.waits()).extracting(Wait::reason).containsExactly(WaitReason.FAILOVER_IN_FLIGHT);
    }

    @Test
    void pausedWhileThePodRestartedLastHasNotComeBack() {
        List<ObservedPod> pods = new ArrayList<>(Facts.all(HEALTHY, 0, 1, 2, 3, 4));
        pods.add(Facts.silent(5, "no pod IP yet"));

        Rollout rollout = plan(pods, revisions(0, 1, 2, 3, 4), NOTHING_ELSE);

        assertThat(rollout.steps()).isEmpty();
        assertThat(rollout.waits()).extracting(Wait::text).containsExactly("the rolling restart of 5 pods (redis-app-4,"
                + " redis-app-3, redis-app-2, redis-app-1, redis-app-0) waits until every pod runs and answers:"
                + " redis-app-5 (no pod IP yet)");
    }

    @Test
    void pausedUntilThePodRestartedLastIsReadyThoughItsRedisAnswers() {
        PodRevisions revisions = new PodRevisions("new", revisions(0, 1, 2, 3, 4).byPod(), true, Set.of("redis-app-5"));

        Rollout rollout = plan(Facts.all(HEALTHY, 0, 1, 2, 3, 4, 5), revisions, NOTHING_ELSE);

        assertThat(rollout.steps()).isEmpty();
        assertThat(rollout.waits()).extracting(Wait::detail).containsExactly("redis-app-5 (not Ready yet)");
    }

    @Test
    void anOutdatedPodFailingItsOldReadinessProbeDoesNotHoldTheRolloutWhileItsRedisAnswers() {
        // Turning auth on: the user set requirepass on every pod, so the probes of the old template (no password) fail.
        PodRevisions revisions = new PodRevisions("new", revisions(0, 1, 2, 3, 4, 5).byPod(), true,
                Set.of("redis-app-0", "redis-app-1", "redis-app-2", "redis-app-3", "redis-app-4", "redis-app-5"));

        Rollout rollout = plan(Facts.all(HEALTHY, 0, 1, 2, 3, 4, 5), revisions, NOTHING_ELSE);

        assertThat(rollout.waits()).isEmpty();
        assertThat(rollout.restart()).map(TopologyStep::subject).hasValue("redis-app-5");
    }

    @Test
    void pausedUntilEveryOtherReplicaIsInSync() {
        List<ObservedPod> pods = new ArrayList<>(Facts.all(HEALTHY, 0, 1, 2, 3, 5));
        pods.add(pod(4, Facts.ip(4), HEALTHY, "ok", 0, "master_link_status", "down"));

        Rollout rollout = plan(pods, revisions(5), NOTHING_ELSE);

        assertThat(rollout.steps()).isEmpty();
        assertThat(rollout.waits()).extracting(Wait::reason).containsExactly(WaitReason.ROLLOUT_REPLICA_NOT_SYNCED);
        assertThat(rollout.waits().get(0).detail()).isEqualTo("redis-app-4 (master_link_status:down, 0 bytes behind)");
    }

    @Test
    void aReplicaTooFarBehindItsMasterIsNotInSync() {
        List<ObservedPod> pods = new ArrayList<>(Facts.all(HEALTHY, 0, 2, 3, 5));
        pods.add(pod(1, Facts.ip(1), HEALTHY, "ok", 0, "master_repl_offset", "5000000"));
        pods.add(pod(4, Facts.ip(4), HEALTHY, "ok", 0, "slave_repl_offset", "3000000"));

        Rollout rollout = plan(pods, revisions(5), NOTHING_ELSE);

        assertThat(rollout.waits()).extracting(Wait::detail).containsExactly("redis-app-4 (master_link_status:up,"
                + " 2000000 bytes behind)");
    }

    @Test
    void theReplicaToRestartMayItselfBeOutOfSync() {
        List<ObservedPod> pods = new ArrayList<>(Facts.all(HEALTHY, 0, 1, 2, 3, 4));
        pods.add(pod(5, Facts.ip(5), HEALTHY, "ok", 0, "master_link_status", "down"));

        Rollout rollout = plan(pods, revisions(5), NOTHING_ELSE);

        assertThat(rollout.restart()).map(TopologyStep::subject).hasValue("redis-app-5");
    }

    @Test
    void pausedOnAnUnhealthyCluster() {
        List<ObservedPod> pods = new ArrayList<>(Facts.all(HEALTHY, 1, 2, 3, 4, 5));
        pods.add(pod(0, Facts.ip(0), HEALTHY, "fail", 0));

        Rollout rollout = plan(pods, revisions(5), NOTHING_ELSE);

        assertThat(rollout.steps()).isEmpty();
        assertThat(rollout.waits()).extracting(Wait::text).containsExactly("the rolling restart of 1 pod (redis-app-5)"
                + " waits for a healthy cluster: cluster_state is not ok on redis-app-0");
    }

    @Test
    void pausedWhileSlotsAreServedByNoMaster() {
        String uncovered = nodes(master(0, "0-5460"), master(1, "5461-10922"), master(2, "10923-16000"),
                replica(3, 0), replica(4, 1), replica(5, 2));

        Rollout rollout = plan(Facts.all(uncovered, 0, 1, 2, 3, 4, 5), revisions(5), NOTHING_ELSE);

        assertThat(rollout.waits()).extracting(Wait::detail).containsExactly("383 slots are served by no master that answers");
    }

    @Test
    void heldWhileTheRestOfThePassChangesTheCluster() {
        TopologyStep meet = new TopologyStep(TopologyStep.Kind.REJOIN, "redis-app-1", "it moved", List.of());
        TopologyPlan rest = new TopologyPlan(List.of(meet), List.of(), List.of());

        Rollout rollout = plan(Facts.all(HEALTHY, 0, 1, 2, 3, 4, 5), revisions(5), rest);

        assertThat(rollout.steps()).isEmpty();
        assertThat(rollout.waits()).extracting(Wait::reason).containsExactly(WaitReason.ROLLOUT_HELD);
    }

    @Test
    void goesOnThroughTheWaitsThatOnlyRestartsResolve() {
        TopologyPlan rest = new TopologyPlan(List.of(), List.of(
                new Wait(WaitReason.CONFIG_RESTART_PENDING, "appendfsync always", "redis-app-5"),
                new Wait(WaitReason.CONFIG_DIRECTIVE_UNKNOWN, "latency-tracking", "redis-app-5 (Redis 6.2.11)")), List.of());

        Rollout rollout = plan(Facts.all(HEALTHY, 0, 1, 2, 3, 4, 5), revisions(5), rest);

        assertThat(rollout.restart()).isPresent();
    }

    @Test
    void waitsForTheControllerToSeeTheNewTemplate() {
        PodRevisions behind = new PodRevisions("new", revisions(5).byPod(), false);

        Rollout rollout = plan(Facts.all(HEALTHY, 0, 1, 2, 3, 4, 5), behind, NOTHING_ELSE);

        assertThat(rollout.steps()).isEmpty();
        assertThat(rollout.waits()).extracting(Wait::reason).containsExactly(WaitReason.ROLLOUT_AWAITS_CONTROLLER);
    }

    @Test
    void aMasterWithoutAReplicaTheSpecWantsWaits() {
        String lonely = nodes(master(0, "0-5460"), master(1, "5461-10922"), master(2, "10923-16383"),
                replica(3, 0), replica(4, 1), replica(5, 1));

        Rollout rollout = plan(Facts.all(lonely, 0, 1, 2, 3, 4, 5), revisions(2), NOTHING_ELSE);

        assertThat(rollout.waits()).extracting(Wait::text).containsExactly("redis-app-2 runs the old pod template and is a"
                + " master: it restarts only after a coordinated failover to a replica in sync, and none is (it has no replica)");
    }

    @Test
    void withoutReplicasInTheSpecAMasterRestartsAsItIs() {
        String masters = nodes(master(0, "0-5460"), master(1, "5461-10922"), master(2, "10923-16383"));
        ClusterFacts facts = ClusterFacts.of(Facts.spec(3, 0), new ObservedCluster(Facts.all(masters, 0, 1, 2)), Set.of());

        Rollout rollout = RollingRestart.plan(facts, revisions(0, 1, 2), NOTHING_ELSE);

        assertThat(rollout.restart()).map(TopologyStep::subject).hasValue("redis-app-2");
    }

    @Test
    void ofTwoSyncedReplicasTheOneFurthestAheadTakesOver() {
        ClusterSpec twoReplicas = Facts.spec(1, 2);
        String nodes = nodes(master(0, "0-16383"), replica(1, 0), replica(2, 0));
        List<ObservedPod> pods = List.of(pod(0, Facts.ip(0), nodes, "ok", 0, "master_repl_offset", "100"),
                pod(1, Facts.ip(1), nodes, "ok", 0, "slave_repl_offset", "100"),
                pod(2, Facts.ip(2), nodes, "ok", 0, "slave_repl_offset", "90"));
        ClusterFacts facts = ClusterFacts.of(twoReplicas, new ObservedCluster(pods), Set.of());

        Rollout rollout = RollingRestart.plan(facts, revisions(0, 1), NOTHING_ELSE);

        // Replicas first: redis-app-1 is outdated and goes before the master.
        assertThat(rollout.restart()).map(TopologyStep::subject).hasValue("redis-app-1");
        Rollout afterIt = RollingRestart.plan(facts, revisions(0), NOTHING_ELSE);
        assertThat(afterIt.commands()).containsExactly("redis-app-1: CLUSTER FAILOVER");
    }

    @Test
    void resumesFromWhatTheClusterShowsWithNoMemory() {
        // A new leader after the failover of redis-app-2 and the restart of every replica: the old master is next.
        String failedOver = nodes(master(0, "0-5460"), master(1, "5461-10922"), replica(2, 5), replica(3, 0),
                replica(4, 1), master(5, "10923-16383"));
        PodRevisions revisions = revisions(0, 1, 2);

        Rollout first = plan(Facts.all(failedOver, 0, 1, 2, 3, 4, 5), revisions, NOTHING_ELSE);
        Rollout again = plan(Facts.all(failedOver, 0, 1, 2, 3, 4, 5), revisions, NOTHING_ELSE);

        assertThat(again).isEqualTo(first);
        assertThat(first.restart()).map(TopologyStep::subject).hasValue("redis-app-2");
    }

    @Test
    void layoutRestoreLeavesAPodThatIsYetToRestartAlone() {
        // After redis-app-3 took over from redis-app-2, masters redis-app-0 and redis-app-3 share Kubernetes node n1;
        // promoting redis-app-2 back would only have the rollout fail it over again.
        String failedOver = nodes(master(0, "0-5460"), master(1, "5461-10922"), replica(2, 3), master(3, "10923-16383"),
                replica(4, 1), replica(5, 0));
        ClusterFacts pending = ClusterFacts.of(SPEC, new ObservedCluster(Facts.all(failedOver, 0, 1, 2, 3, 4, 5)), Set.of(),
                Set.of("redis-app-2"));
        ClusterFacts done = ClusterFacts.of(SPEC, new ObservedCluster(Facts.all(failedOver, 0, 1, 2, 3, 4, 5)), Set.of());

        assertThat(TopologyPlanner.plan(done).commands()).contains("redis-app-2: CLUSTER FAILOVER");
        assertThat(TopologyPlanner.plan(pending).commands()).doesNotContain("redis-app-2: CLUSTER FAILOVER");
    }

    private static Rollout plan(List<ObservedPod> pods, PodRevisions revisions, TopologyPlan rest) {
        return RollingRestart.plan(ClusterFacts.of(SPEC, new ObservedCluster(pods), Set.of()), revisions, rest);
    }

    /** Revision "old" for the given ordinals, "new" (the StatefulSet's) for the other pods of a 6-pod spec. */
    private static PodRevisions revisions(int... outdated) {
        Map<String, String> byPod = new HashMap<>();
        for (int ordinal = 0; ordinal < 6; ordinal++) {
            byPod.put("redis-app-" + ordinal, "new");
        }
        for (int ordinal : outdated) {
            byPod.put("redis-app-" + ordinal, "old");
        }
        return new PodRevisions("new", byPod, true);
    }
}
