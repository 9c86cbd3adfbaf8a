package io.github.rediscluster.reconciler.redis;

import java.util.List;

/** A command a redis-server did not carry out: unreachable, too slow, or an error reply. */
public final class RedisCallException extends RuntimeException {

    public RedisCallException(String ip, int port, List<String> command, String reason) {
        super(String.join(" ", command.size() > 6 ? List.of(command.get(0), command.get(1), "...") : command)
                + " on " + HostPort.of(ip, port) + ": " + reason);
    }
}
