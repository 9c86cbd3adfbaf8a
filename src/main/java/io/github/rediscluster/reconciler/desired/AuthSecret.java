package io.github.rediscluster.reconciler.desired;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The Secret the service makes when the spec names one for the Redis password ({@code redis-cluster.auth.secret}) that
 * does not exist: a password out of the box, as Bitnami's chart does. Made once and never changed: a new password would
 * lock the reconciler and the clients out of running pods. Pure: the caller brings the password.
 */
public final class AuthSecret {

    public static final String COMPONENT = "auth";

    private AuthSecret() {
    }

    /** The Secret without its data: what to look for. */
    public static Secret named(ClusterSpec spec, ClusterSpec.Auth auth) {
        return new SecretBuilder()
                .withMetadata(ClusterLabels.metadata(spec, auth.secret(), COMPONENT))
                .withType("Opaque")
                .build();
    }

    public static Secret desired(ClusterSpec spec, ClusterSpec.Auth auth, String password) {
        return new SecretBuilder(named(spec, auth))
                .addToData(auth.key(), Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)))
                .build();
    }
}
