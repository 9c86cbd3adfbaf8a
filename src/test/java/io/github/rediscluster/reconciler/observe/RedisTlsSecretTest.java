package io.github.rediscluster.reconciler.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.github.rediscluster.reconciler.redis.TlsMaterial;
import io.github.rediscluster.reconciler.sandbox.SandboxCertificates;
import org.junit.jupiter.api.Test;

/** The reconciler's certificates from the Secret as cert-manager writes it; a bad Secret named with what is wrong. */
class RedisTlsSecretTest {

    private static final Secret MADE = SandboxCertificates.newCa("unit").secret("ns", "redis-tls", "redis-service");

    @Test
    void aCertManagerSecretGivesTheCaAndThePodsCertificate() {
        SecretLookup<TlsMaterial> lookup = RedisTlsSecret.of("Secret ns/redis-tls", MADE);

        assertThat(lookup).isInstanceOfSatisfying(SecretLookup.Found.class, found -> {
            TlsMaterial material = (TlsMaterial) found.value();
            assertThat(material.caCertificates()).hasSize(1);
            assertThat(material.certificateFingerprint()).matches("[0-9a-f]{64}");
            assertThat(material.toString()).doesNotContain("PRIVATE KEY");
        });
    }

    @Test
    void aMissingKeyOrANonPemCertificateIsNamed() {
        Secret noKey = new SecretBuilder(MADE).build();
        noKey.getData().remove("tls.key");
        assertThat(RedisTlsSecret.of("Secret ns/redis-tls", noKey)).isEqualTo(new SecretLookup.Unavailable<>(
                "Secret ns/redis-tls lacks tls.key; its keys: ca.crt, tls.crt"));

        Secret garbled = new SecretBuilder(MADE).build();
        garbled.getData().put("ca.crt", java.util.Base64.getEncoder().encodeToString("not a certificate".getBytes()));
        assertThat(RedisTlsSecret.of("Secret ns/redis-tls", garbled)).isInstanceOfSatisfying(SecretLookup.Unavailable.class,
                unavailable -> assertThat(unavailable.problem()).startsWith("Secret ns/redis-tls: ca.crt"));
    }
}
