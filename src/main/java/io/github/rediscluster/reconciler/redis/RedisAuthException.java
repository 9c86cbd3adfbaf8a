package io.github.rediscluster.reconciler.redis;

/** A redis-server refused the password: the message names where it came from, never the password. */
public final class RedisAuthException extends RuntimeException {

    RedisAuthException(String message) {
        super(message, null, false, false);
    }
}
