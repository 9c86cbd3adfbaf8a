package io.github.rediscluster.reconciler.redis;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * The pods' certificates as the reconciler reads them from the TLS Secret: the CA it trusts the pods by, and the pods'
 * own certificate and key, which it presents as its client certificate (so that {@code tls-auth-clients yes} lets it
 * in). PEM text; {@link #toString()} never shows the key.
 *
 * @param source e.g. {@code Secret default/redis-tls}, for messages
 */
public record TlsMaterial(String source, String caPem, String certPem, String keyPem) {

    /** The CA certificates, parsed: a Secret whose ca.crt is not PEM fails here, with its name. */
    public List<Certificate> caCertificates() {
        return certificates(caPem, "ca.crt");
    }

    /** SHA-256 of the first certificate of tls.crt (the pods' own, the chain after it): what a pod should present. */
    public String certificateFingerprint() {
        return fingerprint(certificates(certPem, "tls.crt").get(0));
    }

    public static String fingerprint(Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encode a certificate", e);
        }
    }

    private List<Certificate> certificates(String pem, String key) {
        try {
            Collection<? extends Certificate> parsed = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (parsed.isEmpty()) {
                throw new IllegalArgumentException(source + ": " + key + " holds no certificate");
            }
            return List.copyOf(parsed);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(source + ": " + key + " is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TlsMaterial[" + source + "]";
    }
}
