package io.github.rediscluster.reconciler.desired;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The Secret the service makes when the spec names one for the Redis password ({@code redis-cluster.auth.secret}) that
 * does not exist: a password out of the box, as Bitnami's chart does. Made once and never changed: a new password would
 * lock the reconciler and the clients out of running pods. Pure: the caller brings the password.
 */
public final class AuthSecret {

    public static final String COMPONENT = "auth";
    public static final String RECONCILER_COMPONENT = "reconciler-auth";

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
        return withPassword(named(spec, auth), auth.key(), password);
    }

    /**
     * The Secret of the reconciler's ACL user ({@code <secret>-<user>}, key {@code password}), without its data. A
     * Secret of its own rather than a key in the auth Secret: the service never updates a Secret (its Role has no
     * {@code update} on secrets), so a key added later to an existing auth Secret could not be made; a Secret of its own
     * can, for a running cluster as for a new one.
     */
    public static Optional<Secret> reconcilerNamed(ClusterSpec spec, ClusterSpec.Auth auth) {
        return auth.reconcilerSecret().map(name -> new SecretBuilder()
                .withMetadata(ClusterLabels.metadata(spec, name, RECONCILER_COMPONENT))
                .withType("Opaque")
                .build());
    }

    public static Secret reconcilerDesired(Secret named, String password) {
        return withPassword(named, ClusterSpec.Auth.RECONCILER_KEY, password);
    }

    private static Secret withPassword(Secret named, String key, String password) {
        return new SecretBuilder(named)
                .addToData(key, Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)))
                .build();
    }
}
