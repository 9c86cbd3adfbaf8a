package io.github.rediscluster.reconciler.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.leader.Leadership;
import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import io.github.rediscluster.reconciler.observe.OpenSlot;
import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import io.github.rediscluster.reconciler.testing.ClusterCheck;
import io.github.rediscluster.reconciler.testing.HotSlots;
import io.github.rediscluster.reconciler.testing.LoopTicker;
import io.github.rediscluster.reconciler.testing.Poll;
import io.github.rediscluster.reconciler.testing.RealApiServer;
import io.github.rediscluster.reconciler.testing.SandboxCluster;
import io.github.rediscluster.reconciler.testing.ScalingWatch;
import io.github.rediscluster.reconciler.testing.ServiceInstances;
import io.github.rediscluster.reconciler.testing.SlotMap;
import io.github.rediscluster.reconciler.testing.SoakWorkload;
import io.github.rediscluster.reconciler.testing.SpecFile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.enterprise.inject.Vetoed;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slot moves that a fault cuts short lose no key (issue 16): each case scales the sandbox's cluster under a client
 * writing without end ({@link SoakWorkload}: SET then WAIT 1), waits until a slot is open mid-move (small passes: at
 * most 512 slots and 50 keys each, so a hot slot of 120 keys stays open from one pass to the next), injects the fault,
 * and then wants the cluster healthy and balanced, no slot open, every key written before read back and every write
 * acknowledged during it read back. Faults: none but auth and 1 MB values (3 -> 4 -> 3 masters); the draining master's
 * pod deleted; the importing master stopped past cluster-node-timeout (its replica takes over); the reconciler killed
 * and another instance finishing.
 */
@Tag("e2e")
@Tag("redis7")
@WithKubernetesTestServer(setup = RealApiServer.class)
@QuarkusTest
class SlotMoveFaultsEndToEndTest {

    private static final int PORT = 6379;
    private static final String[] SMALL_PASSES = {"redis-cluster.resharding.slots-per-pass=512",
            "redis-cluster.resharding.keys-per-pass=50"};
    /** With passes of at most 50 keys, a client writing flat out would add keys faster than they move. */
    private static final Duration GENTLE_CLIENT = Duration.ofMillis(20);
    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static final int PLAIN_KEYS = 2_000;
    private static final int BIG_KEYS = 12;
    private static final int ONE_MB = 1 << 20;
    /** Well past the sandbox's cluster-node-timeout (5 s): the node is failed and its replica takes over. */
    private static final Duration PAST_NODE_TIMEOUT = Duration.ofSeconds(12);

    /** The mock API server: {@link SandboxCluster} gives the sandbox a client of its own on it. */
    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @RegisterExtension
    final SandboxCluster run = SandboxCluster.startedByTheTest();

    private final ScalingWatch watch = new ScalingWatch(run, PORT, DEADLINE);
    private SoakWorkload workload;
    private LoopTicker firstInstance;

    /** The client and a first instance first: the extension then stops the loop, the sandbox and the Redis clients. */
    @AfterEach
    void stopTheClientAndTheFirstInstance() throws InterruptedException {
        if (workload != null) {
            workload.close();
        }
        if (firstInstance != null) {
            firstInstance.close();
        }
    }

    @Test
    void withAuthOnAndValuesOfOneMegabyteThreeToFourToThreeMastersKeepsEveryKey() throws Exception {
        String password = "moves-" + UUID.randomUUID();
        run.usePassword(password);
        String auth = "redis-cluster.auth.secret=redis-auth";
        run.startSandbox(SpecFile.with(3, 1, auth));
        client.secrets().inNamespace(SpecFile.NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName("redis-auth")
                .endMetadata().addToData("password", Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)))
                .build()).create();
        run.startLoop();
        watch.awaitBalanced("the classic cluster formed with auth", 3, 1);
        run.keys().write(watch.readyIps(), PORT, PLAIN_KEYS);
        run.keys().write(watch.readyIps(), PORT, "big-", BIG_KEYS, ONE_MB);
        startClient(Duration.ZERO);

        SpecFile.write(SpecFile.with(4, 1, auth));
        watch.awaitBalanced("scaled out to 4 masters with auth", 4, 1);
        SpecFile.write(SpecFile.with(3, 1, auth));
        ClusterCheck.Snapshot after = watch.awaitBalanced("scaled back in to 3 masters on 6 pods", 3, 1);

        List<String> bigMissing = run.keys().missing(watch.readyIps(), PORT, "big-", BIG_KEYS, ONE_MB);
        assertThat(bigMissing).as("1 MB values not read back: %s", SlotMap.describe(after)).isEmpty();
        assertNothingLost(after, PLAIN_KEYS, Optional.empty());
    }

    /**
     * 4 -> 3 masters: the master on a pod beyond the new pod count (the one 3 -> 4 added) gives its slots away; its pod
     * is deleted mid-move (preStop: its replica takes over; no IP for a moment, then back with the same NodeId). No
     * slot may be handed over while that pod is away, nor rolled back over the keys already moved.
     */
    @Test
    void theDrainingMastersPodDeletedMidMoveLosesNoKey() throws Exception {
        run.start(SpecFile.with(3, 1));
        watch.awaitBalanced("the classic cluster formed", 3, 1);
        SpecFile.write(SpecFile.with(4, 1));
        watch.awaitBalanced("scaled out to 4 masters", 4, 1);
        HotSlots hot = HotSlots.write(run.redis(), run.keys(), watch.readyIps(), PORT);
        startClient(GENTLE_CLIENT);

        SpecFile.write(SpecFile.with(3, 1, SMALL_PASSES));
        ClusterCheck.Snapshot moving = watch.await("a leaving pod's master giving a slot away (4 -> 3)", 4, 1,
                cluster -> leavingMigratingMaster(cluster).isPresent());
        String source = leavingMigratingMaster(moving).orElseThrow();
        System.out.printf("%s: deleting %s at %s%n", run.testName(), source, SlotMap.describe(moving));
        run.sandbox().deletePod(source);

        ClusterCheck.Snapshot after = watch.awaitBalanced("the move finished and the leaving pods gone", 3, 1);
        assertThat(run.sandbox().terminations()).as("pods deleted gracefully")
                .anySatisfy(ended -> assertThat(ended.pod()).isEqualTo(source));
        assertNothingLost(after, 0, Optional.of(hot));
    }

    /**
     * 3 -> 4 masters: the new master, which owns slots already and imports another with some of its keys, is stopped
     * past cluster-node-timeout; its replica takes over with the moved keys but without the IMPORTING mark. The move
     * must go on toward it, never roll back over those keys.
     */
    @Test
    void theImportingMasterStoppedPastTheNodeTimeoutLosesNoKey() throws Exception {
        run.start(SpecFile.with(3, 1, SMALL_PASSES));
        Set<String> original = watch.awaitBalanced("the classic cluster formed", 3, 1).masters().keySet();
        HotSlots hot = HotSlots.write(run.redis(), run.keys(), watch.readyIps(), PORT);
        startClient(GENTLE_CLIENT);

        SpecFile.write(SpecFile.with(4, 1, SMALL_PASSES));
        ClusterCheck.Snapshot moving = watch.await("the new master owning slots, importing one, its replica in sync", 4, 1,
                cluster -> failableImporter(cluster, original).isPresent());
        String importer = failableImporter(moving, original).orElseThrow();
        SandboxPod replica = replicaOf(moving, importer);
        System.out.printf("%s: stopping %s for %d s at %s%n", run.testName(), importer, PAST_NODE_TIMEOUT.toSeconds(),
                SlotMap.describe(moving));
        run.sandbox().stopPod(importer, PAST_NODE_TIMEOUT);
        Poll.until(replica.name() + ", the replica of " + importer + ", taking over", DEADLINE,
                () -> roleOf(replica), role -> role.startsWith("master"));

        ClusterCheck.Snapshot after = watch.awaitBalanced("the move finished after the failover", 4, 1);
        assertNothingLost(after, 0, Optional.of(hot));
    }

    /**
     * 3 -> 4 masters run by a first instance, killed mid-pass while a slot is open (it may no longer write: it stops
     * before its next Redis step, as a process killed between two commands); a second instance, which knows nothing
     * of the first's passes, finishes the move from what the nodes show.
     */
    @Test
    void theReconcilerKilledMidMoveLeavesTheMoveToASecondInstance() throws Exception {
        run.startSandbox(SpecFile.with(3, 1, SMALL_PASSES));
        KillableLeadership firstLease = new KillableLeadership(client);
        ReconcileLoop first = ServiceInstances.another(firstLease);
        firstInstance = LoopTicker.start(first);
        Set<String> original = watch.awaitBalanced("the classic cluster formed by the first instance", 3, 1).masters().keySet();
        HotSlots hot = HotSlots.write(run.redis(), run.keys(), watch.readyIps(), PORT);
        startClient(GENTLE_CLIENT);

        SpecFile.write(SpecFile.with(4, 1, SMALL_PASSES));
        watch.await("3 -> 4 under way, at most 3072 slots moved, a slot open, a pass running", 4, 1,
                cluster -> SlotMap.hasOpenSlot(cluster) && SlotMap.slotsMovedTo(cluster, original) <= 3072
                        && first.status().passRunningSince().isPresent());
        firstLease.kill();
        firstInstance.close();
        firstInstance = null;
        ClusterCheck.Snapshot killed = ClusterCheck.take(run.redis(), PORT, run.sandbox().pods(), 4, 1);
        System.out.printf("%s: first instance killed at %s%n", run.testName(), SlotMap.describe(killed));
        assertThat(SlotMap.slotsMovedTo(killed, original)).as("the move unfinished: %s", SlotMap.describe(killed))
                .isLessThan(4096);

        run.startLoop();
        ClusterCheck.Snapshot after = watch.awaitBalanced("the move finished by the second instance", 4, 1);
        assertNothingLost(after, 0, Optional.of(hot));
    }

    // --- set-up

    private void startClient(Duration pause) {
        workload = new SoakWorkload(watch::readyIps, PORT, pause, run.password()).start();
    }

    /**
     * A Lease this instance holds until {@link #kill()}: from then on it neither leads nor may write, so a pass in
     * flight stops before its next Redis step (the fence), as a killed process would have stopped. Vetoed: it would
     * inherit Leadership's scope and become a second bean of its type.
     */
    @Vetoed
    private static final class KillableLeadership extends Leadership {

        private volatile boolean killed;

        KillableLeadership(KubernetesClient client) {
            super(client, false, "killable", Optional.of(SpecFile.NAMESPACE), Optional.of("first-instance"),
                    Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
        }

        void kill() {
            killed = true;
        }

        @Override
        public boolean isLeader() {
            return !killed;
        }

        @Override
        public boolean holdsLeaseFor(Duration margin) {
            return !killed;
        }
    }

    // --- what the cluster looks like

    /** A master on a pod beyond the 6 the 3-master spec keeps, giving a slot away. */
    private static Optional<String> leavingMigratingMaster(ClusterCheck.Snapshot cluster) {
        return cluster.nodes().stream().filter(node -> ordinal(node.pod()) >= 6 && node.myself().master())
                .filter(node -> node.myself().openSlots().stream().anyMatch(open -> open.direction() == OpenSlot.Direction.MIGRATING))
                .map(node -> node.pod().name()).findFirst();
    }

    /**
     * A master added by the move that owns slots already (a replica of a master without slots never takes over),
     * imports another, and has a replica in sync (which holds the keys moved so far).
     */
    private static Optional<String> failableImporter(ClusterCheck.Snapshot cluster, Set<String> original) {
        return cluster.nodes().stream().filter(node -> !original.contains(node.pod().name()) && node.myself().master()
                && node.myself().ownsSlots()
                && node.myself().openSlots().stream().anyMatch(open -> open.direction() == OpenSlot.Direction.IMPORTING))
                .filter(node -> cluster.nodes().stream().anyMatch(replica -> replica.myself().masterId()
                        .filter(node.myId()::equals).isPresent() && "up".equals(replica.info().get("master_link_status"))))
                .map(node -> node.pod().name()).findFirst();
    }

    private static SandboxPod replicaOf(ClusterCheck.Snapshot cluster, String master) {
        String id = cluster.node(master).myId();
        return cluster.nodes().stream().filter(node -> node.myself().masterId().filter(id::equals).isPresent())
                .map(ClusterCheck.NodeState::pod).findFirst().orElseThrow();
    }

    /** The first line of ROLE (master or slave), or what went wrong asking. */
    private String roleOf(SandboxPod pod) {
        try {
            return run.redis().call(pod.ip(), PORT, "ROLE");
        } catch (Exception e) {
            return "no answer: " + e.getMessage();
        }
    }

    private static int ordinal(SandboxPod pod) {
        return Integer.parseInt(pod.name().substring(pod.name().lastIndexOf('-') + 1));
    }

    // --- assertions

    /**
     * No slot open anywhere (the balanced check includes it), every key written before the move reads back, and so
     * does every write the client had acknowledged during it.
     */
    private void assertNothingLost(ClusterCheck.Snapshot after, int plainKeys, Optional<HotSlots> hot) throws InterruptedException {
        workload.stop();
        SoakWorkload.Stats stats = workload.stats();
        System.out.printf("%s: %s%nclient: %s%n", run.testName(), SlotMap.describe(after), stats);
        assertThat(SlotMap.openSlots(after)).as("slots left open").isEmpty();
        List<String> missing = new ArrayList<>(run.keys().missing(watch.readyIps(), PORT, plainKeys));
        hot.ifPresent(slots -> missing.addAll(slots.missing(run.keys(), watch.readyIps(), PORT)));
        assertThat(missing).as("keys written before the move, not read back after it; %s", SlotMap.describe(after)).isEmpty();
        assertThat(stats.acknowledged()).as("writes acknowledged during the move: %s", stats).isPositive();
        assertThat(workload.lostAcknowledged()).as("acknowledged writes lost; client %s; %s", stats, SlotMap.describe(after))
                .isEmpty();
    }
}
