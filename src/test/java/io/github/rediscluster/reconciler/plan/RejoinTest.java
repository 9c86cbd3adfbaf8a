package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.observe.ObservedPod;
import java.util.List;
import org.junit.jupiter.api.Test;

class RejoinTest {

    @Test
    void aNodeThatMovedIsMetAtItsPodIpByEachNodeThatHasTheOldOneAndLaterStagesStillRun() {
        String moved = ID[1] + " 10.0.1.2:6379@16379 slave " + ID[0] + " 0 1795687060000 1 connected";
        StageResult result = new Rejoin().decide(facts(spec(1, 1), List.of(
                pod(0, nodes(master(0, "0-16383"), line(1, "slave,fail?", ID[0], ""))),
                pod(1, "10.0.1.2", nodes(master(0, "0-16383"), moved), "ok", 0))), PlanSoFar.NOTHING);

        assertThat(result.steps()).extracting(TopologyStep::kind).containsExactly(TopologyStep.Kind.REJOIN);
        assertThat(commands(result)).containsExactly("redis-app-0: CLUSTER MEET 10.0.1.2 6379");
        assertThat(result.laterStagesRun()).as("JoinLoneNodes runs in the same pass").isTrue();
    }

    @Test
    void aPodNoNodeKnowsAnyMoreIsMetFromEveryNode() {
        String cluster = nodes(master(0, "0-16383"), replica(2, 0));
        StageResult result = new Rejoin().decide(facts(spec(1, 2), List.of(
                pod(0, cluster), pod(1, nodes(master(0, "0-16383"), line(1, "master", "-", ""))), pod(2, cluster))),
                PlanSoFar.NOTHING);

        // redis-app-1 is known to no node: a rejoin from each; it does not know redis-app-2 either: a join of that one.
        assertThat(result.steps()).extracting(TopologyStep::kind).containsExactly(TopologyStep.Kind.REJOIN, TopologyStep.Kind.JOIN);
        assertThat(commands(result)).containsExactly("redis-app-0: CLUSTER MEET 10.0.0.2 6379", "redis-app-2: CLUSTER MEET 10.0.0.2 6379",
                "redis-app-1: CLUSTER MEET 10.0.0.3 6379");
    }

    @Test
    void podsSomeNodesDoNotKnowYetAreLeftToGossipWhileAHandshakeRunsAndMetDirectlyOnceItIsQuiet() {
        String handshake = "e1ac5cb06a6a32dfb7d03f6ee41e8b5ab0b6e40f 10.0.0.9:6379@16379 handshake - 0 0 0 disconnected";
        String everyone = nodes(master(0, "0-16383"), master(1, ""), master(2, ""));
        List<ObservedPod> partly = List.of(pod(1, nodes(master(0, "0-16383"), master(1, ""))),
                pod(2, nodes(master(0, "0-16383"), master(2, ""))));

        StageResult spreading = new Rejoin().decide(facts(spec(1, 2), List.of(pod(0, everyone + handshake + "\n"),
                partly.get(0), partly.get(1))), PlanSoFar.NOTHING);
        StageResult quiet = new Rejoin().decide(facts(spec(1, 2), List.of(pod(0, everyone), partly.get(0), partly.get(1))),
                PlanSoFar.NOTHING);

        assertThat(spreading.steps()).as("gossip is still introducing nodes: no n(n-1)/2 MEETs").isEmpty();
        assertThat(commands(quiet)).containsExactly("redis-app-2: CLUSTER MEET 10.0.0.2 6379",
                "redis-app-1: CLUSTER MEET 10.0.0.3 6379");
    }

    @Test
    void nodesWhereTheyShouldBeNeedNothing() {
        StageResult result = new Rejoin().decide(facts(spec(1, 1), all(nodes(master(0, "0-16383"), replica(1, 0)), 0, 1)),
                PlanSoFar.NOTHING);

        assertThat(result.steps()).isEmpty();
    }

    /**
     * A full restart on new IPs: each node holds the old address of every other. One MEET per pair mends both sides
     * (the met node learns the meeting one's address from its PING), so each pair is met once, by the pod that comes
     * first: 3 MEETs for 3 pods, not 6.
     */
    @Test
    void nodesThatAllMovedAreMetOncePerPairFromThePodThatComesFirst() {
        List<ObservedPod> restarted = List.of(
                pod(0, "10.0.9.1", nodes(moved(0, "myself,master", "0-5460"), moved(1, "master", "5461-10922"),
                        moved(2, "master", "10923-16383")), "ok", 0),
                pod(1, "10.0.9.2", nodes(moved(0, "master", "0-5460"), moved(1, "myself,master", "5461-10922"),
                        moved(2, "master", "10923-16383")), "ok", 0),
                pod(2, "10.0.9.3", nodes(moved(0, "master", "0-5460"), moved(1, "master", "5461-10922"),
                        moved(2, "myself,master", "10923-16383")), "ok", 0));

        StageResult result = new Rejoin().decide(facts(spec(3, 0), restarted), PlanSoFar.NOTHING);

        assertThat(commands(result)).containsExactlyInAnyOrder("redis-app-0: CLUSTER MEET 10.0.9.2 6379",
                "redis-app-0: CLUSTER MEET 10.0.9.3 6379", "redis-app-1: CLUSTER MEET 10.0.9.3 6379");
    }

    /** Where only the later pod holds the earlier one's old address, the later pod meets it: nobody else would. */
    @Test
    void aPairWhereOnlyOneSideHoldsTheOldAddressIsMetFromThatSide() {
        StageResult result = new Rejoin().decide(facts(spec(2, 0), List.of(
                pod(0, "10.0.9.1", nodes(moved(0, "myself,master", "0-8191"), line(1, "master", "-", "8192-16383")), "ok", 0),
                pod(1, nodes(moved(0, "master", "0-8191"), line(1, "myself,master", "-", "8192-16383"))))),
                PlanSoFar.NOTHING);

        assertThat(commands(result)).containsExactly("redis-app-1: CLUSTER MEET 10.0.9.1 6379");
    }

    /** Pod {@code ordinal}'s line at its address before the restart (10.0.0.x), as its peers' nodes.conf keeps it. */
    private static String moved(int ordinal, String flags, String slots) {
        return line(ordinal, flags, "-", slots);
    }
}
