package io.github.rediscluster.reconciler.redis;

import java.util.Objects;

/**
 * The Redis password, kept out of every text the service writes: {@link #toString()} is {@code ***}, so a record,
 * log line or exception message that holds one by mistake still does not show it. Only {@link #reveal()} gives the
 * value, for the one place that sends it (AUTH).
 */
public final class RedisPassword {

    private final String value;

    private RedisPassword(String value) {
        this.value = value;
    }

    public static RedisPassword of(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a Redis password must not be empty");
        }
        return new RedisPassword(value);
    }

    /** The password itself: only for the AUTH command, never for a message. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RedisPassword password && password.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "***";
    }
}
