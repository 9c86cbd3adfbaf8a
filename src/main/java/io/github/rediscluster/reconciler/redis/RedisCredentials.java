package io.github.rediscluster.reconciler.redis;

import java.util.Optional;

/**
 * The password every connection authenticates with, and where it came from, so that a refusal can name the Secret
 * and key (never the value).
 *
 * @param source e.g. {@code Secret default/redis-auth, key password}
 * @param user the reconciler's own ACL user ({@code redis-cluster.auth.reconciler-user}): tried first on every pod;
 *        the default user's {@code password} then serves only pods that do not know that user yet
 */
public record RedisCredentials(String source, RedisPassword password, Optional<AclUser> user) {

    public RedisCredentials(String source, RedisPassword password) {
        this(source, password, Optional.empty());
    }

    /**
     * An ACL user and its password.
     *
     * @param source e.g. {@code Secret default/redis-auth-reconciler, key password}
     */
    public record AclUser(String name, String source, RedisPassword password) {
    }
}
