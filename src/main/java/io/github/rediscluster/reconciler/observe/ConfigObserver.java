package io.github.rediscluster.reconciler.observe;

import io.github.rediscluster.reconciler.redis.RedisSession;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Reads with CONFIG GET, on some pods that answered the pass's reads, directives known only once the pods were read:
 * the {@code tls-cert-file} of those presenting a stale certificate. One pipelined round trip per pod (Redis 6.2
 * takes one name per CONFIG GET). The spec's redis.conf directives are read by {@link ClusterObserver}, in the same
 * round trip as the topology.
 */
public final class ConfigObserver {

    private ConfigObserver() {
    }

    public static List<PodConfig> observe(RedisSession session, List<ObservedPod> pods, List<String> directives) {
        Map<ObservedPod, CompletableFuture<List<Response>>> replies = new LinkedHashMap<>();
        List<List<String>> reads = directives.stream().map(directive -> List.of("CONFIG", "GET", directive)).toList();
        pods.stream().filter(ObservedPod::answered).filter(pod -> !reads.isEmpty())
                .forEach(pod -> replies.put(pod, session.batch(pod.pod().ip(), reads)));
        List<PodConfig> configs = new ArrayList<>();
        replies.forEach((pod, reply) -> {
            String version = pod.view().orElseThrow().info().getOrDefault("redis_version", "");
            try {
                configs.add(PodConfig.read(pod.pod(), version, values(directives, reply.join())));
            } catch (RuntimeException e) {
                configs.add(PodConfig.unread(pod.pod(), version, "CONFIG GET failed: " + session.describe(e)));
            }
        });
        return configs;
    }

    /** CONFIG GET answers name and value pairs (RESP2); nothing for a name the server does not know. */
    static Map<String, String> values(List<String> directives, List<Response> answers) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < directives.size(); i++) {
            Response answer = answers.get(i);
            if (answer != null && answer.size() >= 2) {
                values.put(directives.get(i), answer.get(1).toString());
            }
        }
        return values;
    }
}
