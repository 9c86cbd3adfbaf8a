package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnnounceSlotsTest {

    private static final String HANDSHAKE_WITH_0 = "e1ac5cb06a6a32dfb7d03f6ee41e8b5ab0b6e40f 10.0.0.1:6379@16379 handshake - 0 0 0"
            + " disconnected";

    /**
     * Just formed: redis-app-1 knows redis-app-0 but has not heard its slots, redis-app-0 the same of redis-app-2. Each
     * master that some node knows without its slots meets that node; redis-app-2, which says ok, is told nothing.
     */
    @Test
    void aMasterMeetsTheNodesThatKnowItButNotItsSlotsAndLaterStagesStillRun() {
        StageResult result = new AnnounceSlots().decide(facts(spec(3, 0), List.of(
                pod(0, ip(0), nodes(line(0, "myself,master", "-", "0-5460"), master(1, "5461-10922"), master(2, "")), "fail", 0),
                pod(1, ip(1), nodes(master(0, ""), line(1, "myself,master", "-", "5461-10922"), master(2, "10923-16383")),
                        "fail", 0),
                pod(2, ip(2), nodes(master(0, "0-5460"), master(1, "5461-10922"), line(2, "myself,master", "-", "10923-16383")),
                        "ok", 0))), PlanSoFar.NOTHING);

        assertThat(commands(result)).containsExactly("redis-app-0: CLUSTER MEET 10.0.0.2 6379",
                "redis-app-2: CLUSTER MEET 10.0.0.1 6379");
        assertThat(result.steps()).extracting(TopologyStep::kind).containsOnly(TopologyStep.Kind.ANNOUNCE_SLOTS);
        assertThat(result.laterStagesRun()).isTrue();
    }

    /** A node still in its handshake with the master learns the slots from the pings that end it: nothing to do. */
    @Test
    void aNodeStillInItsHandshakeWithTheMasterIsLeftAlone() {
        StageResult result = new AnnounceSlots().decide(facts(spec(2, 0), List.of(
                pod(0, ip(0), nodes(line(0, "myself,master", "-", "0-8191"), master(1, "8192-16383")), "ok", 0),
                pod(1, ip(1), nodes(HANDSHAKE_WITH_0, line(1, "myself,master", "-", "8192-16383")), "fail", 0))),
                PlanSoFar.NOTHING);

        assertThat(result.steps()).isEmpty();
    }

    @Test
    void aSettledClusterNeedsNothing() {
        String settled = nodes(master(0, "0-8191"), master(1, "8192-16383"), replica(2, 0), replica(3, 1));
        StageResult result = new AnnounceSlots().decide(facts(spec(2, 1), all(settled, 0, 1, 2, 3)), PlanSoFar.NOTHING);

        assertThat(result.steps()).isEmpty();
    }
}
