package io.github.rediscluster.reconciler.loop;

import io.github.rediscluster.reconciler.apply.ClusterObjectsReconciler;
import io.github.rediscluster.reconciler.plan.Refusal;
import io.github.rediscluster.reconciler.plan.Wait;
import io.github.rediscluster.reconciler.report.PassNotices;
import io.github.rediscluster.reconciler.report.PassReport;
import io.github.rediscluster.reconciler.report.SpecNotices;
import io.github.rediscluster.reconciler.report.TopologyReport;
import io.github.rediscluster.reconciler.spec.SpecStore;

import io.github.rediscluster.reconciler.apply.ApplyOutcome;
import io.github.rediscluster.reconciler.report.ClusterEvents;
import io.github.rediscluster.reconciler.leader.Leadership;
import io.github.rediscluster.reconciler.report.ReconcilerMetrics;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Drives reconcile passes. A short tick re-reads the spec and starts a pass when one is due: the spec's
 * interval has passed since the last one, the spec changed, or something asked for one sooner. Passes
 * never overlap, and each one reads everything afresh (level-triggered), so a missed event costs nothing.
 *
 * <p>
 * Only the leader (see {@link Leadership}) runs passes. A follower still ticks and re-reads the spec, so its
 * readiness shows a bad spec, but it calls no reconciler, watches no pod and writes nothing. A pass already running
 * when leadership is lost finishes; the next one does not start. On shutdown the loop stops ticking and waits for
 * a pass in flight (at most {@link #PASS_END_ON_SHUTDOWN}) before the Lease is released.
 */
@ApplicationScoped
public class ReconcileLoop {

    private static final Logger LOG = Logger.getLogger(ReconcileLoop.class);
    /**
     * How long shutdown waits for a pass in flight, so that it ends before the beans it uses are destroyed and before
     * the Lease is released (then the next leader never overlaps it). Below the pod's default 30 s grace period.
     */
    static final Duration PASS_END_ON_SHUTDOWN = Duration.ofSeconds(20);

    /** What the health checks read: all of it written by the loop, read from other threads. */
    public record Status(Optional<Instant> lastTick, Optional<Instant> passRunningSince, Optional<PassReport> lastPass,
            boolean passRequested) {
    }

    private final SpecStore specs;
    private final ClusterObjectsReconciler objects;
    private final TopologyReconciler topology;
    private final PodChangeTrigger podChanges;
    private final ClusterEvents events;
    private final ReconcilerMetrics metrics;
    private final PassNotices passNotices = new PassNotices();
    private final SpecNotices specNotices = new SpecNotices();
    private final Leadership leadership;
    private volatile Instant lastTick;
    private volatile Instant passRunningSince;
    private volatile PassReport lastPass;
    private volatile boolean passRequested = true;
    private Set<String> reportedProblems = Set.of();
    private Set<String> reportedRedisProblems = Set.of();
    private boolean redisConverged;
    private boolean ledAtLastTick;
    private volatile boolean shuttingDown;
    /** Held while a pass runs: passes never overlap, and shutdown waits for one in flight. */
    private final ReentrantLock passing = new ReentrantLock();

    public ReconcileLoop(SpecStore specs, ClusterObjectsReconciler objects, TopologyReconciler topology,
            PodChangeTrigger podChanges, Leadership leadership, ClusterEvents events, ReconcilerMetrics metrics) {
        this.specs = specs;
        this.objects = objects;
        this.topology = topology;
        this.podChanges = podChanges;
        this.leadership = leadership;
        this.events = events;
        this.metrics = metrics;
    }

    @Scheduled(every = "${reconciler.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void tick() {
        // A tick during shutdown would call beans that are already being destroyed.
        if (shuttingDown) {
            return;
        }
        Instant now = Instant.now();
        lastTick = now;
        if (specs.refresh()) {
            passRequested = true;
        }
        // Followers too: their series (leader 0) carry the cluster's labels.
        specs.state().inForce().ifPresent(metrics::clusterInForce);
        if (!followLeadership()) {
            return;
        }
        events.recordOnSpec(specNotices.of(specs.state()));
        Optional<ClusterSpec> spec = specs.state().inForce();
        if (spec.isPresent() && (passRequested || intervalElapsed(spec.get().reconcileInterval(), now))) {
            runPass();
        }
    }

    /** Before Leadership releases the Lease (observers of a lower priority value run first). */
    void stopTicking(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent event) {
        shuttingDown = true;
        try {
            if (passing.tryLock(PASS_END_ON_SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS)) {
                passing.unlock();
            } else {
                LOG.warnf("Shutting down while a pass still runs after %d s", PASS_END_ON_SHUTDOWN.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * True when this instance leads. On becoming leader a pass is due at once (the cluster may have drifted while
     * another instance led or none did); on becoming follower the pod watch stops, since only passes need it.
     */
    private boolean followLeadership() {
        boolean leads = leadership.isLeader();
        if (leads && !ledAtLastTick) {
            passRequested = true;
        } else if (!leads && ledAtLastTick) {
            podChanges.stop();
        }
        ledAtLastTick = leads;
        return leads;
    }

    /** Asks for a pass at the next tick, e.g. because a pod changed. */
    public void requestPass() {
        passRequested = true;
    }

    /**
     * Runs one pass now with the spec in force; empty when no valid spec was ever read, this instance does not lead
     * or the service is shutting down.
     */
    public Optional<PassReport> runPass() {
        passing.lock();
        try {
            Optional<ClusterSpec> spec = specs.state().inForce();
            if (spec.isEmpty() || !leadership.isLeader() || shuttingDown) {
                return Optional.empty();
            }
            return Optional.of(pass(spec.get()));
        } finally {
            passing.unlock();
        }
    }

    private PassReport pass(ClusterSpec spec) {
        passRequested = false;
        Instant start = Instant.now();
        passRunningSince = start;
        metrics.clusterInForce(spec);
        try {
            podChanges.follow(spec, this::requestPass);
            List<ApplyOutcome> outcomes = objects.reconcile(spec, topology.podRelease(), topology.authSurvey());
            TopologyReport redis = topology.reconcile(spec);
            PassReport report = new PassReport(start, Duration.between(start, Instant.now()), outcomes, redis);
            log(report);
            events.record(spec, passNotices.of(report));
            metrics.recordPass(report);
            lastPass = report;
            // Healing is time-critical (a full restart must rejoin well inside cluster-node-timeout): while the
            // cluster is in motion, the next pass runs at the next tick instead of after the spec's interval.
            if (!redis.settled()) {
                passRequested = true;
            }
            return report;
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
        Set<String> told = redis.plan().waits().stream().map(Wait::text).collect(Collectors.toCollection(HashSet::new));
        told.stream().filter(wait -> !reportedRedisProblems.contains(wait)).forEach(wait -> LOG.infof("Redis cluster: %s", wait));
        List<String> refusals = redis.plan().refusals().stream().map(Refusal::text).toList();
        refusals.stream().filter(problem -> !reportedRedisProblems.contains(problem))
                .forEach(problem -> LOG.warnf("Redis cluster needs a human: %s", problem));
        redis.error().filter(error -> !reportedRedisProblems.contains(error)).ifPresent(error -> LOG.warnf("Redis cluster: %s", error));
        told.addAll(refusals);
        redis.error().ifPresent(told::add);
        if (redis.converged() && !redisConverged) {
            LOG.info("Redis cluster converged: every pod answers, cluster_state ok, all slots covered, every master"
                    + " with its replicas");
        }
        reportedRedisProblems = told;
        redisConverged = redis.converged();
    }
}
