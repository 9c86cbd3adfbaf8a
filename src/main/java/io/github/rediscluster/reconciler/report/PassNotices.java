package io.github.rediscluster.reconciler.report;

import io.github.rediscluster.reconciler.loop.TopologyReconciler;

import io.github.rediscluster.reconciler.apply.ApplyOutcome;
import io.github.rediscluster.reconciler.report.ClusterEvents.Notice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Events a pass owes users about the objects and what it would not do: one per object written (each is a change
 * made now), and one per refusal, failure or problem needing a human when it first appears. A problem that stays
 * is not told again, and one that clears and comes back is: so steady state, even a steadily wrong one, emits none.
 * The Redis steps' own Events are told where they run ({@link TopologyReconciler}).
 */
public final class PassNotices {

    private Set<String> standing = Set.of();

    public List<Notice> of(PassReport report) {
        List<Notice> notices = new ArrayList<>();
        Map<String, Notice> problems = new LinkedHashMap<>();
        for (ApplyOutcome outcome : report.outcomes()) {
            switch (outcome.action()) {
                case CREATED -> notices.add(new Notice("Created", "created " + outcome.object(), false));
                case UPDATED -> notices.add(new Notice("Updated", "updated " + outcome.object() + ": "
                        + String.join(", ", outcome.drifted()) + " differed from the spec", false));
                case FAILED -> warn(problems, "ApplyFailed", "could not apply " + outcome.object() + ": " + outcome.error());
                default -> {
                }
            }
            outcome.refused().forEach(refusal -> warn(problems, "ChangeRefused", outcome.object() + ": " + refusal));
        }
        TopologyReport redis = report.topology();
        redis.error().ifPresent(error -> warn(problems, "RedisUnreachable", error));
        redis.plan().refusals().forEach(refusal -> warn(problems, refusal.eventReason(), refusal.text()));
        problems.forEach((key, notice) -> {
            if (!standing.contains(key)) {
                notices.add(notice);
            }
        });
        standing = Set.copyOf(problems.keySet());
        return notices;
    }

    private static void warn(Map<String, Notice> problems, String reason, String message) {
        problems.put(reason + ": " + message, new Notice(reason, message, true));
    }
}
