package io.github.rediscluster.reconciler.observe;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.desired.RedisTls;
import io.github.rediscluster.reconciler.redis.TlsMaterial;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.spec.SpecKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the pods' certificates from the Secret the spec names ({@code redis-cluster.tls.secret}), once per pass, so that
 * a rotated certificate is used (and pushed to the pods) from the next pass on. Messages name the Secret and the keys,
 * never the key material.
 */
@ApplicationScoped
public class RedisTlsSecret {

    private final KubernetesClient client;

    public RedisTlsSecret(KubernetesClient client) {
        this.client = client;
    }

    public SecretLookup<TlsMaterial> read(ClusterSpec spec, ClusterSpec.Tls tls) {
        String secret = "Secret " + spec.namespace() + "/" + tls.secret();
        Secret live;
        try {
            live = SecretValues.read(client, spec.namespace(), tls.secret(), SpecKeys.TLS_SECRET.name()).orElse(null);
        } catch (IllegalStateException e) {
            return new SecretLookup.Unavailable<>(e.getMessage());
        }
        if (live == null) {
            return new SecretLookup.Unavailable<>(secret + " (redis-cluster.tls.secret) does not exist: make it with " + RedisTls.CERT + ", "
                    + RedisTls.KEY + " and " + RedisTls.CA + " (a cert-manager Certificate writes exactly these); the pods"
                    + " cannot start without it either");
        }
        return of(secret, live);
    }

    static SecretLookup<TlsMaterial> of(String secret, Secret live) {
        List<String> missing = new ArrayList<>();
        Optional<String> ca = present(live, RedisTls.CA, missing);
        Optional<String> cert = present(live, RedisTls.CERT, missing);
        Optional<String> key = present(live, RedisTls.KEY, missing);
        if (!missing.isEmpty()) {
            return new SecretLookup.Unavailable<>(secret + " lacks " + String.join(", ", missing) + "; its keys: " + SecretValues.keys(live));
        }
        TlsMaterial material = new TlsMaterial(secret, ca.get(), cert.get(), key.get());
        try {
            material.caCertificates();
            material.certificateFingerprint();
        } catch (IllegalArgumentException e) {
            return new SecretLookup.Unavailable<>(e.getMessage());
        }
        return new SecretLookup.Found<>(material);
    }

    private static Optional<String> present(Secret secret, String key, List<String> missing) {
        Optional<String> value = SecretValues.value(secret, key).filter(text -> !text.isBlank());
        if (value.isEmpty()) {
            missing.add(key);
        }
        return value;
    }
}
