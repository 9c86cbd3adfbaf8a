package io.github.rediscluster.reconciler.report;

import io.github.rediscluster.reconciler.act.StepOutcome;
import io.github.rediscluster.reconciler.apply.ApplyOutcome;
import io.github.rediscluster.reconciler.leader.Leadership;
import io.github.rediscluster.reconciler.metrics.ClusterTags;
import io.github.rediscluster.reconciler.metrics.ReconcilerMeter;
import io.github.rediscluster.reconciler.plan.Finding;
import io.github.rediscluster.reconciler.plan.RefusalReason;
import io.github.rediscluster.reconciler.plan.WaitReason;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
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
 * The Prometheus figures of the service (at {@code /q/metrics}, every name in {@link ReconcilerMeter}): counters of
 * what passes did, and gauges of what the last pass saw. Gauges read the last pass only, so a scrape never touches
 * the API server or Redis. A follower (leader election) runs no pass: its pass gauges stay NaN and the leader gauge
 * is 0. Every series carries the cluster and namespace of the spec in force ({@link ClusterTags}).
 */
@ApplicationScoped
public class ReconcilerMetrics {

    /** How a pass ended, the {@code outcome} label of the passes counter. */
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

    /** Pass durations fall between tens of milliseconds (steady state) and tens of seconds (slots moving). */
    private static final Duration[] BUCKETS = {Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final MeterRegistry registry;
    private final Leadership leadership;
    private final ClusterTags tags;
    private final List<Meter> labelled = new ArrayList<>();
    private volatile PassReport lastPass;
    private volatile Instant lastSucceeded;
    private volatile Instant lastConverged;
    private volatile boolean replicasWanted;

    public ReconcilerMetrics(MeterRegistry registry, Leadership leadership, ClusterTags tags) {
        this.registry = registry;
        this.leadership = leadership;
        this.tags = tags;
    }

    /**
     * The spec in force names the cluster the series are about: the first one, or one that renames or moves the
     * cluster, registers the gauges (and the pass counters at zero) under its labels, dropping those of the old.
     */
    public void clusterInForce(ClusterSpec spec) {
        replicasWanted = spec.replicasPerMaster() > 0;
        if (tags.set(spec.name(), spec.namespace()) || labelled.isEmpty()) {
            removeGauges();
            registerGauges();
        }
    }

    private synchronized void registerGauges() {
        // Created at zero, so that an alert on failed passes has a series to compare with from the start.
        for (PassOutcome outcome : PassOutcome.values()) {
            labelled.add(passes(outcome));
        }
        labelled.add(gauge(ReconcilerMeter.LEADER, leadership, lead -> lead.isLeader() ? 1 : 0));
        labelled.add(gauge(ReconcilerMeter.LAST_SUCCESSFUL_PASS_AGE, this, metrics -> secondsSince(metrics.lastSucceeded)));
        labelled.add(gauge(ReconcilerMeter.LAST_CONVERGED_PASS_AGE, this, metrics -> secondsSince(metrics.lastConverged)));
        passGauge(ReconcilerMeter.CLUSTER_STATE_OK, report -> HealthFigures.stateOk(report.topology()) ? 1 : 0);
        passGauge(ReconcilerMeter.SLOTS_COVERED, report -> report.topology().summary().slotsCovered());
        passGauge(ReconcilerMeter.SLOTS_TO_MOVE, report -> report.topology().summary().slotsToMove());
        passGauge(ReconcilerMeter.NODES_KNOWN, report -> report.topology().summary().knownNodes());
        passGauge(ReconcilerMeter.PODS_EXPECTED, report -> report.topology().summary().expectedPods());
        passGauge(ReconcilerMeter.PODS_ANSWERING, report -> report.topology().summary().answering());
        passGauge(ReconcilerMeter.PODS_NOT_STARTING, report -> report.topology().pods().problems().size());
        passGauge(ReconcilerMeter.MASTERS_WITHOUT_REPLICA,
                report -> replicasWanted ? HealthFigures.mastersWithoutReplica(report.topology()) : 0);
        // One series per reason, 0 when the last pass found none of it: an alert or a graph never sees a gap.
        for (WaitReason reason : WaitReason.values()) {
            reasonGauge(ReconcilerMeter.WAITS, reason, report -> report.topology().plan().waits().stream()
                    .filter(wait -> wait.reason() == reason).count());
        }
        for (RefusalReason reason : RefusalReason.values()) {
            reasonGauge(ReconcilerMeter.REFUSALS, reason, report -> report.topology().plan().refusals().stream()
                    .filter(refusal -> refusal.reason() == reason).count());
        }
    }

    private void reasonGauge(ReconcilerMeter meter, Enum<?> reason, ToDoubleFunction<PassReport> count) {
        labelled.add(Gauge.builder(meter.meterName(), this,
                        metrics -> metrics.lastPass == null ? Double.NaN : count.applyAsDouble(metrics.lastPass))
                .description(meter.description()).tags(tags.tags()).tag("reason", Finding.camelCase(reason)).register(registry));
    }

    /** Counts the pass and what it did, and keeps it for the gauges. */
    public void recordPass(PassReport report) {
        ReconcilerMeter duration = ReconcilerMeter.PASS_DURATION;
        Timer.builder(duration.meterName()).description(duration.description()).tags(tags.tags())
                .serviceLevelObjectives(BUCKETS).register(registry).record(report.duration());
        PassOutcome ending = outcome(report);
        passes(ending).increment();
        report.outcomes().stream().filter(outcome -> outcome.wrote() || outcome.action() == ApplyOutcome.Action.FAILED)
                .forEach(outcome -> step("objects", kind(outcome.object()), outcome.action().name().toLowerCase(Locale.ROOT)));
        report.topology().outcomes().forEach(outcome -> step("redis", outcome.step().kind().eventReason(),
                outcome.succeeded() ? "succeeded" : "failed"));
        Instant ended = report.startedAt().plus(report.duration());
        if (ending != PassOutcome.FAILED) {
            lastSucceeded = ended;
        }
        if (ending == PassOutcome.CONVERGED) {
            lastConverged = ended;
        }
        lastPass = report;
    }

    private void step(String stage, String kind, String outcome) {
        ReconcilerMeter steps = ReconcilerMeter.STEPS;
        Counter.builder(steps.meterName()).description(steps.description()).tags(tags.tags())
                .tag("stage", stage).tag("kind", kind).tag("outcome", outcome).register(registry).increment();
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

    private Counter passes(PassOutcome outcome) {
        ReconcilerMeter passes = ReconcilerMeter.PASSES;
        return Counter.builder(passes.meterName()).description(passes.description()).tags(tags.tags())
                .tag("outcome", outcome.tag()).register(registry);
    }

    private <T> Gauge gauge(ReconcilerMeter meter, T source, ToDoubleFunction<T> value) {
        return Gauge.builder(meter.meterName(), source, value).description(meter.description()).tags(tags.tags())
                .register(registry);
    }

    private void passGauge(ReconcilerMeter meter, ToDoubleFunction<PassReport> value) {
        labelled.add(gauge(meter, this, metrics -> metrics.lastPass == null ? Double.NaN : value.applyAsDouble(metrics.lastPass)));
    }

    /**
     * The registry can outlive this bean (dev-mode reloads, test restarts share Micrometer's global registry), and a
     * gauge registered again under the same name keeps reading the first object: so the gauges go with the bean, and
     * with the labels of a cluster no longer in force.
     */
    @PreDestroy
    synchronized void removeGauges() {
        labelled.forEach(registry::remove);
        labelled.clear();
    }

    private static double secondsSince(Instant instant) {
        return instant == null ? Double.NaN : Duration.between(instant, Instant.now()).toMillis() / 1000.0;
    }
}
