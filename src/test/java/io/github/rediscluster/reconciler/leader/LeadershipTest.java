package io.github.rediscluster.reconciler.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.github.rediscluster.reconciler.testing.Poll;
import java.net.InetAddress;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two Leaderships on one mock API (CRUD), in process and with short leases: who leads, and when that changes. */
class LeadershipTest {

    private static final String NS = "leader-test";
    private static final String LEASE = "redis-cluster-reconciler";
    private static final Duration LEASE_DURATION = Duration.ofSeconds(2);
    private static final Duration DEADLINE = Duration.ofSeconds(15);

    private KubernetesMockServer server;
    private KubernetesClient client;
    private final List<Leadership> started = new ArrayList<>();

    @BeforeEach
    void oneApi() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(),
                false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient().inNamespace(NS);
    }

    @AfterEach
    void stop() {
        started.forEach(Leadership::stopElection);
        client.close();
        server.destroy();
    }

    private Leadership start(String identity) {
        Leadership leadership = new Leadership(client, true, LEASE, Optional.empty(), Optional.of(identity), LEASE_DURATION,
                Duration.ofMillis(1500), Duration.ofMillis(200));
        started.add(leadership);
        leadership.startElection();
        return leadership;
    }

    @Test
    void oneLeadsTheOtherFollowsAndTakesOverWhenTheLeaderReleases() {
        Leadership first = start("first");
        Poll.until("first to lead", DEADLINE, first::isLeader, leads -> leads);
        Leadership second = start("second");
        Poll.until("second to see first as leader", DEADLINE, second::leaderIdentity, Optional.of("first")::equals);

        assertThat(second.isLeader()).isFalse();
        assertThat(second.lease()).as("in the client's namespace by default").isEqualTo(NS + "/" + LEASE);

        first.stopElection();
        assertThat(first.isLeader()).as("first, stopped").isFalse();
        Poll.until("second to lead", DEADLINE, second::isLeader, leads -> leads);
        assertThat(second.leaderIdentity()).contains("second");
    }

    /** A leader that finds the Lease taken (say, after a long pause) steps down, then competes again. */
    @Test
    void aLeaderThatLosesTheLeaseFollowsAndCompetesAgain() {
        Leadership only = start("only");
        Poll.until("only to lead", DEADLINE, only::isLeader, leads -> leads);

        // The leader renews every 200 ms: an edit between its read and write conflicts (409), and is tried again.
        Poll.until("the Lease edited to name another holder", DEADLINE,
                () -> client.leases().withName(LEASE).edit(this::takenByAnother), edited -> true);
        Poll.until("only to step down", DEADLINE, only::leaderIdentity, Optional.of("another")::equals);
        assertThat(only.isLeader()).isFalse();

        Poll.until("only to lead again once the other's Lease ran out", DEADLINE, only::isLeader, leads -> leads);
    }

    /** Fencing: a leader holds the Lease with time to spare, never more than its duration ahead; a follower not at all. */
    @Test
    void onlyTheLeaderHoldsTheLeaseAndNeverLongerThanItsDuration() {
        Leadership first = start("first");
        Poll.until("first to hold the Lease for another 500 ms", DEADLINE, () -> first.holdsLeaseFor(Duration.ofMillis(500)),
                holds -> holds);
        assertThat(first.holdsLeaseFor(LEASE_DURATION)).as("as long as the lease duration from now").isFalse();
        Leadership second = start("second");
        Poll.until("second to see first as leader", DEADLINE, second::leaderIdentity, Optional.of("first")::equals);
        assertThat(second.holdsLeaseFor(Duration.ZERO)).as("the follower").isFalse();

        first.stopElection();
        assertThat(first.holdsLeaseFor(Duration.ZERO)).as("first, once it released the Lease").isFalse();
    }

    @Test
    void theLeaseIsHeldWhileItsLastWritePlusItsDurationIsMoreThanTheMarginAway() {
        long written = 1_000_000_000L;
        long heldUntil = written + LEASE_DURATION.toNanos();
        assertThat(Leadership.holds(written, heldUntil, Duration.ofMillis(500))).isTrue();
        assertThat(Leadership.holds(written + Duration.ofMillis(1400).toNanos(), heldUntil, Duration.ofMillis(500))).isTrue();
        assertThat(Leadership.holds(written + Duration.ofMillis(1600).toNanos(), heldUntil, Duration.ofMillis(500)))
                .as("renewals failed for 1.6 s of a 2 s Lease: less than the margin left").isFalse();
        assertThat(Leadership.holds(written, Long.MIN_VALUE, Duration.ZERO)).as("never written").isFalse();
    }

    @Test
    void withoutElectionTheLeaseIsAlwaysHeld() {
        Leadership alone = new Leadership(client, false, LEASE, Optional.empty(), Optional.of("alone"), LEASE_DURATION,
                Duration.ofMillis(1500), Duration.ofMillis(200));
        assertThat(alone.holdsLeaseFor(Duration.ofHours(1))).isTrue();
    }

    private Lease takenByAnother(Lease lease) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        lease.getSpec().setHolderIdentity("another");
        lease.getSpec().setAcquireTime(now);
        lease.getSpec().setRenewTime(now);
        return lease;
    }
}
