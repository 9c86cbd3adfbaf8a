package io.github.rediscluster.reconciler.plan;

import io.github.rediscluster.reconciler.observe.ClusterNodesParser;
import io.github.rediscluster.reconciler.observe.ObservedCluster;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisPod;
import io.github.rediscluster.reconciler.observe.RedisView;
import io.github.rediscluster.reconciler.observe.SlotRange;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.spec.SpecKeys;
import io.github.rediscluster.reconciler.spec.SpecParser;
import io.github.rediscluster.reconciler.testing.Specs;
import io.github.rediscluster.reconciler.plan.TopologyStep.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The planner when the spec's masters or replicas change, on literal CLUSTER NODES texts: which masters are kept,
 * where replicas go, which slots move, and when the pods beyond the spec may go. Roles come from what the nodes say,
 * never from ordinals.
 */
class ScalingPlannerTest {

    private static final String[] K8S_NODE = {"n1", "n2", "n3"};

    /** One node of a literal topology: {@code master} is -1 for a master, else the ordinal it replicates. */
    private record Node(int ordinal, int master, String slots, long keys) {

        static Node master(int ordinal, String slots) {
            return new Node(ordinal, -1, slots, 0);
        }

        static Node replica(int ordinal, int master) {
            return new Node(ordinal, master, "", 0);
        }

        Node withKeys(long count) {
            return new Node(ordinal, master, slots, count);
        }
    }

    private static String id(int ordinal) {
        return String.format("%040x", 0xa0 + ordinal);
    }

    private static String ip(int ordinal) {
        return "10.0.0." + (ordinal + 1);
    }

    /** The CLUSTER NODES text every node prints (its own line flagged myself by {@link #observe}). */
    private static String text(List<Node> nodes) {
        return nodes.stream().map(node -> id(node.ordinal()) + " " + ip(node.ordinal()) + ":6379@16379 "
                + (node.master() < 0 ? "master - " : "slave " + id(node.master()) + " ") + "0 1795687060000 "
                + (node.ordinal() + 1) + " connected" + (node.slots().isEmpty() ? "" : " " + node.slots()))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static ObservedCluster observe(List<Node> nodes) {
        return new ObservedCluster(nodes.stream().map(node -> pod(node, nodes)).toList());
    }

    /** As {@link #observe(List)}, but the pod {@code unknown} is missing from every other node's view. */
    private static ObservedCluster observeForgotten(List<Node> nodes, int unknown) {
        List<Node> others = nodes.stream().filter(node -> node.ordinal() != unknown).toList();
        return new ObservedCluster(nodes.stream().map(node -> pod(node, node.ordinal() == unknown ? nodes : others)).toList());
    }

    private static ObservedPod pod(Node node, List<Node> nodes) {
        String own = text(nodes).lines().map(line -> line.startsWith(id(node.ordinal()) + " ")
                ? line.replaceFirst(" (master|slave) ", " myself,$1 ") : line).collect(Collectors.joining("\n", "", "\n"));
        Map<String, String> info = new HashMap<>(Map.of("redis_version", "7.0.15"));
        if (node.master() >= 0) {
            info.putAll(Map.of("master_host", ip(node.master()), "master_link_status", "up"));
        }
        RedisPod pod = new RedisPod("redis-app-" + node.ordinal(), node.ordinal(), ip(node.ordinal()),
                K8S_NODE[node.ordinal() % 3]);
        return ObservedPod.reached(pod, new RedisView(id(node.ordinal()), ClusterNodesParser.parse(own),
                Map.of("cluster_state", "ok"), info, node.keys()));
    }

    private static ClusterSpec spec(int masters, int replicasPerMaster, String... more) {
        List<String> properties = new ArrayList<>(List.of(SpecKeys.MASTERS.name(), String.valueOf(masters),
                SpecKeys.REPLICAS_PER_MASTER.name(), String.valueOf(replicasPerMaster)));
        properties.addAll(List.of(more));
        return Specs.classicWith(properties.toArray(String[]::new));
    }

    private static TopologyPlan plan(ClusterSpec spec, ObservedCluster observed) {
        return TopologyPlanner.plan(spec, observed, Set.of());
    }

    private static List<Kind> kinds(TopologyPlan plan) {
        return plan.steps().stream().map(TopologyStep::kind).toList();
    }

    private static List<SlotMove> moves(TopologyPlan plan) {
        return plan.steps().stream().flatMap(step -> step.move().stream()).toList();
    }

    /** 3 masters x 1 replica as bootstrapped: 0, 1, 2 masters; 3, 4, 5 replicate 1, 2, 0. */
    private static List<Node> classic() {
        return new ArrayList<>(List.of(Node.master(0, "0-5460"), Node.master(1, "5461-10921"), Node.master(2, "10922-16383"),
                Node.replica(3, 1), Node.replica(4, 2), Node.replica(5, 0)));
    }

    // ---- masters raised ----

    @Test
    void aNewEmptyMasterIsKeptAsAMasterAndTheOtherNewPodReplicatesIt() {
        List<Node> nodes = classic();
        nodes.add(Node.master(6, ""));
        nodes.add(Node.master(7, ""));

        TopologyPlan plan = plan(spec(4, 1), observe(nodes));

        assertThat(kinds(plan)).containsExactly(Kind.REPLICATE);
        assertThat(plan.commands()).containsExactly("redis-app-7: CLUSTER REPLICATE " + id(6));
    }

    @Test
    void slotsMoveToTheNewMasterAtMostTheSlotsOfAPassAtATime() {
        List<Node> nodes = classic();
        nodes.add(Node.master(6, ""));
        nodes.add(Node.replica(7, 6));

        TopologyPlan plan = plan(spec(4, 1), observe(nodes));

        assertThat(moves(plan)).singleElement().satisfies(move -> {
            assertThat(move.source().name()).isEqualTo("redis-app-0");
            assertThat(move.target().name()).isEqualTo("redis-app-6");
            assertThat(move.targetId()).isEqualTo(id(6));
            assertThat(SlotRange.of(move.slots())).containsExactly(new SlotRange(4096, 5119));
            assertThat(move.otherMasters()).extracting(RedisPod::name).containsExactly("redis-app-1", "redis-app-2");
            assertThat(move.keepSourceMaster()).isFalse();
        });
        assertThat(plan.slotsToMove()).isEqualTo(4096);
    }

    @Test
    void withALargerBudgetAQuarterOfEveryMasterMovesInOnePass() {
        List<Node> nodes = classic();
        nodes.add(Node.master(6, ""));
        nodes.add(Node.replica(7, 6));

        TopologyPlan plan = plan(spec(4, 1, SpecKeys.SLOTS_PER_PASS.name(), "16384"), observe(nodes));

        assertThat(moves(plan)).extracting(move -> move.source().name() + " " + SlotRange.of(move.slots()))
                .containsExactly("redis-app-0 [4096-5460]", "redis-app-1 [9557-10921]", "redis-app-2 [15018-16383]");
        assertThat(moves(plan)).extracting(move -> move.target().name()).containsOnly("redis-app-6");
    }

    @Test
    void noSlotMovesWhileAPodDoesNotAnswer() {
        List<Node> nodes = classic();
        nodes.add(Node.master(6, ""));
        nodes.add(Node.replica(7, 6));
        List<ObservedPod> pods = new ArrayList<>(observe(nodes).pods());
        pods.set(5, ObservedPod.unreached(pods.get(5).pod(), "connection refused"));

        TopologyPlan plan = plan(spec(4, 1), new ObservedCluster(pods));

        assertThat(moves(plan)).isEmpty();
        assertThat(plan.waits()).contains(new Wait(WaitReason.MOVES_AWAIT_PODS, "4096 slots to move to even out the masters"));
    }

    @Test
    void noSlotMovesWhileAFailoverIsUnderWay() {
        List<Node> nodes = classic();
        nodes.add(Node.master(6, ""));
        nodes.add(Node.replica(7, 6));

        TopologyPlan plan = TopologyPlanner.plan(spec(4, 1), observe(nodes), Set.of("redis-app-3"));

        assertThat(moves(plan)).isEmpty();
        assertThat(plan.waits()).contains(new Wait(WaitReason.MOVES_AWAIT_FAILOVER, "4096 slots to move to even out the masters",
                "redis-app-3"));
    }

    @Test
    void noSlotMovesToANewMasterThatDoesNotSeeTheWholeSlotMapYet() {
        List<Node> nodes = classic();
        nodes.add(Node.master(6, ""));
        nodes.add(Node.replica(7, 6));
        List<ObservedPod> pods = new ArrayList<>(observe(nodes).pods());
        ObservedPod fresh = pods.get(6);
        pods.set(6, ObservedPod.reached(fresh.pod(), new RedisView(id(6), fresh.view().orElseThrow().nodes(),
                Map.of("cluster_state", "fail"), fresh.view().orElseThrow().info(), 0)));

        TopologyPlan plan = plan(spec(4, 1), new ObservedCluster(pods));

        assertThat(moves(plan)).isEmpty();
        assertThat(plan.waits()).contains(new Wait(WaitReason.MOVES_AWAIT_NODES, "4096 slots to move to even out the masters",
                "redis-app-6"));
    }

    // ---- masters lowered ----

    @Test
    void aMasterWhosePodGoesGivesItsSlotsToThoseThatStayAndIsToStayAnEmptyMaster() {
        List<Node> nodes = new ArrayList<>(List.of(Node.master(0, "0-4095"), Node.master(1, "4096-8191"),
                Node.master(2, "8192-12287"), Node.master(6, "12288-16383"), Node.replica(3, 0), Node.replica(4, 1),
                Node.replica(5, 2), Node.replica(7, 6)));

        TopologyPlan plan = plan(spec(3, 1, SpecKeys.SLOTS_PER_PASS.name(), "16384"), observe(nodes));

        assertThat(moves(plan)).extracting(move -> move.source().name()).containsOnly("redis-app-6");
        assertThat(moves(plan)).extracting(move -> move.target().name())
                .containsExactlyInAnyOrder("redis-app-0", "redis-app-1", "redis-app-2");
        assertThat(moves(plan)).flatExtracting(SlotMove::slots).hasSize(4096);
        assertThat(moves(plan)).extracting(SlotMove::keepSourceMaster).containsExactly(false, false, true);
        assertThat(plan.podsReleasedDownTo()).isEmpty();
    }

    @Test
    void aStayingMasterBeyondTheSpecsCountIsDrainedHighestOrdinalFirst() {
        List<Node> nodes = new ArrayList<>(List.of(Node.master(0, "0-4095"), Node.master(1, "4096-8191"),
                Node.master(2, "8192-12287"), Node.master(3, "12288-16383"), Node.replica(4, 0), Node.replica(5, 1)));

        TopologyPlan plan = plan(spec(3, 1, SpecKeys.SLOTS_PER_PASS.name(), "16384"), observe(nodes));

        assertThat(moves(plan)).extracting(move -> move.source().name()).containsOnly("redis-app-3");
        assertThat(moves(plan)).extracting(SlotMove::keepSourceMaster).containsOnly(false);
    }

    @Test
    void thePodsThatGoAreReleasedOnceThoseThatStayHoldEverything() {
        List<Node> nodes = classic();
        nodes.add(Node.master(6, ""));
        nodes.add(Node.replica(7, 2));

        TopologyPlan plan = plan(spec(3, 1), observe(nodes));

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.podsReleasedDownTo()).contains(6);
        assertThat(plan.waits()).contains(new Wait(WaitReason.LEAVING_PODS_RELEASED, "redis-app-6, redis-app-7", "6"));
    }

    @Test
    void aStayingReplicaOfAnEmptyMasterThatGoesIsGivenToTheMasterWithoutOneFirst() {
        List<Node> nodes = new ArrayList<>(List.of(Node.master(0, "0-5460"), Node.master(1, "5461-10921"),
                Node.master(2, "10922-16383"), Node.replica(3, 1), Node.replica(4, 6), Node.replica(5, 0),
                Node.master(6, ""), Node.replica(7, 2)));

        TopologyPlan plan = plan(spec(3, 1), observe(nodes));

        assertThat(plan.commands()).containsExactly("redis-app-4: CLUSTER REPLICATE " + id(2));
        assertThat(plan.podsReleasedDownTo()).isEmpty();
    }

    @Test
    void anEmptyMasterThatGoesButHoldsKeysIsNotReleased() {
        List<Node> nodes = classic();
        nodes.add(Node.master(6, "").withKeys(5));
        nodes.add(Node.replica(7, 2));

        TopologyPlan plan = plan(spec(3, 1), observe(nodes));

        assertThat(plan.podsReleasedDownTo()).isEmpty();
        assertThat(plan.refusals()).contains(new Refusal(RefusalReason.MASTER_WITHOUT_SLOTS_HOLDS_KEYS, "redis-app-6", "5"));
    }

    @Test
    void whenTooFewStayingPodsAreMastersAStayingReplicaOfOneThatGoesTakesOver() {
        // After failovers: redis-app-6 (goes) is a master and redis-app-2 (stays) its replica.
        List<Node> nodes = new ArrayList<>(List.of(Node.master(0, "0-5460"), Node.master(1, "5461-10921"),
                Node.replica(2, 6), Node.replica(3, 1), Node.replica(4, 0), Node.replica(5, 1),
                Node.master(6, "10922-16383"), Node.replica(7, 0)));

        TopologyPlan plan = plan(spec(3, 1), observe(nodes));

        assertThat(kinds(plan)).containsExactly(Kind.FAILOVER);
        assertThat(plan.commands()).containsExactly("redis-app-2: CLUSTER FAILOVER");
        assertThat(moves(plan)).isEmpty();
    }

    @Test
    void aReplicaBackFromAnEarlierScaleInIsResetToBecomeTheNewMaster() {
        // The pods came back from an earlier scale-in as replicas (Redis made them replicas of the master that took
        // their last slot): none is an empty master, so one is reset under ReplicaReset's rule (bug 2 of issue 16).
        List<Node> nodes = classic();
        nodes.add(Node.replica(6, 2));
        nodes.add(Node.replica(7, 2));

        TopologyPlan plan = plan(spec(4, 1), observe(nodes));

        assertThat(kinds(plan)).containsExactly(Kind.RESET_REPLICA);
        assertThat(plan.commands()).containsExactly("redis-app-7: CLUSTER RESET SOFT");
        assertThat(plan.refusals()).isEmpty();
    }

    @Test
    void aPodForgottenByAScaleInThatComesBackIsMetByEveryNode() {
        List<Node> nodes = classic();
        nodes.add(Node.master(6, ""));
        nodes.add(Node.replica(7, 6));

        TopologyPlan plan = plan(spec(4, 1), observeForgotten(nodes, 6));

        assertThat(kinds(plan)).containsExactly(Kind.REJOIN);
        assertThat(plan.commands()).hasSize(7).allSatisfy(command -> assertThat(command).endsWith("CLUSTER MEET " + ip(6) + " 6379"));
    }

    @Test
    void aNewPodThatOnlyTheNodeThatMetItKnowsIsMetByTheOthers() {
        List<Node> nodes = classic();
        nodes.add(Node.master(6, ""));
        nodes.add(Node.master(7, ""));
        List<ObservedPod> pods = new ArrayList<>(observeForgotten(nodes, 6).pods());
        pods.set(0, pod(nodes.get(0), nodes));

        TopologyPlan plan = plan(spec(4, 1), new ObservedCluster(pods));

        assertThat(kinds(plan)).containsExactly(Kind.JOIN);
        assertThat(plan.commands()).hasSize(6).noneSatisfy(command -> assertThat(command).startsWith("redis-app-0:"))
                .allSatisfy(command -> assertThat(command).endsWith("CLUSTER MEET " + ip(6) + " 6379"));
    }

    @Test
    void aPodThatKnowsALiveNodeOutsideTheClusterIsNotMet() {
        List<Node> nodes = classic();
        nodes.add(Node.master(6, ""));
        List<ObservedPod> pods = new ArrayList<>(observeForgotten(nodes, 6).pods());
        // redis-app-6 also knows a live node of another cluster: meeting it would bring that node in.
        Node foreign = Node.master(9, "");
        List<Node> itsView = new ArrayList<>(nodes);
        itsView.add(foreign);
        pods.set(6, pod(nodes.get(6), itsView));

        TopologyPlan plan = plan(spec(4, 1), new ObservedCluster(pods));

        assertThat(plan.commands()).noneSatisfy(command -> assertThat(command).contains("MEET " + ip(6)));
    }

    @Test
    void aPodThatComesBackOwningSlotsIsNotMet() {
        List<Node> nodes = classic();
        nodes.add(Node.master(6, ""));
        List<ObservedPod> pods = new ArrayList<>(observeForgotten(nodes, 6).pods());
        List<Node> itsView = new ArrayList<>(nodes);
        itsView.set(6, Node.master(6, "0-10"));
        pods.set(6, pod(itsView.get(6), itsView));

        TopologyPlan plan = plan(spec(4, 1), new ObservedCluster(pods));

        assertThat(plan.commands()).noneSatisfy(command -> assertThat(command).contains("MEET " + ip(6)));
    }

    // ---- replicas per master ----

    @Test
    void moreReplicasPerMasterAttachTheNewPodsOnePerMasterAcrossNodes() {
        List<Node> nodes = classic();
        nodes.addAll(List.of(Node.master(6, ""), Node.master(7, ""), Node.master(8, "")));

        TopologyPlan plan = plan(spec(3, 2), observe(nodes));

        assertThat(kinds(plan)).containsOnly(Kind.REPLICATE).hasSize(3);
        Map<String, String> masterOf = new LinkedHashMap<>();
        plan.steps().forEach(step -> masterOf.put(step.subject(), step.commands().get(0).args().get(2)));
        assertThat(masterOf.values()).containsExactlyInAnyOrder(id(0), id(1), id(2));
    }

    @Test
    void fewerReplicasPerMasterFirstEvensOutTheReplicasThatStay() {
        // 3 x 2 going down to 3 x 1: redis-app-0 keeps two staying replicas, redis-app-2 none.
        List<Node> nodes = new ArrayList<>(List.of(Node.master(0, "0-5460"), Node.master(1, "5461-10921"),
                Node.master(2, "10922-16383"), Node.replica(3, 0), Node.replica(4, 0), Node.replica(5, 1),
                Node.replica(6, 1), Node.replica(7, 2), Node.replica(8, 2)));

        TopologyPlan plan = plan(spec(3, 1), observe(nodes));

        assertThat(kinds(plan)).containsExactly(Kind.REPLICATE);
        assertThat(plan.steps().get(0).commands().get(0).args()).containsExactly("CLUSTER", "REPLICATE", id(2));
        assertThat(plan.steps().get(0).subject()).isIn("redis-app-3", "redis-app-4");
        assertThat(plan.podsReleasedDownTo()).isEmpty();
    }

    @Test
    void fewerReplicasPerMasterReleasesTheHighestOrdinalsWhenTheOthersSuffice() {
        List<Node> nodes = new ArrayList<>(List.of(Node.master(0, "0-5460"), Node.master(1, "5461-10921"),
                Node.master(2, "10922-16383"), Node.replica(3, 0), Node.replica(4, 1), Node.replica(5, 2),
                Node.replica(6, 0), Node.replica(7, 1), Node.replica(8, 2)));

        TopologyPlan plan = plan(spec(3, 1), observe(nodes));

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.podsReleasedDownTo()).contains(6);
    }
}
