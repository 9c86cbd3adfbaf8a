package io.github.rediscluster.reconciler.report;

import io.github.rediscluster.reconciler.report.ClusterEvents.Notice;
import io.github.rediscluster.reconciler.spec.SpecStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The Events about the spec, for the reconciler's ConfigMap, as topics: a spec that came into force (what changed),
 * and a spec edit that was refused (every key and why), each told when it appears or changes. The log lines about the
 * spec are the {@link SpecStore}'s, which also runs where no Event is written (a follower).
 */
public final class SpecNotices {

    static final String SPEC = "spec";

    private SpecNotices() {
    }

    public static Telling of(SpecStore.State state) {
        List<Topic> topics = new ArrayList<>();
        state.change().ifPresent(change -> topics.add(Topic.of("SpecApplied", change).event(new Notice("SpecApplied", change, false))));
        state.problem().ifPresent(problem -> topics.add(Topic.of("SpecRejected", problem)
                .event(new Notice("SpecRejected", problem, true))));
        return Telling.standing(SPEC, topics);
    }
}
