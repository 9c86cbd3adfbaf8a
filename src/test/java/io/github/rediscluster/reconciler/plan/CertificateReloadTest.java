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
                Map.of(Facts.ip(0), "new", Facts.ip(1), "old", Facts.ip(2), "old"));

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
                Map.of(Facts.ip(0), "new")).steps()).isEmpty();
    }
}
