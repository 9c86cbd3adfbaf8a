package io.github.rediscluster.reconciler.redis;

/**
 * An address and port as text. An IPv6 address is bracketed ({@code [fd00::1]:6379}), since its own colons would
 * otherwise run into the port's; commands that take the address as an argument of its own (CLUSTER MEET, MIGRATE)
 * take it bare.
 */
public final class HostPort {

    private HostPort() {
    }

    /** {@code 10.0.0.1:6379} or {@code [fd00::1]:6379}. */
    public static String of(String ip, int port) {
        return bracketed(ip) + ":" + port;
    }

    /** The URI the Vert.x Redis client connects to. */
    public static String redisUri(String ip, int port) {
        return "redis://" + of(ip, port);
    }

    /** The URI the Vert.x Redis client connects to with TLS. */
    public static String tlsRedisUri(String ip, int port) {
        return "rediss://" + of(ip, port);
    }

    /** The address as it goes before a {@code :port}: bracketed when it is IPv6 (holds a colon) and not yet bracketed. */
    public static String bracketed(String ip) {
        return ip.indexOf(':') >= 0 && !ip.startsWith("[") ? "[" + ip + "]" : ip;
    }
}
