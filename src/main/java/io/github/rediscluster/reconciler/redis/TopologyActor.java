package io.github.rediscluster.reconciler.redis;

import io.github.rediscluster.reconciler.topology.RedisCommand;
import io.github.rediscluster.reconciler.topology.TopologyStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Sends the commands of each step, in order. A failed command is recorded and the others still go: each is
 * safe on its own, and the next pass plans from what actually happened.
 */
public final class TopologyActor {

    /** Commands that destroy data or cluster identity; a plan holding one is a bug, refused before anything is sent. */
    private static final Set<String> NEVER = Set.of("FLUSHALL", "FLUSHDB", "CLUSTER RESET", "CLUSTER FLUSHSLOTS", "SHUTDOWN");

    private TopologyActor() {
    }

    public static List<StepOutcome> execute(RedisSession session, List<TopologyStep> steps) {
        steps.stream().flatMap(step -> step.commands().stream()).forEach(TopologyActor::refuseDestructive);
        List<StepOutcome> outcomes = new ArrayList<>();
        for (TopologyStep step : steps) {
            List<String> failures = new ArrayList<>();
            for (RedisCommand command : step.commands()) {
                try {
                    session.call(command.ip(), command.args());
                } catch (RedisCallException e) {
                    failures.add(command.pod() + ": " + e.getMessage());
                }
            }
            outcomes.add(new StepOutcome(step, failures));
        }
        return outcomes;
    }

    static void refuseDestructive(RedisCommand command) {
        String name = command.args().get(0).toUpperCase(Locale.ROOT);
        String withSub = command.args().size() > 1 ? name + " " + command.args().get(1).toUpperCase(Locale.ROOT) : name;
        if (NEVER.contains(name) || NEVER.contains(withSub)) {
            throw new IllegalStateException("refusing to send " + withSub + " to " + command.pod()
                    + ": this service never destroys data or cluster state");
        }
    }
}
