package io.github.rediscluster.reconciler.report;

import io.github.rediscluster.reconciler.apply.ApplyOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** What one reconcile pass found and did: the Kubernetes objects, then the Redis Cluster. */
public record PassReport(Instant startedAt, Duration duration, List<ApplyOutcome> outcomes, TopologyReport topology,
        boolean dryRun) {

    public PassReport {
        outcomes = List.copyOf(outcomes);
    }

    /** A pass that wrote what it had to. */
    public PassReport(Instant startedAt, Duration duration, List<ApplyOutcome> outcomes, TopologyReport topology) {
        this(startedAt, duration, outcomes, topology, false);
    }

    /** Every object and the Redis Cluster are as the spec wants them. */
    public boolean converged() {
        return objectsConverged() && topology.converged();
    }

    /** Every Kubernetes object is as the spec wants it. */
    public boolean objectsConverged() {
        return outcomes.stream().allMatch(ApplyOutcome::converged);
    }

    public long writes() {
        return outcomes.stream().filter(ApplyOutcome::wrote).count();
    }

    /** Why the objects did not converge, one line per object: empty when they did. */
    public List<String> problems() {
        return outcomes.stream()
                .filter(outcome -> !outcome.converged())
                .flatMap(outcome -> outcome.error() != null
                        ? Stream.of(outcome.object() + ": " + outcome.error())
                        : outcome.refused().stream().map(refusal -> outcome.object() + ": " + refusal))
                .toList();
    }
}
