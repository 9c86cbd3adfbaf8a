package io.github.rediscluster.reconciler.report;

import io.github.rediscluster.reconciler.apply.ApplyOutcome;
import io.github.rediscluster.reconciler.plan.RedisCommand;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a dry-run pass would have done, as lines a person reads: each object that would be created or rewritten (with
 * every field as {@code path: live -> wanted}), each change a guard would refuse, each Redis step with its commands
 * grouped by the pod they would go to, and what the Redis side waits on or refuses. Pure.
 */
public final class DryRunPlan {

    private DryRunPlan() {
    }

    public static List<String> of(PassReport report) {
        List<String> lines = new ArrayList<>();
        for (ApplyOutcome outcome : report.outcomes()) {
            switch (outcome.action()) {
                case WOULD_CREATE -> lines.add("would create " + outcome.object());
                case WOULD_UPDATE -> {
                    lines.add("would update " + outcome.object() + ":");
                    outcome.drifted().forEach(diff -> lines.add("  " + diff));
                }
                case FAILED -> lines.add("could not read " + outcome.object() + ": " + outcome.error());
                case WAITING -> lines.add("waits: " + outcome.object() + ": " + outcome.error());
                default -> {
                }
            }
            outcome.refused().forEach(refusal -> lines.add("would refuse " + outcome.object() + ": " + refusal));
        }
        TopologyReport topology = report.topology();
        topology.error().ifPresent(error -> lines.add("Redis: " + error));
        for (TopologyStep step : topology.plan().steps()) {
            lines.add("Redis would " + step + ":");
            step.move().ifPresent(move -> lines.add("  move " + move));
            commandsByPod(step.commands()).forEach((pod, commands) -> lines.add("  " + pod + ": " + String.join("; ", commands)));
        }
        topology.plan().waits().forEach(wait -> lines.add("Redis waits: " + wait.text()));
        topology.plan().refusals().forEach(refusal -> lines.add("Redis would refuse: " + refusal.text()));
        return lines;
    }

    private static Map<String, List<String>> commandsByPod(List<RedisCommand> commands) {
        Map<String, List<String>> byPod = new LinkedHashMap<>();
        for (RedisCommand command : commands) {
            String shown = command.toString();
            byPod.computeIfAbsent(command.pod(), pod -> new ArrayList<>()).add(shown.substring(command.pod().length() + 2));
        }
        return byPod;
    }
}
