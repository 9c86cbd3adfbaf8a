package io.github.rediscluster.reconciler.e2e;

import io.github.rediscluster.reconciler.observe.OpenSlot;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.desired.ClusterNames;
import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import io.github.rediscluster.reconciler.testing.ClusterCheck;
import io.github.rediscluster.reconciler.testing.HotSlots;
import io.github.rediscluster.reconciler.testing.SlotMap;
import io.github.rediscluster.reconciler.testing.SandboxCluster;
import io.github.rediscluster.reconciler.testing.ScalingWatch;
import io.github.rediscluster.reconciler.testing.SoakWorkload;
import io.github.rediscluster.reconciler.testing.SpecFile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.github.rediscluster.reconciler.testing.RealApiServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scaling by spec edit on a real Redis Cluster in the sandbox: a master added and one removed, a second replica per
 * master added and removed, each time with the hash slots moved with their keys while a client writes and reads
 * ({@link SoakWorkload}: SET then WAIT 1, so a write counts once a replica has it); and a move cut short, by
 * stopping the reconciler or by stopping a master that gives slots away, is finished afterwards. Each case starts
 * from empty pods that the service forms into a cluster; the loop ticks every second, as deployed.
 */
@Tag("e2e")
@Tag("redis7")
@WithKubernetesTestServer(setup = RealApiServer.class)
@QuarkusTest
class ScalingEndToEndTest {

    private static final int PORT = 6379;
    /** What issue 6 asks a change of masters to carry. */
    private static final int KEYS = 10_000;
    /** Where the number does not matter (no slot moves when replicas change), fewer keys write and read faster. */
    private static final int FEW_KEYS = 1_000;
    private static final String[] SMALL_PASSES = {"redis-cluster.resharding.slots-per-pass=512",
            "redis-cluster.resharding.keys-per-pass=50"};
    /** With passes of at most 50 keys, a client writing flat out would add keys faster than they move. */
    private static final Duration GENTLE_CLIENT = Duration.ofMillis(20);
    /** Two cores start the pods one by one, and Redis 7.0 holds a new replica's first sync for 5 s (repl-diskless-sync-delay). */
    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static final String NFS_EXPORT = "192.168.184.122/usr/local/k8s/redis";

    /** The mock API server: {@link SandboxCluster} gives the sandbox a client of its own on it. */
    @KubernetesTestServer
    KubernetesServer server;

    @RegisterExtension
    final SandboxCluster run = SandboxCluster.startedByTheTest();

    private final ScalingWatch watch = new ScalingWatch(run, PORT, DEADLINE);
    private SoakWorkload workload;

    /** The client first: the extension then stops the loop, the sandbox and the Redis clients. */
    @AfterEach
    void stopTheClient() throws InterruptedException {
        if (workload != null) {
            workload.close();
        }
    }

    @Test
    void aFourthMasterTakesAQuarterOfTheSlotsWithTheirKeys() throws Exception {
        run.start(SpecFile.CLASSIC);
        awaitBalanced("the classic cluster formed", 3, 1);
        run.keys().write(readyIps(), PORT, KEYS);
        startClient(Duration.ZERO);

        SpecFile.write(SpecFile.withMasters(4));

        ClusterCheck.Snapshot after = awaitBalanced("scaled out to 4 masters", 4, 1);
        assertNothingLost(after, KEYS, Optional.empty());
    }

    @Test
    void withoutItsFourthMasterTheClusterKeepsEveryKeyAndTheRemovedPodsVolumes() throws Exception {
        // The 4-master spec is in force before the first pass, so the cluster is formed with 4 masters.
        run.start(SpecFile.withMasters(4));
        ClusterCheck.Snapshot before = awaitBalanced("the 4-master cluster formed", 4, 1);
        List<RemovedPod> removed = podsFrom(before, 6);
        run.keys().write(readyIps(), PORT, KEYS);
        startClient(Duration.ZERO);

        SpecFile.write(SpecFile.CLASSIC);

        ClusterCheck.Snapshot after = awaitBalanced("scaled in to 3 masters on 6 pods", 3, 1);
        assertGoneButKept(after, removed);
        assertNothingLost(after, KEYS, Optional.empty());
    }

    @Test
    void aSecondReplicaPerMasterComesAndGoesWithoutMovingASlot() throws Exception {
        run.start(SpecFile.CLASSIC);
        ClusterCheck.Snapshot before = awaitBalanced("the classic cluster formed", 3, 1);
        run.keys().write(readyIps(), PORT, FEW_KEYS);
        startClient(Duration.ZERO);

        SpecFile.write(SpecFile.with(3, 2));
        ClusterCheck.Snapshot grown = awaitBalanced("2 replicas per master on 9 pods", 3, 2);
        List<RemovedPod> removed = podsFrom(grown, 6);
        SpecFile.write(SpecFile.CLASSIC);

        ClusterCheck.Snapshot after = awaitBalanced("back to 1 replica per master on 6 pods", 3, 1);
        // Replicas come and go; the masters keep their slots, so none fails over and no slot moves.
        assertThat(grown.masters()).as("masters with 2 replicas each: %s", describe(grown)).isEqualTo(before.masters());
        assertThat(after.masters()).as("masters back to 1 replica each: %s", describe(after)).isEqualTo(before.masters());
        assertGoneButKept(after, removed);
        assertNothingLost(after, FEW_KEYS, Optional.empty());
    }

    @Test
    void aSourceMasterStoppedMidMoveComesBackAndTheMoveFinishes() throws Exception {
        run.start(SpecFile.with(3, 1, SMALL_PASSES));
        Set<String> original = awaitBalanced("the classic cluster formed", 3, 1).masters().keySet();
        HotSlots hot = HotSlots.write(run.redis(), run.keys(), readyIps(), PORT);
        startClient(GENTLE_CLIENT);

        SpecFile.write(SpecFile.with(4, 1, SMALL_PASSES));
        ClusterCheck.Snapshot moving = awaitEarlyInTheMove("a slot MIGRATING from its master", original,
                cluster -> SlotMap.opening(cluster, OpenSlot.Direction.MIGRATING).isPresent());
        String source = SlotMap.opening(moving, OpenSlot.Direction.MIGRATING).orElseThrow();
        String oldIp = run.sandbox().pod(source).orElseThrow().ip();
        System.out.printf("%s: stopping %s at %s%n", run.testName(), source, describe(moving));
        // Deleted through the API (SIGTERM, as a drain does): a SIGKILL could lose the last second of its writes
        // (appendfsync everysec), which is Redis's durability promise, not the reconciler's.
        run.sandbox().deletePod(source);

        ClusterCheck.Snapshot after = awaitBalanced("the move finished after " + source + " came back", 4, 1,
                pods -> pods.stream().anyMatch(pod -> pod.name().equals(source) && !pod.ip().equals(oldIp)));
        assertNothingLost(after, 0, Optional.of(hot));
    }

    // --- set-up

    /** The client writes and reads through the pods Ready at each (re)connection, as through the access Service. */
    private void startClient(Duration pause) {
        workload = new SoakWorkload(this::readyIps, PORT, pause).start();
    }

    // --- waiting

    private ClusterCheck.Snapshot awaitBalanced(String what, int masters, int replicasPerMaster) {
        return watch.awaitBalanced(what, masters, replicasPerMaster);
    }

    private ClusterCheck.Snapshot awaitBalanced(String what, int masters, int replicasPerMaster,
            Predicate<List<SandboxPod>> podsAsWanted) {
        return watch.awaitBalanced(what, masters, replicasPerMaster, podsAsWanted);
    }

    /**
     * Polls the 3 -> 4 move (all 8 pods Ready) until {@code moving} holds while at most 3072 slots have moved: two
     * passes of 512 more still leave the move unfinished, so it is still under way when the test acts on it.
     */
    private ClusterCheck.Snapshot awaitEarlyInTheMove(String what, Set<String> originalMasters,
            Predicate<ClusterCheck.Snapshot> moving) {
        return watch.await("3 -> 4 masters under way, at most 3072 slots moved: " + what, 4, 1,
                cluster -> moving.test(cluster) && SlotMap.slotsMovedTo(cluster, originalMasters) <= 3072);
    }

    // --- what the cluster looks like

    private static String describe(ClusterCheck.Snapshot cluster) {
        return SlotMap.describe(cluster);
    }

    // --- assertions

    /** A pod that a scale-in removes: its NodeId, and its PV's NFS directory, which stays. */
    private record RemovedPod(String name, String nodeId, Path dataDirectory) {
    }

    /** The pods from {@code ordinal} on, whose PVs must be NFS directories pv(ordinal + 1) and on. */
    private List<RemovedPod> podsFrom(ClusterCheck.Snapshot cluster, int ordinal) {
        List<RemovedPod> removed = new ArrayList<>();
        for (ClusterCheck.NodeState node : cluster.nodes()) {
            int podOrdinal = Integer.parseInt(node.pod().name().substring(node.pod().name().lastIndexOf('-') + 1));
            if (podOrdinal >= ordinal) {
                Path data = node.pod().hostPath(ClusterNames.DATA_DIR).orElseThrow();
                assertThat(data.toAbsolutePath().normalize()).as("%s's data directory", node.pod().name())
                        .isEqualTo(run.sandbox().nfsRoot().resolve(NFS_EXPORT).resolve("pv" + (podOrdinal + 1)).toAbsolutePath()
                                .normalize());
                removed.add(new RemovedPod(node.pod().name(), node.myId(), data));
            }
        }
        assertThat(removed).as("pods from ordinal %d: %s", ordinal, describe(cluster)).isNotEmpty();
        return removed;
    }

    /** The removed pods are gone and forgotten by every node, and their PVs keep their data (nodes.conf: who they were). */
    private void assertGoneButKept(ClusterCheck.Snapshot after, List<RemovedPod> removed) throws IOException {
        List<String> names = removed.stream().map(RemovedPod::name).toList();
        assertThat(run.sandbox().pods()).extracting(SandboxPod::name).as("pods left").doesNotContainAnyElementsOf(names);
        for (RemovedPod pod : removed) {
            assertThat(after.nodes()).as("nodes that still know %s (%s): %s", pod.name(), pod.nodeId(), describe(after))
                    .allSatisfy(node -> assertThat(node.view()).noneMatch(line -> line.id().equals(pod.nodeId())));
            Path nodesConf = pod.dataDirectory().resolve("nodes.conf");
            assertThat(nodesConf).as("%s's nodes.conf on its PV", pod.name()).isRegularFile();
            assertThat(Files.readAllLines(nodesConf)).as("%s's nodes.conf", pod.name())
                    .anyMatch(line -> line.startsWith(pod.nodeId() + " ") && line.contains("myself"));
        }
    }

    /**
     * After the move: every key written before it reads back ({@code plainKeys} key-i, and the hot slots' keys),
     * and every write the client had acknowledged during it.
     */
    private void assertNothingLost(ClusterCheck.Snapshot after, int plainKeys, Optional<HotSlots> hot)
            throws InterruptedException {
        workload.stop();
        SoakWorkload.Stats client = workload.stats();
        System.out.printf("%s: %s%nclient: %s%n", run.testName(), describe(after), client);
        List<String> missing = new ArrayList<>(run.keys().missing(readyIps(), PORT, plainKeys));
        hot.ifPresent(slots -> missing.addAll(slots.missing(run.keys(), readyIps(), PORT)));
        assertThat(missing).as("keys written before the move, not read back after it; %s", describe(after)).isEmpty();
        assertThat(client.acknowledged()).as("writes acknowledged during the move: %s", client).isPositive();
        assertThat(workload.lostAcknowledged()).as("acknowledged writes lost; client %s; %s", client, describe(after))
                .isEmpty();
    }

    private List<String> readyIps() {
        return watch.readyIps();
    }
}
