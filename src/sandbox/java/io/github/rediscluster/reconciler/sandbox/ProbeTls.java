package io.github.rediscluster.reconciler.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * What the pod's redis-cli gets from {@code --tls --cacert <ca> --cert <cert> --key <key>}, for the probes the sandbox
 * plays in Java (readiness PING, the preStop hook's INFO): a TLS socket that trusts the CA and presents the client
 * certificate, without a host name check (redis-cli makes none). The file paths are the container's, read through its
 * mounts, when the probe starts.
 */
final class ProbeTls {

    private final SSLContext context;

    private ProbeTls(SSLContext context) {
        this.context = context;
    }

    /** From the container's readiness probe command; empty when it does not use --tls. */
    static Optional<ProbeTls> fromCommand(List<String> command, MountTable mounts) throws NotStartable {
        List<String> words = new ArrayList<>();
        command.forEach(part -> words.addAll(List.of(part.trim().split("\\s+"))));
        if (!words.contains("--tls")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ProbeTls(context(file(words, "--cacert", mounts), file(words, "--cert", mounts),
                    file(words, "--key", mounts))));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new NotStartable("CreateContainerError", "the readiness probe's TLS files cannot be read: " + e.getMessage());
        }
    }

    /** A connected socket, TLS-handshaken, with {@code timeout} for connect and reads. */
    Socket connect(String ip, int port, Duration timeout) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(ip, port), (int) timeout.toMillis());
        plain.setSoTimeout((int) timeout.toMillis());
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, ip, port, true);
        socket.startHandshake();
        return socket;
    }

    /** A plain or TLS socket to the pod, as its probes' redis-cli would open it. */
    static Socket open(Optional<ProbeTls> tls, String ip, int port, Duration timeout) throws IOException {
        if (tls.isPresent()) {
            return tls.get().connect(ip, port, timeout);
        }
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(ip, port), (int) timeout.toMillis());
        socket.setSoTimeout((int) timeout.toMillis());
        return socket;
    }

    private static Path file(List<String> words, String flag, MountTable mounts) {
        int at = words.indexOf(flag);
        if (at < 0 || at + 1 >= words.size()) {
            throw new IllegalArgumentException("--tls without " + flag);
        }
        return Path.of(mounts.translate(words.get(at + 1)));
    }

    private static SSLContext context(Path ca, Path cert, Path key) throws IOException, GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(ca)) {
            int i = 0;
            for (Certificate certificate : factory.generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, certificate);
            }
        }
        Certificate[] chain;
        try (InputStream in = Files.newInputStream(cert)) {
            chain = factory.generateCertificates(in).toArray(Certificate[]::new);
        }
        KeyStore identity = KeyStore.getInstance(KeyStore.getDefaultType());
        identity.load(null, null);
        identity.setKeyEntry("client", privateKey(key), new char[0], chain);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(identity, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    /** PKCS#1 ({@code RSA PRIVATE KEY}, cert-manager's default), SEC1 or PKCS#8. */
    static PrivateKey privateKey(Path key) throws IOException {
        try (Reader reader = Files.newBufferedReader(key); PEMParser parser = new PEMParser(reader)) {
            Object read = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (read instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (read instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException(key + " holds no private key");
        }
    }
}
