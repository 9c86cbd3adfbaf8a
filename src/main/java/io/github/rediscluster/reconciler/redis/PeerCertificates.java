package io.github.rediscluster.reconciler.redis;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts the pods by the cluster's CA only, and remembers which certificate each pod presented (by the address
 * connected to): a pod still presenting an older certificate than the Secret's has not reloaded its files yet, and gets
 * a {@code CONFIG SET tls-cert-file} (see the planner's certificate stage).
 *
 * <p>No host name check: the reconciler reaches pods on their IPs, which change at every restart and are in no
 * certificate (cert-manager names the Services' DNS names); a certificate signed by the cluster's own CA is the
 * identity, as for the pods among themselves (Redis checks no host name on the bus or for replication either).
 */
final class PeerCertificates extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager byCa;
    private final Map<String, String> presented = new ConcurrentHashMap<>();

    private PeerCertificates(X509ExtendedTrustManager byCa) {
        this.byCa = byCa;
    }

    static PeerCertificates trusting(List<Certificate> ca) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < ca.size(); i++) {
                store.setCertificateEntry("ca-" + i, ca.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    return new PeerCertificates(extended);
                }
            }
            throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("could not build a trust store from the CA", e);
        }
    }

    /** SHA-256 of the certificate each address presented, by address. */
    Map<String, String> presented() {
        return Map.copyOf(presented);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        byCa.checkServerTrusted(chain, authType, engine);
        if (engine != null && engine.getPeerHost() != null && chain.length > 0) {
            presented.put(engine.getPeerHost(), TlsMaterial.fingerprint(chain[0]));
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        byCa.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        byCa.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        byCa.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        byCa.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        byCa.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return byCa.getAcceptedIssuers();
    }
}
