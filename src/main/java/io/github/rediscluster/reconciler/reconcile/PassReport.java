package io.github.rediscluster.reconciler.reconcile;

import io.github.rediscluster.reconciler.kube.ApplyOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** What one reconcile pass found and did. */
public record PassReport(Instant startedAt, Duration duration, List<ApplyOutcome> outcomes) {

    public PassReport {
        outcomes = List.copyOf(outcomes);
    }

    /** Every object is as the spec wants it. */
    public boolean converged() {
        return outcomes.stream().allMatch(ApplyOutcome::converged);
    }

    public long writes() {
        return outcomes.stream().filter(ApplyOutcome::wrote).count();
    }

    /** Why the pass did not converge, one line per object: empty when it did. */
    public List<String> problems() {
        return outcomes.stream()
                .filter(outcome -> !outcome.converged())
                .flatMap(outcome -> outcome.action() == ApplyOutcome.Action.FAILED
                        ? Stream.of(outcome.object() + ": " + outcome.error())
                        : outcome.refused().stream().map(refusal -> outcome.object() + ": " + refusal))
                .toList();
    }
}
