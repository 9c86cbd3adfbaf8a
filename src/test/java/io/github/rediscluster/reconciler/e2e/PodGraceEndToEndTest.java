package io.github.rediscluster.reconciler.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.observe.PodDiagnostics;
import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import io.github.rediscluster.reconciler.testing.ClusterCheck;
import io.github.rediscluster.reconciler.testing.LogCapture;
import io.github.rediscluster.reconciler.testing.Poll;
import io.github.rediscluster.reconciler.testing.RealApiServer;
import io.github.rediscluster.reconciler.testing.SandboxCluster;
import io.github.rediscluster.reconciler.testing.SpecFile;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pods whose claims the sandbox binds only after a few seconds (so they are Unschedulable on an unbound claim
 * meanwhile, as in a cluster whose PV controller binds on its periodic sync): within the grace period nothing is told;
 * past it, each pod's problem is one Warning Event and one WARN line, with the scheduler's reason in words.
 */
@Tag("e2e")
@WithKubernetesTestServer(setup = RealApiServer.class)
@QuarkusTest
class PodGraceEndToEndTest {

    private static final String NS = SpecFile.NAMESPACE;
    private static final int PORT = 6379;
    private static final int MASTERS = 3;
    private static final int PODS = 6;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    /** A pass every second, so that one surely looks while the pods wait. */
    private static final String FAST = SpecFile.CLASSIC + "redis-cluster.reconcile.interval=1s\n";
    private static final String UNBOUND = "pod has unbound immediate PersistentVolumeClaims";
    private static final String SERVICE_LOGGERS = "io.github.rediscluster.reconciler.";
    private static final String SANDBOX_LOGGERS = "io.github.rediscluster.reconciler.sandbox.";

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @RegisterExtension
    final SandboxCluster run = SandboxCluster.startedByTheTest();

    /** The deployed grace period (30 s), claims bound after 4 s: the cluster forms with no Warning and no WARN line. */
    @Test
    void podsBoundAfterAFewSecondsAreNoProblem() {
        try (LogCapture logs = LogCapture.start()) {
            run.startSandbox(FAST);
            run.sandbox().delayBinding(Duration.ofSeconds(4));
            run.startLoop();

            awaitHealthy();

            assertThat(logs.lines()).as("the pods did wait for their claims")
                    .anyMatch(line -> line.contains("Sandbox: pod redis-app-0 is Pending") && line.contains(UNBOUND));
            assertThat(warningEvents()).as("Warning Events").isEmpty();
            assertThat(logs.lines()).as("WARN lines of the service")
                    .noneMatch(line -> line.startsWith("WARN " + SERVICE_LOGGERS) && !line.startsWith("WARN " + SANDBOX_LOGGERS));
        }
    }

    /** A grace period of 3 s, claims bound after 15 s: each pod's problem told once, in words, then cleared. */
    @Test
    void podsStillUnboundPastTheGracePeriodAreToldOnceEachWithTheReason() {
        QuarkusMock.installMockForType(new PodDiagnostics(client, Duration.ofSeconds(3)), PodDiagnostics.class);
        try (LogCapture logs = LogCapture.start()) {
            run.startSandbox(FAST);
            run.sandbox().delayBinding(Duration.ofSeconds(15));
            run.startLoop();

            Poll.until("a PodNotStarting Event for each pod", TIMEOUT, this::podNotStartingEvents, events -> events.size() >= PODS);
            awaitHealthy();
            Poll.until("each pod's problem cleared in the log", TIMEOUT, () -> lines(logs, "Pod problem cleared: "),
                    cleared -> cleared.size() >= PODS);

            List<Event> told = podNotStartingEvents();
            assertThat(told).as("one Event per pod").hasSize(PODS).allSatisfy(event -> {
                assertThat(event.getType()).isEqualTo("Warning");
                assertThat(event.getMessage()).containsPattern("^redis-app-\\d: UnboundClaim: claim redis-data-redis-app-\\d is not"
                        + " bound: 0/3 nodes are available: " + UNBOUND).doesNotContainIgnoringCase("null");
            });
            assertThat(told).extracting(event -> event.getMessage().substring(0, "redis-app-0".length()))
                    .containsExactlyInAnyOrderElementsOf(podNames());
            List<String> warned = lines(logs, "Pod cannot start: ");
            assertThat(warned).as("one WARN line per pod").hasSize(PODS)
                    .allSatisfy(line -> assertThat(line).startsWith("WARN ").contains("UnboundClaim: claim redis-data-redis-app-")
                            .contains(UNBOUND).doesNotContainIgnoringCase("null"));
            assertThat(lines(logs, "Pod problem cleared: ")).as("one INFO line per pod once bound").hasSize(PODS)
                    .allSatisfy(line -> assertThat(line).startsWith("INFO "));
        }
    }

    private void awaitHealthy() {
        Poll.until("the pods Ready, then a healthy cluster", TIMEOUT, () -> {
            List<SandboxPod> pods = run.sandbox().pods();
            return ClusterCheck.podsReady(pods, MASTERS, 1, all -> true) ? ClusterCheck.take(run.redis(), PORT, pods, MASTERS, 1) : null;
        }, snapshot -> snapshot != null && snapshot.healthy());
    }

    private static List<String> lines(LogCapture logs, String containing) {
        return logs.lines().stream().filter(line -> line.contains(containing)).toList();
    }

    private static List<String> podNames() {
        return IntStream.range(0, PODS).mapToObj(ordinal -> "redis-app-" + ordinal).toList();
    }

    private List<Event> warningEvents() {
        return client.v1().events().inNamespace(NS).list().getItems().stream().filter(event -> "Warning".equals(event.getType()))
                .toList();
    }

    private List<Event> podNotStartingEvents() {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(event -> "PodNotStarting".equals(event.getReason())).toList();
    }
}
