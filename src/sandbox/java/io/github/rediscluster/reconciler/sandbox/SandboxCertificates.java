package io.github.rediscluster.reconciler.sandbox;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A CA of the sandbox's own and the certificates it signs for a cluster's pods, as the Secret a cert-manager
 * Certificate writes: {@code tls.crt}, {@code tls.key} (PKCS#1, cert-manager's default for RSA) and {@code ca.crt}. The
 * pods' certificate serves both ways (server and client auth): Redis presents it to clients and, as a client, to its
 * peers on the bus, for replication and MIGRATE. It names the headless Service's pod DNS names, not the pod IPs, as a
 * real one would: nothing checks a host name (see the reconciler's PeerCertificates).
 */
public final class SandboxCertificates {

    private static final Duration VALIDITY = Duration.ofDays(2);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair caKeys;
    private final X509Certificate ca;
    private long serial = 1;

    private SandboxCertificates(KeyPair caKeys, X509Certificate ca) {
        this.caKeys = caKeys;
        this.ca = ca;
    }

    /** A new CA. */
    public static SandboxCertificates newCa(String name) {
        KeyPair keys = rsa();
        X500Name subject = new X500Name("CN=" + name + " sandbox CA");
        X509v3CertificateBuilder builder = builder(subject, BigInteger.ONE, subject, keys);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new SandboxCertificates(keys, sign(builder, keys));
    }

    /**
     * A Secret of {@code name} with a fresh key and certificate for the pods of the headless Service {@code headless}
     * in {@code namespace}, signed by this CA. Each call makes another certificate: a rotation.
     */
    public synchronized Secret secret(String namespace, String name, String headless) {
        KeyPair keys = rsa();
        X509v3CertificateBuilder builder = builder(new X500Name("CN=" + headless + "." + namespace + ".svc"),
                BigInteger.valueOf(++serial), new X500Name(ca.getSubjectX500Principal().getName()), keys);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(List.of(
                    new GeneralName(GeneralName.dNSName, "*." + headless + "." + namespace + ".svc"),
                    new GeneralName(GeneralName.dNSName, "*." + headless + "." + namespace + ".svc.cluster.local"))
                    .toArray(GeneralName[]::new)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        X509Certificate certificate = sign(builder, caKeys);
        Map<String, String> data = new LinkedHashMap<>();
        data.put("ca.crt", base64(pem(ca)));
        data.put("tls.crt", base64(pem(certificate)));
        data.put("tls.key", base64(pem(keys.getPrivate())));
        return new SecretBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withType("kubernetes.io/tls").withData(data).build();
    }

    /** The CA certificate as PEM: what a client trusts the pods by. */
    public String caPem() {
        return pem(ca);
    }

    private static X509v3CertificateBuilder builder(X500Name subject, BigInteger serial, X500Name issuer, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a sandbox certificate", e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
