package io.github.rediscluster.reconciler.reconcile;

import io.github.rediscluster.reconciler.kube.ApplyOutcome;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Drives reconcile passes. A short tick re-reads the spec and starts a pass when one is due: the spec's
 * interval has passed since the last one, the spec changed, or something asked for one sooner. Passes
 * never overlap, and each one reads everything afresh (level-triggered), so a missed event costs nothing.
 */
@ApplicationScoped
public class ReconcileLoop {

    private static final Logger LOG = Logger.getLogger(ReconcileLoop.class);

    /** What the health checks read: all of it written by the loop, read from other threads. */
    public record Status(Optional<Instant> lastTick, Optional<Instant> passRunningSince, Optional<PassReport> lastPass,
            boolean passRequested) {
    }

    private final SpecStore specs;
    private final ClusterObjectsReconciler objects;
    private final TopologyReconciler topology;
    private final PodChangeTrigger podChanges;
    private volatile Instant lastTick;
    private volatile Instant passRunningSince;
    private volatile PassReport lastPass;
    private volatile boolean passRequested = true;
    private Set<String> reportedProblems = Set.of();
    private Set<String> reportedRedisProblems = Set.of();
    private boolean redisConverged;

    public ReconcileLoop(SpecStore specs, ClusterObjectsReconciler objects, TopologyReconciler topology,
            PodChangeTrigger podChanges) {
        this.specs = specs;
        this.objects = objects;
        this.topology = topology;
        this.podChanges = podChanges;
    }

    @Scheduled(every = "${reconciler.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void tick() {
        Instant now = Instant.now();
        lastTick = now;
        if (specs.refresh()) {
            passRequested = true;
        }
        Optional<ClusterSpec> spec = specs.state().inForce();
        if (spec.isPresent() && (passRequested || intervalElapsed(spec.get().reconcileInterval(), now))) {
            runPass();
        }
    }

    /** Asks for a pass at the next tick, e.g. because a pod changed. */
    public void requestPass() {
        passRequested = true;
    }

    /** Runs one pass now with the spec in force; empty when no valid spec was ever read. */
    public synchronized Optional<PassReport> runPass() {
        Optional<ClusterSpec> spec = specs.state().inForce();
        if (spec.isEmpty()) {
            return Optional.empty();
        }
        passRequested = false;
        Instant start = Instant.now();
        passRunningSince = start;
        try {
            podChanges.follow(spec.get(), this::requestPass);
            List<ApplyOutcome> outcomes = objects.reconcile(spec.get(), topology.podRelease(), topology.authSurvey());
            TopologyReport redis = topology.reconcile(spec.get());
            PassReport report = new PassReport(start, Duration.between(start, Instant.now()), outcomes, redis);
            log(report);
            lastPass = report;
            // Healing is time-critical (a full restart must rejoin well inside cluster-node-timeout): while the
            // cluster is in motion, the next pass runs at the next tick instead of after the spec's interval.
            if (!redis.settled()) {
                passRequested = true;
            }
            return Optional.of(report);
        } finally {
            passRunningSince = null;
        }
    }

    public Status status() {
        return new Status(Optional.ofNullable(lastTick), Optional.ofNullable(passRunningSince), Optional.ofNullable(lastPass),
                passRequested);
    }

    private boolean intervalElapsed(Duration interval, Instant now) {
        PassReport last = lastPass;
        return last == null || !now.isBefore(last.startedAt().plus(interval));
    }

    /** Every write at INFO; a problem when it first appears and when it clears; steady state logs nothing. */
    private void log(PassReport report) {
        for (ApplyOutcome outcome : report.outcomes()) {
            switch (outcome.action()) {
                case CREATED -> LOG.infof("Created %s", outcome.object());
                case UPDATED -> LOG.infof("Updated %s: %s differed from the spec", outcome.object(),
                        String.join(", ", outcome.drifted()));
                default -> {
                }
            }
        }
        Set<String> problems = new HashSet<>(report.problems());
        problems.stream().filter(problem -> !reportedProblems.contains(problem))
                .forEach(problem -> LOG.warnf("Not converged: %s", problem));
        if (problems.isEmpty() && !reportedProblems.isEmpty()) {
            LOG.info("Converged: every object is as the spec wants it");
        }
        reportedProblems = problems;
        logRedis(report.topology());
        LOG.debugf("Pass done in %d ms: %d writes", report.duration().toMillis(), report.writes());
    }

    /**
     * What the Redis side waits for at INFO, what needs a human and why it could not look at all at WARN, each once
     * while it lasts; and when it converges.
     */
    private void logRedis(TopologyReport redis) {
        Set<String> told = new HashSet<>(redis.plan().waiting());
        told.stream().filter(wait -> !reportedRedisProblems.contains(wait)).forEach(wait -> LOG.infof("Redis cluster: %s", wait));
        redis.plan().needsHuman().stream().filter(problem -> !reportedRedisProblems.contains(problem))
                .forEach(problem -> LOG.warnf("Redis cluster needs a human: %s", problem));
        redis.error().filter(error -> !reportedRedisProblems.contains(error)).ifPresent(error -> LOG.warnf("Redis cluster: %s", error));
        told.addAll(redis.plan().needsHuman());
        redis.error().ifPresent(told::add);
        if (redis.converged() && !redisConverged) {
            LOG.info("Redis cluster converged: every pod answers, cluster_state ok, all slots covered, every master"
                    + " with its replicas");
        }
        reportedRedisProblems = told;
        redisConverged = redis.converged();
    }
}
