package io.github.rediscluster.reconciler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.desired.RedisConfig;
import io.github.rediscluster.reconciler.observe.ClusterNode;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.sim.SimCluster;
import io.github.rediscluster.reconciler.testing.sim.SimPass;
import io.github.rediscluster.reconciler.testing.sim.SimServers;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.github.rediscluster.reconciler.desired.RedisConfig;

/**
 * Pins how a pass grows with the pods, on fake cluster members ({@link SimServers}) at two sizes: commands per pass
 * linear in the pods, the parsed CLUSTER NODES lines shared between views (about 2n objects, not n x n) and one String
 * per NodeId, forming with fewer MEETs than pods, a full restart's MEETs bounded per pass. Timings and memory in figures are {@code SimulationBenchmark}'s.
 */
class SimulatedPassTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aSteadyPassSendsTheSameCommandsPerPodAtEverySizeAndSharesTheParsedLines() {
        // Both above the size from which the observer closes a connection once read: it is closed after the CONFIG GETs,
        // which ride in the same round trip as the topology's reads.
        long perPodSmall = steadyCommandsPerPod(200);
        long perPodLarge = steadyCommandsPerPod(300);

        assertThat(perPodLarge).isEqualTo(perPodSmall);
    }

    private static long steadyCommandsPerPod(int pods) {
        int port = SimServers.freePort();
        SimCluster cluster = settled(pods, 10, "7.0.15");
        ClusterSpec spec = spec(cluster, port);
        try (SimServers servers = new SimServers(cluster, port, Duration.ZERO)) {
            SimPass pass = SimPass.run(vertx, spec, SimPass.pods(cluster));

            assertThat(pass.plan().converged()).as("%s", pass.plan().findings()).isTrue();
            Set<ClusterNode> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
            pass.observed().pods().stream().flatMap(pod -> pod.view().stream()).forEach(view -> distinct.addAll(view.nodes()));
            assertThat(pass.observed().pods()).allMatch(ObservedPod::answered);
            // Each node's own line, and one line per node that all the others share.
            assertThat(distinct).hasSize(2 * pods);
            // One String per NodeId, however many views and lines name it (as a line's id or its master's).
            Set<String> ids = Collections.newSetFromMap(new IdentityHashMap<>());
            distinct.forEach(node -> {
                ids.add(node.id());
                node.masterId().ifPresent(ids::add);
            });
            pass.observed().pods().forEach(pod -> ids.add(pod.view().orElseThrow().myId()));
            assertThat(ids).hasSize(pods);
            assertThat(cluster.totalCommands() % pods).isZero();
            // One connection a pod (one HELLO), its 6 reads and one CONFIG GET per directive the spec sets.
            assertThat(cluster.counts()).containsEntry("HELLO", (long) pods)
                    .containsEntry("CONFIG GET", (long) pods * RedisConfig.tunable(spec).size());
            assertThat(cluster.totalCommands()).isEqualTo(pods * (1 + 6 + RedisConfig.tunable(spec).size()));
            return cluster.totalCommands() / pods;
        }
    }

    @Test
    void formingMeetsEveryNodeWithOneSeedAndGossipDoesTheRest() {
        int pods = 120;
        int port = SimServers.freePort();
        SimCluster cluster = new SimCluster(SimServers.ips(pods, 11), "7.0.15");
        cluster.freshFrom(0);
        ClusterSpec spec = SimPass.spec(port, pods / 2);
        cluster.configure(RedisConfig.tunable(spec));
        try (SimServers servers = new SimServers(cluster, port, Duration.ZERO)) {
            SimPass forming = SimPass.run(vertx, spec, SimPass.pods(cluster));

            assertThat(forming.failures()).isEmpty();
            assertThat(cluster.count("CLUSTER MEET")).isEqualTo(pods - 1);
            cluster.settleGossip();
            assertThat(cluster.fullyMeshed()).isTrue();
            cluster.resetCounts();
            SimPass replicas = SimPass.run(vertx, spec, SimPass.pods(cluster));
            assertThat(replicas.failures()).isEmpty();
            assertThat(cluster.count("CLUSTER REPLICATE")).isEqualTo(pods / 2);
            assertThat(cluster.count("CLUSTER MEET")).isZero();
            assertThat(SimPass.run(vertx, spec, SimPass.pods(cluster)).plan().converged()).isTrue();
        }
    }

    /** The one quadratic part, pinned so that a change to it is seen: each moved pair is met once, from one side. */
    @Test
    void aFullRestartOnNewIpsIsHealedInOnePassWithAMeetPerPair() {
        int pods = 40;
        healFullRestart(pods, 12, "6.2.11", (cluster, heal) ->
                assertThat(cluster.count("CLUSTER MEET")).isEqualTo((long) pods * (pods - 1) / 2));
    }

    /**
     * Beyond {@code Rejoin.MEETS_PER_PASS} moved pairs (300 pods: 44,850), a pass sends that many MEETs, the first
     * pod's to every moved node first; gossip (which in Redis mends the addresses of peers flagged failing) does the
     * rest, and the next pass has nothing to meet.
     */
    @Test
    void aFullRestartBeyondTheMeetBudgetMeetsEveryMovedNodeFromTheFirstPodAndLeavesTheRestToGossip() {
        int pods = 300;
        healFullRestart(pods, 14, "7.0.15", (cluster, heal) -> {
            assertThat(cluster.count("CLUSTER MEET")).isEqualTo(10_000);
            String seed = SimPass.pods(cluster).get(0).name();
            assertThat(heal.plan().steps().stream().flatMap(step -> step.commands().stream())
                    .filter(command -> command.pod().equals(seed))).hasSize(pods - 1);
            cluster.settleGossip();
        });
    }

    /**
     * A settled cluster restarted on new IPs ({@code life + 1}), one pass, {@code check}, then every node must see every
     * other at its new address and the next pass must have nothing to do.
     */
    private static void healFullRestart(int pods, int life, String version, BiConsumer<SimCluster, SimPass> check) {
        int port = SimServers.freePort();
        SimCluster cluster = settled(pods, life, version);
        ClusterSpec spec = spec(cluster, port);
        try (SimServers servers = new SimServers(cluster, port, Duration.ZERO)) {
            cluster.restartAll(SimServers.ips(pods, life + 1));
            servers.relisten();

            SimPass heal = SimPass.run(vertx, spec, SimPass.pods(cluster));

            assertThat(heal.failures()).isEmpty();
            check.accept(cluster, heal);
            assertThat(cluster.fullyMeshed()).isTrue();
            cluster.resetCounts();
            assertThat(SimPass.run(vertx, spec, SimPass.pods(cluster)).plan().converged()).isTrue();
            assertThat(cluster.count("CLUSTER MEET")).isZero();
        }
    }

    /** A settled cluster of {@code pods} (half masters) on the {@code life}-th set of loopback IPs. */
    private static SimCluster settled(int pods, int life, String version) {
        SimCluster cluster = new SimCluster(SimServers.ips(pods, life), version);
        cluster.formSettled(pods / 2);
        return cluster;
    }

    /** Half the pods masters with one replica each; every node started with the spec's redis.conf. */
    private static ClusterSpec spec(SimCluster cluster, int port) {
        ClusterSpec spec = SimPass.spec(port, cluster.size() / 2);
        cluster.configure(RedisConfig.tunable(spec));
        return spec;
    }
}
