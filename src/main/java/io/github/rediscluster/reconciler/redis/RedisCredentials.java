package io.github.rediscluster.reconciler.redis;

/**
 * The password every connection authenticates with, and where it came from, so that a refusal can name the Secret
 * and key (never the value).
 *
 * @param source e.g. {@code Secret default/redis-auth, key password}
 */
public record RedisCredentials(String source, RedisPassword password) {
}
