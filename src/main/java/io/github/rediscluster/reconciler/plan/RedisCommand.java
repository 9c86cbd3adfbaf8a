package io.github.rediscluster.reconciler.plan;

import io.github.rediscluster.reconciler.observe.RedisPod;

import java.util.List;

/** One command for the redis-server of one pod. */
public record RedisCommand(String pod, String ip, List<String> args) {

    public RedisCommand {
        args = List.copyOf(args);
    }

    public static RedisCommand on(RedisPod pod, String... args) {
        return new RedisCommand(pod.name(), pod.ip(), List.of(args));
    }

    public static RedisCommand on(RedisPod pod, List<String> args) {
        return new RedisCommand(pod.name(), pod.ip(), args);
    }

    /** {@code pod: CLUSTER MEET 10.0.0.2 6379}; a long slot list is shortened, so that logs stay readable. */
    @Override
    public String toString() {
        List<String> shown = args.size() <= 12 ? args : List.of(String.join(" ", args.subList(0, 4)), "... (" + args.size()
                + " arguments) ...", args.get(args.size() - 1));
        return pod + ": " + String.join(" ", shown);
    }
}
