package io.github.rediscluster.reconciler.plan;

import io.github.rediscluster.reconciler.observe.ClusterNode;
import io.github.rediscluster.reconciler.observe.ClusterNodesParser;
import io.github.rediscluster.reconciler.observe.ObservedCluster;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisPod;
import io.github.rediscluster.reconciler.observe.RedisView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.Specs;
import io.github.rediscluster.reconciler.plan.TopologyStep.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The planner on literal CLUSTER NODES texts, one per pod: 3 masters with 1 replica each, pods redis-app-0..5 at
 * 10.0.0.1..6 on Kubernetes nodes n1, n2, n3, n1, n2, n3.
 */
class TopologyPlannerTest {

    private static final ClusterSpec SPEC = Specs.classic();

    private static final String V6 = "6.2.11";
    private static final String V7 = "7.0.15";
    private static final String[] ID = Facts.ID;
    private static final String[] K8S_NODE = {"n1", "n2", "n3", "n1", "n2", "n3"};
    /** The NodeId a pod gets when its data directory was lost. */
    private static final String NEW_ID = "0e5f2b79c1d84a3e9f6a7b8c9d0e1f2a3b4c5d6e";
    private static final String NEW_ID_2 = "9a8b7c6d5e4f30211203f4e5d6c7b8a900112233";

    /** Healthy: masters 0, 1, 2; redis-app-3 replicates 1, redis-app-4 replicates 2, redis-app-5 replicates 0. */
    private static final String HEALTHY = """
            7d08268b8078d12e0be3af4170c92a3f4b9eec65 10.0.0.1:6379@16379 master - 0 1795687060000 1 connected 0-5460
            152b04d948dc28bdc814c0675175f1377f040683 10.0.0.2:6379@16379 master - 0 1795687060000 2 connected 5461-10921
            dc4320fdf94384a972f7a830d5a1d7c43442dce3 10.0.0.3:6379@16379 master - 0 1795687060000 3 connected 10922-16383
            f2c6b6ada33235cb90017a369d34a5ee862ff367 10.0.0.4:6379@16379 slave 152b04d948dc28bdc814c0675175f1377f040683 0 1795687060000 2 connected
            7a401580c1eacf8e10cb5bf3dc6d5881363a2748 10.0.0.5:6379@16379 slave dc4320fdf94384a972f7a830d5a1d7c43442dce3 0 1795687060000 3 connected
            cabfa8ff84a194ad09e971ef47cd6cf0497fc6a1 10.0.0.6:6379@16379 slave 7d08268b8078d12e0be3af4170c92a3f4b9eec65 0 1795687060000 1 connected
            """;

    /** The bootstrap went through: masters own their slots, everyone met, redis-app-3..5 are masters without slots. */
    private static final String BOOTSTRAPPED = """
            7d08268b8078d12e0be3af4170c92a3f4b9eec65 10.0.0.1:6379@16379 master - 0 1795687060000 1 connected 0-5460
            152b04d948dc28bdc814c0675175f1377f040683 10.0.0.2:6379@16379 master - 0 1795687060000 2 connected 5461-10921
            dc4320fdf94384a972f7a830d5a1d7c43442dce3 10.0.0.3:6379@16379 master - 0 1795687060000 3 connected 10922-16383
            f2c6b6ada33235cb90017a369d34a5ee862ff367 10.0.0.4:6379@16379 master - 0 1795687060000 4 connected
            7a401580c1eacf8e10cb5bf3dc6d5881363a2748 10.0.0.5:6379@16379 master - 0 1795687060000 5 connected
            cabfa8ff84a194ad09e971ef47cd6cf0497fc6a1 10.0.0.6:6379@16379 master - 0 1795687060000 6 connected
            """;

    /** How every node remembers the others after all of them restarted on new IPs (as Redis 6.2 showed it 7 s later). */
    private static final String BEFORE_RESTART = """
            7d08268b8078d12e0be3af4170c92a3f4b9eec65 10.0.0.1:6379@16379 master - 1795687079412 1795687076900 1 disconnected 0-5460
            152b04d948dc28bdc814c0675175f1377f040683 10.0.0.2:6379@16379 master,fail? - 1795687077806 1795687076900 2 disconnected 5461-10921
            dc4320fdf94384a972f7a830d5a1d7c43442dce3 10.0.0.3:6379@16379 master - 1795687079412 1795687076900 3 disconnected 10922-16383
            f2c6b6ada33235cb90017a369d34a5ee862ff367 10.0.0.4:6379@16379 slave 152b04d948dc28bdc814c0675175f1377f040683 1795687079412 1795687076900 2 disconnected
            7a401580c1eacf8e10cb5bf3dc6d5881363a2748 10.0.0.5:6379@16379 slave,fail? dc4320fdf94384a972f7a830d5a1d7c43442dce3 1795687078809 1795687076900 3 disconnected
            cabfa8ff84a194ad09e971ef47cd6cf0497fc6a1 10.0.0.6:6379@16379 slave 7d08268b8078d12e0be3af4170c92a3f4b9eec65 1795687079412 1795687076900 1 disconnected
            """;

    /** redis-app-3 took over redis-app-1's slots; redis-app-0 and redis-app-3 are now both masters on n1. */
    private static final String AFTER_FAILOVER = """
            7d08268b8078d12e0be3af4170c92a3f4b9eec65 10.0.0.1:6379@16379 master - 0 1795687060000 1 connected 0-5460
            152b04d948dc28bdc814c0675175f1377f040683 10.0.0.2:6379@16379 slave f2c6b6ada33235cb90017a369d34a5ee862ff367 0 1795687060000 4 connected
            dc4320fdf94384a972f7a830d5a1d7c43442dce3 10.0.0.3:6379@16379 master - 0 1795687060000 3 connected 10922-16383
            f2c6b6ada33235cb90017a369d34a5ee862ff367 10.0.0.4:6379@16379 master - 0 1795687060000 4 connected 5461-10921
            7a401580c1eacf8e10cb5bf3dc6d5881363a2748 10.0.0.5:6379@16379 slave dc4320fdf94384a972f7a830d5a1d7c43442dce3 0 1795687060000 3 connected
            cabfa8ff84a194ad09e971ef47cd6cf0497fc6a1 10.0.0.6:6379@16379 slave 7d08268b8078d12e0be3af4170c92a3f4b9eec65 0 1795687060000 1 connected
            """;

    private static final String HANDSHAKE = "e1ac5cb06a6a32dfb7d03f6ee41e8b5ab0b6e40f 10.0.0.9:6379@16379 handshake - 0 0 0 disconnected";

    // ---- bootstrap ----

    @Test
    void sixFreshPodsOnRedis70AreFormedIntoThreeMastersWithAMeetPerPair() {
        TopologyPlan plan = plan(new ObservedCluster(IntStream.range(0, 6).mapToObj(o -> fresh(o, V7, 0)).toList()));

        assertThat(kinds(plan)).containsExactly(Kind.BOOTSTRAP, Kind.MEET_ALL);
        assertThat(plan.commands()).startsWith(
                "redis-app-0: CLUSTER SET-CONFIG-EPOCH 1",
                "redis-app-1: CLUSTER SET-CONFIG-EPOCH 2",
                "redis-app-2: CLUSTER SET-CONFIG-EPOCH 3",
                "redis-app-3: CLUSTER SET-CONFIG-EPOCH 4",
                "redis-app-4: CLUSTER SET-CONFIG-EPOCH 5",
                "redis-app-5: CLUSTER SET-CONFIG-EPOCH 6",
                "redis-app-0: CLUSTER ADDSLOTSRANGE 0 5460",
                "redis-app-1: CLUSTER ADDSLOTSRANGE 5461 10921",
                "redis-app-2: CLUSTER ADDSLOTSRANGE 10922 16383");
        // A few pods: every pair meets once, so that no node waits for gossip to introduce another.
        assertThat(plan.steps().get(1).commands()).extracting(RedisCommand::toString).hasSize(15).contains(
                "redis-app-0: CLUSTER MEET 10.0.0.2 6379",
                "redis-app-4: CLUSTER MEET 10.0.0.6 6379");
        assertThat(plan.refusals()).isEmpty();
    }

    @Test
    void sixFreshPodsOnRedis62GetEverySlotListedWithAddSlots() {
        TopologyPlan plan = plan(new ObservedCluster(IntStream.range(0, 6).mapToObj(o -> fresh(o, V6, 0)).toList()));

        assertThat(kinds(plan)).containsExactly(Kind.BOOTSTRAP, Kind.MEET_ALL);
        List<RedisCommand> commands = plan.steps().get(0).commands();
        assertThat(commands).hasSize(9);
        assertThat(plan.commands().subList(0, 6)).containsExactly(
                "redis-app-0: CLUSTER SET-CONFIG-EPOCH 1",
                "redis-app-1: CLUSTER SET-CONFIG-EPOCH 2",
                "redis-app-2: CLUSTER SET-CONFIG-EPOCH 3",
                "redis-app-3: CLUSTER SET-CONFIG-EPOCH 4",
                "redis-app-4: CLUSTER SET-CONFIG-EPOCH 5",
                "redis-app-5: CLUSTER SET-CONFIG-EPOCH 6");
        assertAddSlots(commands.get(6), "redis-app-0", 0, 5460);
        assertAddSlots(commands.get(7), "redis-app-1", 5461, 10921);
        assertAddSlots(commands.get(8), "redis-app-2", 10922, 16383);
        assertThat(plan.steps().get(1).commands()).hasSize(15);
    }

    @Test
    void noClusterIsFormedWhileOnePodDoesNotAnswer() {
        List<ObservedPod> pods = new ArrayList<>(IntStream.range(0, 5).mapToObj(o -> fresh(o, V7, 0)).toList());
        pods.add(ObservedPod.unreached(new RedisPod("redis-app-5", 5, ip(5), "n3"), "connection refused"));

        TopologyPlan plan = plan(new ObservedCluster(pods));

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.waits()).contains(new Wait(WaitReason.FORMING_AWAITS_PODS, "6 pods", "5"));
        assertThat(plan.waits()).contains(new Wait(WaitReason.POD_NOT_ANSWERING, "redis-app-5", "connection refused"));
    }

    @Test
    void anEmptyLookingPodThatHoldsKeysStopsTheBootstrapForAHuman() {
        List<ObservedPod> pods = new ArrayList<>(IntStream.range(0, 6).mapToObj(o -> fresh(o, V7, 0)).toList());
        pods.set(4, fresh(4, V7, 1200));

        TopologyPlan plan = plan(new ObservedCluster(pods));

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.refusals()).containsExactly(new Refusal(RefusalReason.KEYS_OUTSIDE_SLOTS, "redis-app-4"));
    }

    @Test
    void aBootstrapCutShortDoesNotMeetALoneNodeThatHoldsKeys() {
        List<ObservedPod> pods = new ArrayList<>(IntStream.range(0, 6).mapToObj(o -> fresh(o, V7, 0)).toList());
        String[] slots = {"0-5460", "5461-10921", "10922-16383"};
        for (int o = 0; o < 3; o++) {
            pods.set(o, pod("redis-app-" + o, o, ip(o), K8S_NODE[o],
                    ID[o] + " " + ip(o) + ":6379@16379, myself,master - 0 0 " + (o + 1) + " connected " + slots[o], "fail", V7, 0));
        }
        pods.set(4, fresh(4, V7, 1200));

        TopologyPlan plan = plan(new ObservedCluster(pods));

        assertThat(plan.commands()).noneMatch(command -> command.contains("MEET " + ip(4) + " "));
        assertThat(plan.refusals()).contains(new Refusal(RefusalReason.LONE_NODE_HOLDS_KEYS, "redis-app-4"));
    }

    // ---- replicas ----

    @Test
    void slotlessMastersBecomeReplicasOfMastersOnOtherKubernetesNodes() {
        TopologyPlan plan = plan(new ObservedCluster(cluster(BOOTSTRAPPED)));

        assertThat(kinds(plan)).containsExactly(Kind.REPLICATE, Kind.REPLICATE, Kind.REPLICATE);
        assertThat(plan.commands()).containsExactly(
                "redis-app-3: CLUSTER REPLICATE " + ID[1],
                "redis-app-4: CLUSTER REPLICATE " + ID[2],
                "redis-app-5: CLUSTER REPLICATE " + ID[0]);
        for (TopologyStep step : plan.steps()) {
            RedisCommand command = step.commands().get(0);
            int replica = Integer.parseInt(command.pod().substring("redis-app-".length()));
            int master = List.of(ID).indexOf(command.args().get(2));
            assertThat(K8S_NODE[replica]).as(step.toString()).isNotEqualTo(K8S_NODE[master]);
        }
    }

    // ---- moved nodes ----

    @Test
    void aFullRestartGetsOneMeetPerPairAtTheNewIpsFromThePodThatComesFirst() {
        List<ObservedPod> pods = IntStream.range(0, 6)
                .mapToObj(o -> pod(o, newIp(o), seenBy(ID[o], BEFORE_RESTART.replace(ip(o) + ":", newIp(o) + ":")))).toList();

        TopologyPlan plan = plan(new ObservedCluster(pods));

        // The met node learns the meeting node's new address from its PING: one MEET mends both sides of a pair.
        List<String> everyPair = new ArrayList<>();
        for (int from = 0; from < 6; from++) {
            for (int to = from + 1; to < 6; to++) {
                everyPair.add("redis-app-" + from + ": CLUSTER MEET " + newIp(to) + " 6379");
            }
        }
        assertThat(plan.commands()).hasSize(15).containsExactlyInAnyOrderElementsOf(everyPair);
        assertThat(plan.steps()).allSatisfy(step -> assertThat(step.kind()).isEqualTo(Kind.REJOIN));
        assertThat(plan.steps()).extracting(TopologyStep::subject)
                .containsExactlyInAnyOrder("redis-app-1", "redis-app-2", "redis-app-3", "redis-app-4", "redis-app-5");
    }

    @Test
    void aHandshakeInProgressHoldsBackEveryOtherChange() {
        List<ObservedPod> pods = cluster(BOOTSTRAPPED);
        pods.set(0, pod("redis-app-0", 0, ip(0), K8S_NODE[0], seenBy(ID[0], BOOTSTRAPPED + HANDSHAKE), "ok", V7, 7));

        TopologyPlan plan = plan(new ObservedCluster(pods));

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.waits()).extracting(Wait::reason, Wait::subject).contains(tuple(WaitReason.HANDSHAKE, "redis-app-0"));
    }

    @Test
    void aNewClustersReplicasAreAttachedWhileGossipStillRuns() {
        List<ObservedPod> pods = cluster(BOOTSTRAPPED);
        pods.set(0, pod(0, ip(0), seenBy(ID[0], BOOTSTRAPPED + HANDSHAKE)));

        TopologyPlan plan = plan(new ObservedCluster(pods));

        assertThat(kinds(plan)).containsExactly(Kind.REPLICATE, Kind.REPLICATE, Kind.REPLICATE);
        assertThat(plan.commands()).containsExactly("redis-app-3: CLUSTER REPLICATE " + ID[1],
                "redis-app-4: CLUSTER REPLICATE " + ID[2], "redis-app-5: CLUSTER REPLICATE " + ID[0]);
    }

    @Test
    void aMasterRestartedOnANewIpIsMetThereByTheNodesThatHadItsOldIp() {
        String stale = withLine(HEALTHY, ID[1] + " 10.0.0.2:6379@16379 master,fail? - 1795687077806 1795687076900 2 disconnected 5461-10921");
        String learned = withLine(HEALTHY, ID[1] + " 10.0.1.2:6379@16379 master - 0 1795687080000 2 connected 5461-10921");
        List<ObservedPod> pods = cluster(stale);
        pods.set(1, pod(1, "10.0.1.2", seenBy(ID[1], learned)));
        pods.set(3, pod(3, ip(3), seenBy(ID[3], learned), replication(learned, ID[3])));

        TopologyPlan plan = plan(new ObservedCluster(pods));

        assertThat(kinds(plan)).containsExactly(Kind.REJOIN);
        assertThat(plan.steps().get(0).subject()).isEqualTo("redis-app-1");
        assertThat(plan.commands()).containsExactly(
                "redis-app-0: CLUSTER MEET 10.0.1.2 6379",
                "redis-app-2: CLUSTER MEET 10.0.1.2 6379",
                "redis-app-4: CLUSTER MEET 10.0.1.2 6379",
                "redis-app-5: CLUSTER MEET 10.0.1.2 6379");
    }

    @Test
    void aNodeWhoseOwnLineShowsAnotherIpIsToldToAnnounceItsPodIp() {
        List<ObservedPod> pods = cluster(HEALTHY);
        pods.set(2, pod(2, ip(2), seenBy(ID[2], HEALTHY.replace("10.0.0.3:", "172.17.0.5:"))));

        TopologyPlan plan = plan(new ObservedCluster(pods));

        assertThat(kinds(plan)).containsExactly(Kind.ANNOUNCE_ADDRESS);
        assertThat(plan.commands()).containsExactly("redis-app-2: CONFIG SET cluster-announce-ip 10.0.0.3");
    }

    @Test
    void aWrongOwnAddressIsFixedBeforeAnyOtherChange() {
        List<ObservedPod> pods = cluster(BOOTSTRAPPED);
        pods.set(2, pod(2, ip(2), seenBy(ID[2], BOOTSTRAPPED.replace("10.0.0.3:", "172.17.0.5:"))));

        TopologyPlan plan = plan(new ObservedCluster(pods));

        assertThat(kinds(plan)).containsExactly(Kind.ANNOUNCE_ADDRESS);
        assertThat(plan.commands()).containsExactly("redis-app-2: CONFIG SET cluster-announce-ip 10.0.0.3");
    }

    // ---- a lost data directory ----

    @Test
    void aPodThatLostItsDataIsMetIntoTheClusterAtItsNewIp() {
        TopologyPlan plan = plan(lostData(0));

        assertThat(kinds(plan)).containsExactly(Kind.JOIN);
        assertThat(plan.commands()).containsExactly("redis-app-0: CLUSTER MEET 10.0.1.5 6379");
    }

    @Test
    void aLoneNodeHoldingKeysIsNotMetIntoTheCluster() {
        TopologyPlan plan = plan(lostData(42));

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.refusals()).contains(new Refusal(RefusalReason.LONE_NODE_HOLDS_KEYS, "redis-app-4", "42"));
    }

    @Test
    void theRejoinedEmptyNodeReplicatesTheMasterThatLostItsReplica() {
        String joined = withLine(HEALTHY, ID[4] + " 10.0.0.5:6379@16379 slave,fail " + ID[2] + " 1795687078809 1795687076900 3 disconnected")
                + NEW_ID + " 10.0.1.5:6379@16379 master - 0 1795687080000 0 connected\n";
        List<ObservedPod> pods = cluster(joined);
        pods.set(4, pod(4, "10.0.1.5", seenBy(NEW_ID, joined)));

        TopologyPlan plan = plan(new ObservedCluster(pods));

        assertThat(kinds(plan)).containsExactly(Kind.REPLICATE);
        assertThat(plan.commands()).containsExactly("redis-app-4: CLUSTER REPLICATE " + ID[2]);
    }

    @Test
    void theOldIdOfAReplacedReplicaIsForgottenOnEveryNodeThatListsIt() {
        String replaced = withLine(HEALTHY, ID[4] + " 10.0.0.5:6379@16379 slave,fail " + ID[2] + " 1795687078809 1795687076900 3 disconnected")
                + NEW_ID + " 10.0.1.5:6379@16379 slave " + ID[2] + " 0 1795687080000 3 connected\n";
        List<ObservedPod> pods = cluster(replaced);
        String ownView = withoutLine(replaced, ID[4]);
        pods.set(4, pod(4, "10.0.1.5", seenBy(NEW_ID, ownView), replication(ownView, NEW_ID)));

        TopologyPlan plan = plan(new ObservedCluster(pods));

        assertThat(kinds(plan)).containsExactly(Kind.FORGET);
        assertThat(plan.commands()).containsExactly(
                "redis-app-0: CLUSTER FORGET " + ID[4],
                "redis-app-1: CLUSTER FORGET " + ID[4],
                "redis-app-2: CLUSTER FORGET " + ID[4],
                "redis-app-3: CLUSTER FORGET " + ID[4],
                "redis-app-5: CLUSTER FORGET " + ID[4]);
    }

    @Test
    void aGoneIdOnlySuspectedFailingIsNotForgottenYet() {
        String replaced = withLine(HEALTHY, ID[4] + " 10.0.0.5:6379@16379 slave,fail? " + ID[2] + " 1795687078809 1795687076900 3 disconnected")
                + NEW_ID + " 10.0.1.5:6379@16379 slave " + ID[2] + " 0 1795687080000 3 connected\n";
        List<ObservedPod> pods = cluster(replaced);
        pods.set(4, pod(4, "10.0.1.5", seenBy(NEW_ID, replaced), replication(replaced, NEW_ID)));

        TopologyPlan plan = plan(new ObservedCluster(pods));

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.waits()).anySatisfy(wait -> {
            assertThat(wait.reason()).isEqualTo(WaitReason.GONE_NODE_NOT_FAILED);
            assertThat(wait.subject()).contains(ID[4].substring(0, 8));
        });
    }

    @Test
    void aGoneMasterThatStillOwnsSlotsIsNeverForgottenAndAHumanIsAsked() {
        // redis-app-1 (the master of 5461-10921) and redis-app-3 (its replica) both lost their data and were met back in.
        String text = withLine(withLine(HEALTHY,
                ID[1] + " 10.0.0.2:6379@16379 master,fail - 1795687077806 1795687076900 2 disconnected 5461-10921"),
                ID[3] + " 10.0.0.4:6379@16379 slave,fail " + ID[1] + " 1795687077806 1795687076900 2 disconnected")
                + NEW_ID + " 10.0.1.2:6379@16379 master - 0 1795687080000 0 connected\n"
                + NEW_ID_2 + " 10.0.1.4:6379@16379 master - 0 1795687080000 0 connected\n";
        List<ObservedPod> pods = cluster(text, "fail");
        pods.set(1, pod("redis-app-1", 1, "10.0.1.2", "n2", seenBy(NEW_ID, text), "fail", V7, 0));
        pods.set(3, pod("redis-app-3", 3, "10.0.1.4", "n1", seenBy(NEW_ID_2, text), "fail", V7, 0));

        TopologyPlan plan = plan(new ObservedCluster(pods));

        assertThat(plan.commands()).noneMatch(command -> command.contains("FORGET"));
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.refusals()).contains(new Refusal(RefusalReason.SLOTS_LOST, "slots [5461-10921]", "node " + ID[1].substring(0, 8)));
    }

    @Test
    void aGoneMasterThatStillOwnsSlotsIsNotForgottenWhileItsReplicaMayTakeOver() {
        String text = withLine(HEALTHY, ID[1] + " 10.0.0.2:6379@16379 master,fail - 1795687077806 1795687076900 2 disconnected 5461-10921")
                + NEW_ID + " 10.0.1.2:6379@16379 master - 0 1795687080000 0 connected\n";
        List<ObservedPod> pods = cluster(text, "fail");
        pods.set(1, pod("redis-app-1", 1, "10.0.1.2", "n2", seenBy(NEW_ID, text), "fail", V7, 0));

        TopologyPlan plan = plan(new ObservedCluster(pods));

        assertThat(plan.commands()).noneMatch(command -> command.contains("FORGET"));
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.waits()).anySatisfy(wait -> {
            assertThat(wait.reason()).isEqualTo(WaitReason.SLOT_OWNER_FAILING_OVER);
            assertThat(wait.subject()).isEqualTo("slots [5461-10921]");
            assertThat(wait.detail()).contains("its replica redis-app-3");
        });
    }

    @Test
    void aGoneMasterOneViewStillListsWithSlotsIsNotForgotten() {
        // redis-app-1 lost its data and came back as a replica of redis-app-3, which took over its slots; only
        // redis-app-0 has not processed the update yet and still lists the old id with the slots.
        String gone = ID[1] + " 10.0.0.2:6379@16379 master,fail - 1795687077806 1795687076900 2 disconnected";
        String text = withLine(AFTER_FAILOVER, gone) + NEW_ID + " 10.0.1.2:6379@16379 slave " + ID[3] + " 0 1795687080000 4 connected\n";
        String staleOnPod0 = withLine(text, gone + " 5461-10921");
        List<ObservedPod> pods = cluster(text);
        pods.set(0, pod("redis-app-0", 0, ip(0), "n1", seenBy(ID[0], staleOnPod0), "fail", V7, 0));
        pods.set(1, pod(1, "10.0.1.2", seenBy(NEW_ID, text), replication(text, NEW_ID)));

        TopologyPlan plan = plan(new ObservedCluster(pods));

        assertThat(plan.commands()).noneMatch(command -> command.contains("FORGET"));
        assertThat(plan.converged()).isFalse();
        assertThat(plan.waits()).isNotEmpty();
    }

    @Test
    void aSlotlessMasterHoldingKeysIsNotMadeAReplica() {
        List<ObservedPod> pods = cluster(BOOTSTRAPPED);
        pods.set(3, pod("redis-app-3", 3, ip(3), "n1", seenBy(ID[3], BOOTSTRAPPED), "ok", V7, 42));

        TopologyPlan plan = plan(new ObservedCluster(pods));

        assertThat(plan.commands()).noneMatch(command -> command.startsWith("redis-app-3:"));
        assertThat(plan.refusals()).containsExactly(new Refusal(RefusalReason.MASTER_WITHOUT_SLOTS_HOLDS_KEYS, "redis-app-3", "42"));
    }

    @Test
    void aReplicaStillReplicatingFromItsMastersOldAddressIsToldItsMasterAgain() {
        List<ObservedPod> pods = cluster(HEALTHY);
        pods.set(3, pod(3, ip(3), seenBy(ID[3], HEALTHY), "master_host", "10.0.9.9", "master_link_status", "down"));

        TopologyPlan plan = plan(new ObservedCluster(pods));

        assertThat(kinds(plan)).containsExactly(Kind.REPLICATE);
        assertThat(plan.commands()).containsExactly("redis-app-3: CLUSTER REPLICATE " + ID[1]);
    }

    @Test
    void aMasterWithTwoReplicasGivesOneToAMasterWithNone() {
        // redis-app-4 follows redis-app-0 instead of redis-app-2: redis-app-0 has two replicas, redis-app-2 none.
        String text = withLine(HEALTHY, ID[4] + " 10.0.0.5:6379@16379 slave " + ID[0] + " 0 1795687060000 1 connected");

        TopologyPlan plan = plan(new ObservedCluster(cluster(text)));

        assertThat(kinds(plan)).containsExactly(Kind.REPLICATE);
        assertThat(plan.commands()).containsExactly("redis-app-4: CLUSTER REPLICATE " + ID[2]);
    }

    @Test
    void reasonsNameAtMostFivePodsSoTheyStayReadableOnABigCluster() {
        assertThat(ClusterFacts.compact(List.of("a", "b"))).isEqualTo("a, b");
        assertThat(ClusterFacts.compact(IntStream.range(0, 100).mapToObj(i -> "redis-app-" + i).toList()))
                .isEqualTo("redis-app-0, redis-app-1, redis-app-2, redis-app-3, redis-app-4 and 95 more");
    }

    // ---- layout ----

    @Test
    void aReplicaOnAnotherNodeTakesOverFromAMasterSharingANodeWithAnother() {
        TopologyPlan plan = plan(new ObservedCluster(cluster(AFTER_FAILOVER)));

        assertThat(kinds(plan)).containsExactly(Kind.FAILOVER);
        assertThat(plan.commands()).containsExactly("redis-app-1: CLUSTER FAILOVER");
    }

    @Test
    void aFailoverInFlightIsNotAskedForAgain() {
        TopologyPlan plan = plan(new ObservedCluster(cluster(AFTER_FAILOVER)), Set.of("redis-app-1"));

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.waits()).contains(new Wait(WaitReason.FAILOVER_IN_FLIGHT, "redis-app-1", "redis-app-3"));
    }

    @Test
    void aReplicaWhoseLinkIsDownIsNotAskedToTakeOver() {
        List<ObservedPod> pods = cluster(AFTER_FAILOVER);
        pods.set(1, pod(1, ip(1), seenBy(ID[1], AFTER_FAILOVER), "master_host", ip(3), "master_link_status", "down"));

        TopologyPlan plan = plan(new ObservedCluster(pods));

        assertThat(plan.steps()).isEmpty();
        // ClusterHealth holds RestoreLayout back while a replica is not synced.
        assertThat(plan.waits()).containsExactly(new Wait(WaitReason.REPLICA_NOT_SYNCED, "redis-app-1 (master_link_status:down)"));
    }

    // ---- guards ----

    @Test
    void noTopologyChangeWhileMostMastersDoNotAnswer() {
        String stale = withLine(withLine(HEALTHY,
                ID[1] + " 10.0.0.2:6379@16379 master,fail? - 1795687077806 1795687076900 2 disconnected 5461-10921"),
                ID[2] + " 10.0.0.3:6379@16379 master,fail? - 1795687077806 1795687076900 3 disconnected 10922-16383");
        List<ObservedPod> pods = cluster(stale, "fail");
        pods.set(1, ObservedPod.unreached(new RedisPod("redis-app-1", 1, ip(1), "n2"), "connection refused"));
        pods.set(2, ObservedPod.unreached(new RedisPod("redis-app-2", 2, ip(2), "n3"), "connection refused"));
        // redis-app-5 moved: without the guard it would be met at its new IP
        pods.set(5, pod("redis-app-5", 5, "10.0.1.6", "n3", seenBy(ID[5], stale.replace("10.0.0.6:", "10.0.1.6:")), "fail", V7, 0));

        TopologyPlan plan = plan(new ObservedCluster(pods));

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.waits()).contains(new Wait(WaitReason.MAJORITY_LOST, "1 of 3 masters"));
    }

    // ---- slots ----

    @Test
    void aMoveCutShortWithBothSidesStillOpenGoesOn() {
        TopologyPlan plan = plan(openSlot(Map.of(100, Map.of(ID[0], 7L))));

        assertThat(kinds(plan)).containsExactly(Kind.MOVE_SLOTS);
        SlotMove move = plan.steps().get(0).move().orElseThrow();
        assertThat(move.source().name()).isEqualTo("redis-app-0");
        assertThat(move.target().name()).isEqualTo("redis-app-1");
        assertThat(move.slots()).containsExactly(100);
        assertThat(move.otherMasters()).extracting(RedisPod::name).containsExactly("redis-app-2");
    }

    @Test
    void aMoveCutShortWithKeysAlreadyOnTheImportingSideIsFinished() {
        TopologyPlan plan = plan(openSlot(Map.of(100, Map.of(ID[0], 7L, ID[1], 3L))));

        assertThat(kinds(plan)).containsExactly(Kind.MOVE_SLOTS);
        assertThat(plan.steps().get(0).move().orElseThrow().slots()).containsExactly(100);
        assertThat(plan.refusals()).isEmpty();
    }

    @Test
    void aMoveWhoseSourceFailedOverIsFinishedFromTheNewOwner() {
        // redis-app-5 took over redis-app-0's slots (a replica does not inherit MIGRATING); redis-app-1 still imports
        // slot 100 from the old NodeId and already holds 3 of its keys.
        String failedOver = withLine(withLine(HEALTHY,
                ID[0] + " 10.0.0.1:6379@16379 slave " + ID[5] + " 0 1795687060000 7 connected"),
                ID[5] + " 10.0.0.6:6379@16379 master - 0 1795687060000 7 connected 0-5460");
        List<ObservedPod> pods = cluster(failedOver);
        pods.set(1, pod(1, ip(1), seenBy(ID[1], withLine(failedOver,
                ID[1] + " 10.0.0.2:6379@16379 master - 0 1795687060000 2 connected 5461-10921 [100-<-" + ID[0] + "]"))));

        TopologyPlan plan = plan(new ObservedCluster(pods, Map.of(100, Map.of(ID[1], 3L, ID[5], 4L))));

        assertThat(kinds(plan)).containsExactly(Kind.MOVE_SLOTS);
        SlotMove move = plan.steps().get(0).move().orElseThrow();
        assertThat(move.source().name()).isEqualTo("redis-app-5");
        assertThat(move.sourceId()).isEqualTo(ID[5]);
        assertThat(move.target().name()).isEqualTo("redis-app-1");
    }

    @Test
    void aTargetThatNeverLearnedTheSlotsOwnerHasItsImportClosedAndTheSourceStaysOpen() {
        // redis-app-1 was asked to import slot 100 before gossip told it who owns it: it never will (an importing node
        // ignores claims on that slot), so its cluster_state fails and every MIGRATE to it is refused.
        String blind = withLine(HEALTHY, ID[0] + " 10.0.0.1:6379@16379 master - 0 1795687060000 1 connected 0-99 101-5460");
        List<ObservedPod> pods = new ArrayList<>(openSlot(Map.of()).pods());
        pods.set(1, pod("redis-app-1", 1, ip(1), "n2", seenBy(ID[1], withLine(blind,
                ID[1] + " 10.0.0.2:6379@16379 master - 0 1795687060000 2 connected 5461-10921 [100-<-" + ID[0] + "]")), "fail", V7, 3));

        TopologyPlan plan = plan(new ObservedCluster(pods, Map.of(100, Map.of(ID[0], 7L, ID[1], 3L))));

        assertThat(plan.commands()).containsExactly("redis-app-1: CLUSTER SETSLOT 100 STABLE");
    }

    @Test
    void aMoveCutShortWaitsWhileOneSideDoesNotSeeTheClusterOk() {
        List<ObservedPod> pods = new ArrayList<>(openSlot(Map.of()).pods());
        ObservedPod source = pods.get(0);
        pods.set(0, ObservedPod.reached(source.pod(), new RedisView(ID[0], source.view().orElseThrow().nodes(),
                Map.of("cluster_state", "fail"), source.view().orElseThrow().info(), 7)));

        TopologyPlan plan = plan(new ObservedCluster(pods, Map.of(100, Map.of(ID[0], 7L))));

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.waits()).contains(new Wait(WaitReason.SLOT_OPEN, "slot 100", "from redis-app-0 to redis-app-1"));
    }

    @Test
    void anImportingSlotThatMovedNoKeyAndLostItsSourceIsRolledBack() {
        List<ObservedPod> pods = cluster(HEALTHY);
        pods.set(1, pod(1, ip(1), seenBy(ID[1], withLine(HEALTHY,
                ID[1] + " 10.0.0.2:6379@16379 master - 0 1795687060000 2 connected 5461-10921 [100-<-" + ID[0] + "]"))));

        TopologyPlan plan = plan(new ObservedCluster(pods, Map.of()));

        assertThat(kinds(plan)).containsExactly(Kind.CLOSE_SLOT);
        assertThat(plan.commands()).containsExactly("redis-app-1: CLUSTER SETSLOT 100 STABLE");
    }

    @Test
    void aMigratingMarkLeftOnANodeThatNoLongerOwnsTheSlotIsCleared() {
        // The target took the slot (SETSLOT NODE) and the source learned it, but the pass stopped before the source
        // was told itself: it still marks the slot MIGRATING, and holds no key of it.
        TopologyPlan plan = plan(new ObservedCluster(slot100TakenWhileTheSourceStillMigrates(), Map.of()));

        assertThat(plan.commands()).containsExactly("redis-app-0: CLUSTER SETSLOT 100 STABLE");
    }

    @Test
    void aNodeHoldingKeysOfASlotItNeitherOwnsNorTakesIsLeftToAHuman() {
        TopologyPlan plan = plan(new ObservedCluster(slot100TakenWhileTheSourceStillMigrates(), Map.of(100, Map.of(ID[0], 2L))));

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.refusals()).singleElement().satisfies(refusal -> {
            assertThat(refusal.reason()).isEqualTo(RefusalReason.OPEN_SLOT_KEYS_ON_NON_OWNER);
            assertThat(refusal.subject()).isEqualTo("slot 100");
            assertThat(refusal.detail()).startsWith("redis-app-0, which holds 2 keys");
        });
    }

    @Test
    void slotsNobodyOwnsNorHoldsKeysForAreGivenToAMaster() {
        String text = withLine(HEALTHY, ID[0] + " 10.0.0.1:6379@16379 master - 0 1795687060000 1 connected 100-5460");

        TopologyPlan plan = plan(new ObservedCluster(cluster(text, "fail")));

        assertThat(kinds(plan)).containsExactly(Kind.ASSIGN_SLOTS);
        assertThat(plan.commands()).containsExactly("redis-app-0: CLUSTER ADDSLOTSRANGE 0 99");
    }

    @Test
    void anUncoveredSlotWithKeysOnTwoNodesIsLeftToAHuman() {
        String text = withLine(HEALTHY, ID[0] + " 10.0.0.1:6379@16379 master - 0 1795687060000 1 connected 100-5460");

        TopologyPlan plan = plan(new ObservedCluster(cluster(text, "fail"), Map.of(5, Map.of(ID[0], 2L, ID[2], 1L))));

        assertThat(plan.commands()).containsExactly("redis-app-0: CLUSTER ADDSLOTSRANGE 0 4", "redis-app-0: CLUSTER ADDSLOTSRANGE 6 99");
        assertThat(plan.refusals()).containsExactly(new Refusal(RefusalReason.SLOTS_CONTESTED, "slots [5]"));
    }

    // ---- converged ----

    @Test
    void aHealthyClusterNeedsNothing() {
        TopologyPlan plan = plan(new ObservedCluster(cluster(HEALTHY)));

        assertThat(plan.commands()).isEmpty();
        assertThat(plan.converged()).as("waits %s, refusals %s", plan.waits(), plan.refusals()).isTrue();
    }

    // ---- helpers ----

    private static TopologyPlan plan(ObservedCluster observed) {
        return plan(observed, Set.of());
    }

    /** Plans and checks that nothing in the plan can remove data. */
    private static TopologyPlan plan(ObservedCluster observed, Set<String> failoversInFlight) {
        TopologyPlan plan = TopologyPlanner.plan(SPEC, observed, failoversInFlight);
        assertThat(plan.steps()).flatExtracting(TopologyStep::commands)
                .extracting(command -> String.join(" ", command.args()).toUpperCase())
                .allSatisfy(command -> assertThat(command).doesNotContain("FLUSHALL", "FLUSHDB", "CLUSTER RESET"));
        return plan;
    }

    private static List<Kind> kinds(TopologyPlan plan) {
        return plan.steps().stream().map(TopologyStep::kind).toList();
    }

    private static String ip(int ordinal) {
        return "10.0.0." + (ordinal + 1);
    }

    private static String newIp(int ordinal) {
        return "10.0.1." + (ordinal + 1);
    }

    /** A pod as it answers: CLUSTER NODES, cluster_state, redis_version, DBSIZE and INFO replication key/value pairs. */
    private static ObservedPod pod(String name, int ordinal, String ip, String k8sNode, String clusterNodes, String clusterState,
            String version, long keys, String... replication) {
        List<ClusterNode> nodes = ClusterNodesParser.parse(clusterNodes);
        String myId = nodes.stream().filter(ClusterNode::myself).findFirst().orElseThrow().id();
        Map<String, String> info = new HashMap<>(Map.of("redis_version", version));
        for (int i = 0; i < replication.length; i += 2) {
            info.put(replication[i], replication[i + 1]);
        }
        return ObservedPod.reached(new RedisPod(name, ordinal, ip, k8sNode),
                new RedisView(myId, nodes, Map.of("cluster_state", clusterState), info, keys));
    }

    /** redis-app-{ordinal} on its usual Kubernetes node, Redis 7.0, cluster_state ok, no keys. */
    private static ObservedPod pod(int ordinal, String ip, String clusterNodes, String... replication) {
        return pod("redis-app-" + ordinal, ordinal, ip, K8S_NODE[ordinal], clusterNodes, "ok", V7, 0, replication);
    }

    private static ObservedPod fresh(int ordinal, String version, long keys) {
        String address = ip(ordinal) + ":6379@16379" + (version.equals(V7) ? "," : "");
        return pod("redis-app-" + ordinal, ordinal, ip(ordinal), K8S_NODE[ordinal],
                ID[ordinal] + " " + address + " myself,master - 0 0 0 connected", "fail", version, keys);
    }

    private static List<ObservedPod> cluster(String text) {
        return cluster(text, "ok");
    }

    /** Every pod at its usual IP seeing {@code text}, replicas synced with the master the text gives them. */
    private static List<ObservedPod> cluster(String text, String clusterState) {
        List<ObservedPod> pods = new ArrayList<>();
        for (int o = 0; o < 6; o++) {
            pods.add(pod("redis-app-" + o, o, ip(o), K8S_NODE[o], seenBy(ID[o], text), clusterState, V7, 0, replication(text, ID[o])));
        }
        return pods;
    }

    /** INFO replication of node {@code id} in {@code text}: a replica replicates its master's address, link up. */
    private static String[] replication(String text, String id) {
        List<ClusterNode> nodes = ClusterNodesParser.parse(text);
        ClusterNode node = nodes.stream().filter(line -> line.id().equals(id)).findFirst().orElseThrow();
        return node.masterId().flatMap(master -> nodes.stream().filter(line -> line.id().equals(master)).findFirst())
                .map(master -> new String[] {"master_host", master.ip(), "master_link_status", "up"})
                .orElse(new String[0]);
    }

    /** {@code text} as node {@code id} prints it: its own line flagged myself, connected and never failing. */
    private static String seenBy(String id, String text) {
        assertThat(text).contains(id + " ");
        return text.lines().map(line -> {
            String[] fields = line.split(" ");
            if (!fields[0].equals(id)) {
                return line;
            }
            fields[2] = "myself," + List.of(fields[2].split(",")).stream().filter(flag -> !flag.startsWith("fail"))
                    .collect(Collectors.joining(","));
            fields[7] = "connected";
            return String.join(" ", fields);
        }).collect(Collectors.joining("\n", "", "\n"));
    }

    /** {@code text} with the line of the same NodeId replaced by {@code line}. */
    private static String withLine(String text, String line) {
        String id = line.substring(0, line.indexOf(' '));
        assertThat(text).contains(id + " ");
        return text.lines().map(old -> old.startsWith(id + " ") ? line : old).collect(Collectors.joining("\n", "", "\n"));
    }

    private static String withoutLine(String text, String id) {
        return text.lines().filter(line -> !line.startsWith(id + " ")).collect(Collectors.joining("\n", "", "\n"));
    }

    /**
     * redis-app-4 came back at 10.0.1.5 as a lone node with a new NodeId and {@code keys} keys; the others list its old
     * NodeId, failed, at its old IP.
     */
    private static ObservedCluster lostData(long keys) {
        String others = withLine(HEALTHY, ID[4] + " 10.0.0.5:6379@16379 slave,fail " + ID[2] + " 1795687078809 1795687076900 3 disconnected");
        List<ObservedPod> pods = cluster(others);
        pods.set(4, pod("redis-app-4", 4, "10.0.1.5", "n2", NEW_ID + " 10.0.1.5:6379@16379, myself,master - 0 0 0 connected",
                "fail", V7, keys));
        return new ObservedCluster(pods);
    }

    /** Slot 100 owned by redis-app-1 as everyone sees it, but redis-app-0 still marks it MIGRATING to redis-app-1. */
    private static List<ObservedPod> slot100TakenWhileTheSourceStillMigrates() {
        String moved = withLine(withLine(HEALTHY,
                ID[0] + " 10.0.0.1:6379@16379 master - 0 1795687060000 1 connected 0-99 101-5460"),
                ID[1] + " 10.0.0.2:6379@16379 master - 0 1795687060000 8 connected 100 5461-10921");
        List<ObservedPod> pods = cluster(moved);
        pods.set(0, pod(0, ip(0), seenBy(ID[0], withLine(moved,
                ID[0] + " 10.0.0.1:6379@16379 master - 0 1795687060000 1 connected 0-99 101-5460 [100->-" + ID[1] + "]"))));
        return pods;
    }

    /** Slot 100 half-way from redis-app-0 to redis-app-1, as both print it in their own lines. */
    private static ObservedCluster openSlot(Map<Integer, Map<String, Long>> keysInSlots) {
        List<ObservedPod> pods = cluster(HEALTHY);
        pods.set(0, pod(0, ip(0), seenBy(ID[0], withLine(HEALTHY,
                ID[0] + " 10.0.0.1:6379@16379 master - 0 1795687060000 1 connected 0-5460 [100->-" + ID[1] + "]"))));
        pods.set(1, pod(1, ip(1), seenBy(ID[1], withLine(HEALTHY,
                ID[1] + " 10.0.0.2:6379@16379 master - 0 1795687060000 2 connected 5461-10921 [100-<-" + ID[0] + "]"))));
        return new ObservedCluster(pods, keysInSlots);
    }

    private static void assertAddSlots(RedisCommand command, String pod, int first, int last) {
        assertThat(command.pod()).isEqualTo(pod);
        assertThat(command.args()).hasSize(2 + last - first + 1);
        assertThat(command.args().subList(0, 2)).containsExactly("CLUSTER", "ADDSLOTS");
        assertThat(command.args().get(2)).isEqualTo(String.valueOf(first));
        assertThat(command.args().get(command.args().size() - 1)).isEqualTo(String.valueOf(last));
        assertThat(command.args().subList(2, command.args().size()))
                .isEqualTo(IntStream.rangeClosed(first, last).mapToObj(String::valueOf).toList());
    }
}
