package io.github.rediscluster.reconciler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A pod presenting an older certificate than the Secret's reloads its files; one already up to date is left alone. */
class CertificateReloadTest {

    private static final String NODES = Facts.nodes(Facts.master(0, "0-5460"), Facts.master(1, "5461-10922"),
            Facts.master(2, "10923-16383"));

    @Test
    void aPodPresentingAnotherCertificateReloadsItsFilesLive() {
        AddedSteps added = CertificateReload.plan("new", List.of(Facts.pod(0, NODES), Facts.pod(1, NODES), Facts.silent(2, "down")),
                Map.of(Facts.ip(0), "new", Facts.ip(1), "old", Facts.ip(2), "old"), Map.of());

        assertThat(added.steps()).singleElement().satisfies(step -> {
            assertThat(step.kind()).isEqualTo(TopologyStep.Kind.RELOAD_CERTIFICATES);
            assertThat(step.subject()).isEqualTo("redis-app-1");
            assertThat(step.commands()).extracting(Object::toString)
                    .containsExactly("redis-app-1: CONFIG SET tls-cert-file /etc/redis-tls/tls.crt");
        });
        assertThat(added.waits()).isEmpty();
    }

    @Test
    void nothingWhenEveryPodPresentsTheSecretsCertificateOrNoneWasSeen() {
        assertThat(CertificateReload.plan("new", List.of(Facts.pod(0, NODES), Facts.pod(1, NODES)),
                Map.of(Facts.ip(0), "new"), Map.of()).steps()).isEmpty();
    }

    /**
     * The reload sets the path the pod answered to CONFIG GET tls-cert-file: another one makes Redis read other files
     * (in the sandbox, none), which 6.2.11 refuses without reloading anything.
     */
    @Test
    void theReloadSetsThePathThePodHasAndOnlyStalePodsAreAsked() {
        List<io.github.rediscluster.reconciler.observe.ObservedPod> pods = List.of(Facts.pod(0, NODES), Facts.pod(1, NODES));
        Map<String, String> presented = Map.of(Facts.ip(0), "new", Facts.ip(1), "old");

        assertThat(CertificateReload.stale("new", pods, presented)).extracting(pod -> pod.pod().name())
                .containsExactly("redis-app-1");
        assertThat(CertificateReload.plan("new", pods, presented, Map.of("redis-app-1", "/var/sandbox/redis-tls/tls.crt"))
                .steps()).flatExtracting(TopologyStep::commands).extracting(Object::toString)
                .containsExactly("redis-app-1: CONFIG SET tls-cert-file /var/sandbox/redis-tls/tls.crt");
    }
}
