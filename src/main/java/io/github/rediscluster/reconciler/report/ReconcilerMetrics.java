package io.github.rediscluster.reconciler.report;

import io.github.rediscluster.reconciler.apply.ApplyOutcome;
import io.github.rediscluster.reconciler.leader.Leadership;
import io.github.rediscluster.reconciler.act.StepOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The Prometheus figures of the service (at {@code /q/metrics}): counters of what passes did, and gauges of what the
 * last pass saw. Gauges read the last pass only, so a scrape never touches the API server or Redis. A follower
 * (leader election) runs no pass: its pass gauges stay NaN and {@code reconciler_leader} is 0.
 */
@ApplicationScoped
public class ReconcilerMetrics {

    /** How a pass ended, the {@code outcome} tag of {@code reconciler_passes_total}. */
    public enum PassOutcome {
        /** Every object and the Redis Cluster are as the spec wants them. */
        CONVERGED,
        /** Changes made or awaited, nothing failed. */
        NOT_CONVERGED,
        /** An object could not be written, a Redis step failed, or the Redis side could not look at all. */
        FAILED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final List<Meter> gauges = new ArrayList<>();
    private final Timer passDuration;
    private volatile PassReport lastPass;
    private volatile Instant lastSucceeded;
    private volatile Instant lastConverged;

    public ReconcilerMetrics(MeterRegistry registry, Leadership leadership) {
        this.registry = registry;
        this.passDuration = Timer.builder("reconciler.pass.duration")
                .description("Wall time of a reconcile pass, objects and Redis Cluster").register(registry);
        // Created at zero, so that an alert on failed passes has a series to compare with from the start.
        for (PassOutcome outcome : PassOutcome.values()) {
            passes(outcome);
        }
        gauges.add(Gauge.builder("reconciler.leader", leadership, lead -> lead.isLeader() ? 1 : 0)
                .description("1 on the instance that holds the Lease and reconciles (always 1 without leader election)")
                .register(registry));
        gauge("redis.cluster.state.ok", "1 when every expected pod answers and reports cluster_state:ok, else 0",
                report -> clusterOk(report.topology()) ? 1 : 0);
        gauge("redis.cluster.slots.ok", "Slots owned by a master that answers (16384 when every slot is served)",
                report -> report.topology().summary().slotsCovered());
        gauge("redis.cluster.nodes.known", "Distinct NodeIds the answering pods know, themselves included",
                report -> report.topology().summary().knownNodes());
        gauge("redis.cluster.nodes.expected", "Pods the spec asks for: masters * (1 + replicas-per-master)",
                report -> report.topology().summary().expectedPods());
        gauge("redis.cluster.pods.answering", "redis-server pods that answered the last pass",
                report -> report.topology().summary().answering());
        gauge("redis.cluster.slots.to.move", "Slots not yet on the masters the spec wants (while masters change)",
                report -> report.topology().summary().slotsToMove());
        gauges.add(Gauge.builder("reconciler.last.successful.pass.age", this, metrics -> secondsSince(metrics.lastSucceeded))
                .description("Seconds since a pass last ended without a failure (NaN before the first)")
                .baseUnit("seconds").register(registry));
        gauges.add(Gauge.builder("reconciler.last.converged.pass.age", this, metrics -> secondsSince(metrics.lastConverged))
                .description("Seconds since a pass last found everything as the spec wants it (NaN before the first)")
                .baseUnit("seconds").register(registry));
    }

    /** Counts the pass and what it did, and keeps it for the gauges. */
    public void recordPass(PassReport report) {
        passDuration.record(report.duration());
        PassOutcome ending = outcome(report);
        passes(ending).increment();
        report.outcomes().stream().filter(ApplyOutcome::wrote).forEach(outcome -> Counter.builder("reconciler.drift.repaired")
                .description("Kubernetes objects created or rewritten because they differed from the spec")
                .tag("kind", kind(outcome.object()))
                .tag("action", outcome.action().name().toLowerCase(Locale.ROOT))
                .register(registry).increment());
        report.topology().outcomes().forEach(outcome -> Counter.builder("reconciler.topology.actions")
                .description("Redis Cluster changes made (MEET, slots assigned, failover, forget, slots moved...)")
                .tag("action", outcome.step().kind().eventReason())
                .tag("outcome", outcome.succeeded() ? "succeeded" : "failed")
                .register(registry).increment());
        Instant ended = report.startedAt().plus(report.duration());
        if (ending != PassOutcome.FAILED) {
            lastSucceeded = ended;
        }
        if (ending == PassOutcome.CONVERGED) {
            lastConverged = ended;
        }
        lastPass = report;
    }

    static PassOutcome outcome(PassReport report) {
        TopologyReport redis = report.topology();
        boolean failed = report.outcomes().stream().anyMatch(outcome -> outcome.action() == ApplyOutcome.Action.FAILED)
                || redis.error().isPresent() || !redis.outcomes().stream().allMatch(StepOutcome::succeeded);
        return failed ? PassOutcome.FAILED : report.converged() ? PassOutcome.CONVERGED : PassOutcome.NOT_CONVERGED;
    }

    /** "Service default/redis-service" is a Service. */
    static String kind(String object) {
        int space = object.indexOf(' ');
        return space < 0 ? object : object.substring(0, space);
    }

    private static boolean clusterOk(TopologyReport redis) {
        TopologyReport.Summary summary = redis.summary();
        return redis.error().isEmpty() && summary.answering() == summary.expectedPods()
                && summary.clusterStateOk() == summary.answering() && summary.answering() > 0;
    }

    private Counter passes(PassOutcome outcome) {
        return Counter.builder("reconciler.passes").description("Reconcile passes run, by how they ended")
                .tag("outcome", outcome.tag()).register(registry);
    }

    private void gauge(String name, String description, ToDoubleFunction<PassReport> value) {
        gauges.add(Gauge.builder(name, this, metrics -> metrics.lastPass == null ? Double.NaN : value.applyAsDouble(metrics.lastPass))
                .description(description).register(registry));
    }

    /**
     * The registry can outlive this bean (dev-mode reloads, test restarts share Micrometer's global registry), and a
     * gauge registered again under the same name keeps reading the first object: so the gauges go with the bean.
     */
    @PreDestroy
    void removeGauges() {
        gauges.forEach(registry::remove);
    }

    private static double secondsSince(Instant instant) {
        return instant == null ? Double.NaN : Duration.between(instant, Instant.now()).toMillis() / 1000.0;
    }
}
