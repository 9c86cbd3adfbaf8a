package io.github.rediscluster.reconciler.testing;

import io.fabric8.kubernetes.api.model.Secret;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A client's TLS settings for a cluster whose pods use the TLS Secret: trust its {@code ca.crt}, present its
 * certificate (tls-auth-clients yes), no host name check (the pods are reached on their IPs, which no certificate names).
 */
public final class TlsClient {

    private TlsClient() {
    }

    public static NetClientOptions of(Secret secret) {
        return new NetClientOptions().setSsl(true).setHostnameVerificationAlgorithm("")
                .setConnectTimeout(2_000)
                .setTrustOptions(new PemTrustOptions().addCertValue(value(secret, "ca.crt")))
                .setKeyCertOptions(new PemKeyCertOptions().addCertValue(value(secret, "tls.crt"))
                        .addKeyValue(value(secret, "tls.key")));
    }

    private static Buffer value(Secret secret, String key) {
        return Buffer.buffer(new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.US_ASCII));
    }
}
