package io.github.rediscluster.reconciler.leader;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.github.rediscluster.reconciler.testing.AgentRequestLog;
import io.github.rediscluster.reconciler.testing.AgentRequestLog.Call;
import io.github.rediscluster.reconciler.testing.Poll;
import io.github.rediscluster.reconciler.testing.ReconcilerProcess;
import io.github.rediscluster.reconciler.testing.SpecFile;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged service (processes of their own, as two pods) against one mock API: only the Lease
 * holder reconciles, the other reads nothing but the Lease and writes nothing; when the holder dies (SIGKILL) the
 * other takes over within the lease duration, and when it stops (SIGTERM) it releases the Lease and the other takes
 * over at once. Each instance sends its own user agent, which tells its requests apart. Needs the packaged service, so
 * failsafe runs it after package; it needs no redis-server (the Redis side just finds no pods), so it runs once.
 */
class LeaderElectionIT {

    private static final Duration LEASE_DURATION = Duration.ofSeconds(6);
    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(4);
    private static final Duration RETRY_PERIOD = Duration.ofMillis(500);
    /** fabric8 waits between one and 2.2 retry periods between attempts to acquire the Lease. */
    private static final Duration ACQUIRE_PERIOD = RETRY_PERIOD.multipliedBy(22).dividedBy(10);
    /** For process scheduling on a loaded machine, and for this test's own polling. */
    private static final Duration MARGIN = Duration.ofSeconds(1);
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String NS = SpecFile.NAMESPACE;
    private static final String LEASE = "redis-cluster-reconciler";
    private static final Path DIRECTORY = Path.of("target", "leader-election-it");

    private KubernetesMockServer server;
    private KubernetesClient client;
    private AgentRequestLog api;
    private Path spec;
    private final List<ReconcilerProcess> processes = new ArrayList<>();

    @BeforeEach
    void oneApiAndOneSpec() throws IOException {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(),
                false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient().inNamespace(NS);
        api = new AgentRequestLog(server);
        spec = DIRECTORY.resolve("spec").resolve("application.properties");
        Files.createDirectories(spec.getParent());
        // Passes every second, so that a repair does not wait for the default 10 s interval.
        Files.writeString(spec, SpecFile.CLASSIC + "redis-cluster.reconcile.interval=1s\n");
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (ReconcilerProcess process : processes) {
            process.close();
        }
        client.close();
        server.destroy();
    }

    @Test
    void onlyTheLeaderWritesAndTheFollowerTakesOverWithinTheLeaseDurationWhenItDies() throws Exception {
        ReconcilerProcess first = start("instance-a");
        awaitHolder(first);
        awaitClusterObjects();
        ReconcilerProcess second = start("instance-b");
        awaitFollowerOf(second, first);

        List<Call> whileBothRun = api.drain();
        assertThat(callsBy(first, whileBothRun)).as("the leader's requests").anyMatch(Call::isWrite);
        assertOnlyReadsTheLease(second, whileBothRun);

        Instant killed = Instant.now();
        first.kill();
        List<Call> beforeDeath = api.drain();
        assertOnlyReadsTheLease(second, beforeDeath);
        awaitHolder(second);
        Duration takeover = Duration.between(killed, Instant.now());
        System.out.printf("Leader killed (SIGKILL): the follower held the Lease %d ms later (lease duration %d ms,"
                + " retry period %d ms)%n", takeover.toMillis(), LEASE_DURATION.toMillis(), RETRY_PERIOD.toMillis());
        assertThat(takeover).as("takeover after the leader died").isLessThanOrEqualTo(
                LEASE_DURATION.plus(ACQUIRE_PERIOD).plus(MARGIN));

        Call recreated = new Call(second.name(), "POST /api/v1/namespaces/" + NS + "/services");
        List<Call> afterTakeover = deleteAccessServiceAndAwaitItsReturn();
        assertThat(afterTakeover).as("the new leader recreated the Service").contains(recreated);
        assertThat(callsBy(first, afterTakeover)).as("requests of the dead leader").isEmpty();
    }

    @Test
    void aLeaderThatStopsReleasesTheLeaseAndTheFollowerTakesOverAtOnce() throws Exception {
        ReconcilerProcess first = start("instance-a");
        awaitHolder(first);
        ReconcilerProcess second = start("instance-b");
        awaitFollowerOf(second, first);
        assertOnlyReadsTheLease(second, api.drain());

        Instant stopped = Instant.now();
        assertThat(first.terminate(Duration.ofSeconds(20))).as("the leader stopped on SIGTERM").isTrue();
        awaitHolder(second);
        Duration handover = Duration.between(stopped, Instant.now());
        System.out.printf("Leader stopped (SIGTERM): the follower held the Lease %d ms later (lease duration %d ms,"
                + " retry period %d ms)%n", handover.toMillis(), LEASE_DURATION.toMillis(), RETRY_PERIOD.toMillis());
        // Released, the Lease runs out after one second instead of the lease duration.
        assertThat(handover).as("handover after the leader released the Lease")
                .isLessThan(LEASE_DURATION.minus(RETRY_PERIOD));
        assertThat(first.logText()).as("the stopped leader's log").doesNotContain(" ERROR ");
    }

    private ReconcilerProcess start(String name) throws IOException {
        ReconcilerProcess process = ReconcilerProcess.start(name, client.getMasterUrl().toString(), NS, DIRECTORY,
                Map.of("reconciler.spec.locations", spec.toAbsolutePath().toString(),
                        "reconciler.leader-election.identity", name,
                        "reconciler.leader-election.lease-duration", LEASE_DURATION.toMillis() + "ms",
                        "reconciler.leader-election.renew-deadline", RENEW_DEADLINE.toMillis() + "ms",
                        "reconciler.leader-election.retry-period", RETRY_PERIOD.toMillis() + "ms"));
        processes.add(process);
        return process;
    }

    private void awaitHolder(ReconcilerProcess process) {
        Poll.until(process.name() + " to hold the Lease", DEADLINE, this::holder,
                holder -> holder.equals(Optional.of(process.name())) && process.isAlive());
    }

    private Optional<String> holder() {
        Lease lease = client.leases().inNamespace(NS).withName(LEASE).get();
        return Optional.ofNullable(lease).map(found -> found.getSpec().getHolderIdentity());
    }

    /** What the first pass makes: six PVs, the ConfigMap, both Services and the StatefulSet. */
    private void awaitClusterObjects() {
        Poll.until("the leader's first pass to create every object", DEADLINE, () -> List.of(
                client.persistentVolumes().list().getItems().size(),
                client.configMaps().withName("redis-conf").get() != null,
                client.services().withName("redis-service").get() != null,
                client.services().withName("redis-access-service").get() != null,
                client.apps().statefulSets().withName("redis-app").get() != null),
                seen -> seen.equals(List.of(6, true, true, true, true)));
    }

    /**
     * Its readiness comes up as a whole and says follower, naming the leader. Polled for both: the Lease can be read
     * before the follower's first tick has read the spec, and until then readiness is down for that.
     */
    private static void awaitFollowerOf(ReconcilerProcess follower, ReconcilerProcess leader) {
        JsonNode ready = Poll.until(follower.name() + "'s readiness to be UP and name " + leader.name() + " as leader", DEADLINE,
                follower::readiness, readiness -> leaderElection(readiness).path("leader").asText().equals(leader.name())
                        && readiness.path("status").asText().equals("UP"));
        assertThat(leaderElection(ready).path("role").asText()).isEqualTo("follower");
    }

    private static JsonNode leaderElection(JsonNode readiness) {
        for (JsonNode check : readiness.path("checks")) {
            if (check.path("name").asText().equals("leader-election")) {
                return check.path("data");
            }
        }
        return readiness.path("no such check");
    }

    /** A follower runs no pass: it reads the Lease and nothing else, and writes nothing at all. */
    private static void assertOnlyReadsTheLease(ReconcilerProcess follower, List<Call> calls) {
        assertThat(callsBy(follower, calls)).as("requests of the follower " + follower.name())
                .allMatch(call -> call.request().equals("GET /apis/coordination.k8s.io/v1/namespaces/" + NS + "/leases/" + LEASE));
    }

    /** Deletes a Service behind the leader's back; returns every request until it is back. */
    private List<Call> deleteAccessServiceAndAwaitItsReturn() {
        List<Call> calls = new ArrayList<>(api.drain());
        client.services().withName("redis-access-service").delete();
        Poll.until("the access Service recreated", DEADLINE, () -> client.services().withName("redis-access-service").get(),
                service -> service != null && service.getMetadata().getDeletionTimestamp() == null);
        calls.addAll(api.drain());
        return calls;
    }

    private static List<Call> callsBy(ReconcilerProcess process, List<Call> calls) {
        return calls.stream().filter(call -> call.agent().equals(process.name())).toList();
    }
}
