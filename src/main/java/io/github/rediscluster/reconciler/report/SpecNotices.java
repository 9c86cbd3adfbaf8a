package io.github.rediscluster.reconciler.report;

import io.github.rediscluster.reconciler.spec.SpecStore;

import io.github.rediscluster.reconciler.report.ClusterEvents.Notice;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Events about the spec, for the reconciler's ConfigMap: a spec that came into force (what changed), and a spec
 * edit that was refused (every key and why), each once.
 */
public final class SpecNotices {

    private Optional<String> toldChange = Optional.empty();
    private Optional<String> toldProblem = Optional.empty();

    public List<Notice> of(SpecStore.State state) {
        List<Notice> notices = new ArrayList<>();
        state.change().filter(change -> !state.change().equals(toldChange))
                .ifPresent(change -> notices.add(new Notice("SpecApplied", change, false)));
        state.problem().filter(problem -> !state.problem().equals(toldProblem))
                .ifPresent(problem -> notices.add(new Notice("SpecRejected", problem, true)));
        toldChange = state.change();
        toldProblem = state.problem();
        return notices;
    }
}
