package io.github.rediscluster.reconciler.observe;

import java.util.Optional;

/** A pod and what its redis-server answered, or why it could not be asked. */
public record ObservedPod(RedisPod pod, Optional<RedisView> view, String error) {

    public static ObservedPod reached(RedisPod pod, RedisView view) {
        return new ObservedPod(pod, Optional.of(view), "");
    }

    public static ObservedPod unreached(RedisPod pod, String error) {
        return new ObservedPod(pod, Optional.empty(), error);
    }

    public boolean answered() {
        return view.isPresent();
    }
}
