package io.github.rediscluster.reconciler.plan;

import io.github.rediscluster.reconciler.observe.PodConfig;
import io.github.rediscluster.reconciler.spec.RedisDirectives;
import io.github.rediscluster.reconciler.spec.RedisVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Decides, from what CONFIG GET answered on each pod, which redis.conf directives to apply live: a directive that
 * differs from the spec and that the pod's Redis changes at runtime gets a CONFIG SET on that pod (the ConfigMap keeps
 * it for restarts); one that only a restart applies is reported until the pods restart with it. Pure.
 */
public final class LiveConfig {

    private LiveConfig() {
    }

    /**
     * @param desired directive to value, as the spec (and the ConfigMap) sets them
     * @param pods what CONFIG GET answered on each pod that answered the pass's reads
     */
    public static AddedSteps plan(Map<String, String> desired, List<PodConfig> pods) {
        List<TopologyStep> steps = new ArrayList<>();
        List<Wait> waiting = new ArrayList<>();
        Map<String, List<String>> restartPending = new TreeMap<>();
        Map<String, List<String>> unknown = new TreeMap<>();
        for (PodConfig pod : pods) {
            if (!pod.error().isEmpty()) {
                waiting.add(new Wait(WaitReason.CONFIG_UNREADABLE, pod.pod().name(), pod.error()));
                continue;
            }
            RedisVersion version = RedisVersion.ofRelease(pod.redisVersion());
            List<RedisCommand> sets = new ArrayList<>();
            List<String> changes = new ArrayList<>();
            new TreeMap<>(desired).forEach((directive, wanted) -> {
                Optional<String> found = pod.value(directive);
                if (found.isEmpty()) {
                    unknown.computeIfAbsent(directive, key -> new ArrayList<>()).add(pod.pod().name() + " (Redis "
                            + pod.redisVersion() + ")");
                } else if (!same(directive, wanted, found.get())) {
                    if (RedisDirectives.live(directive, version)) {
                        sets.add(RedisCommand.on(pod.pod(), "CONFIG", "SET", directive, argument(wanted)));
                        changes.add(directive + " " + shown(found.get()) + " -> " + wanted);
                    } else {
                        restartPending.computeIfAbsent(directive + " " + wanted, key -> new ArrayList<>()).add(pod.pod().name());
                    }
                }
            });
            if (!sets.isEmpty()) {
                steps.add(new TopologyStep(TopologyStep.Kind.CONFIG_SET, pod.pod().name(), "redis.conf of the spec, applied"
                        + " live without a restart: " + String.join(", ", changes), sets));
            }
        }
        restartPending.forEach((change, names) -> waiting.add(new Wait(WaitReason.CONFIG_RESTART_PENDING, change,
                String.join(", ", names))));
        unknown.forEach((directive, names) -> waiting.add(new Wait(WaitReason.CONFIG_DIRECTIVE_UNKNOWN, directive,
                String.join(", ", names))));
        return new AddedSteps(steps, waiting);
    }

    /** The directives to read with CONFIG GET: the ones the spec sets. */
    public static List<String> directives(Map<String, String> desired) {
        return List.copyOf(new TreeMap<>(desired).keySet());
    }

    private static boolean same(String directive, String wanted, String found) {
        return RedisDirectives.find(directive).map(RedisDirectives.Directive::type)
                .map(type -> type.sameValue(wanted, found)).orElse(wanted.equals(found));
    }

    /** {@code ""} in redis.conf is the empty value (save, notify-keyspace-events); CONFIG SET takes it as such. */
    private static String argument(String value) {
        return value.equals("\"\"") ? "" : value;
    }

    private static String shown(String value) {
        return value.isEmpty() ? "\"\"" : value;
    }
}
