package io.github.rediscluster.reconciler.loop;

import io.github.rediscluster.reconciler.apply.ClusterObjectsReconciler;
import io.github.rediscluster.reconciler.report.Announcer;
import io.github.rediscluster.reconciler.report.PassNotices;
import io.github.rediscluster.reconciler.report.PassReport;
import io.github.rediscluster.reconciler.report.SpecNotices;
import io.github.rediscluster.reconciler.spec.SpecStore;

import io.github.rediscluster.reconciler.apply.ApplyOutcome;
import io.github.rediscluster.reconciler.apply.ObjectsPass;
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
import java.util.List;
import java.util.Optional;
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
 *
 * <p>
 * The loop holds the only memory between passes, a {@link PassMemory}: each pass gets it and hands on the next one.
 * A new leader starts from {@link PassMemory#FIRST}: what an earlier term decided or told may no longer hold.
 */
@ApplicationScoped
public class ReconcileLoop {

    private static final Logger LOG = Logger.getLogger(ReconcileLoop.class);
    /**
     * How long shutdown waits for a pass in flight, so that it ends before the beans it uses are destroyed and before
     * the Lease is released (then the next leader never overlaps it). Below the pod's default 30 s grace period.
     */
    static final Duration PASS_END_ON_SHUTDOWN = Duration.ofSeconds(20);
    /**
     * How soon a pass follows one that introduced nodes to each other (forming, pods back on new IPs): the handshakes it
     * started take a fraction of a second, and the next step (attaching the new cluster's replicas, meeting pods that
     * answered later) waits for them. A tick apart, forming 6 pods took three ticks after the pods answered, 2.5 times
     * what redis-cli --cluster create took (docs/benchmarks.md).
     */
    static final Duration FOLLOW_UP = Duration.ofMillis(200);
    /** Quick passes one tick runs after its first at most: with their pauses about one tick period (1 s) in all. */
    static final int FOLLOW_UPS_PER_TICK = 4;

    /** What the health checks read: all of it written by the loop, read from other threads. */
    public record Status(Optional<Instant> lastTick, Optional<Instant> passRunningSince, Optional<PassReport> lastPass,
            boolean passRequested) {
    }

    private final SpecStore specs;
    private final ClusterObjectsReconciler objects;
    private final TopologyReconciler topology;
    private final PodChangeTrigger podChanges;
    private final Announcer announcer;
    private final ReconcilerMetrics metrics;
    private final Leadership leadership;
    private volatile Instant lastTick;
    private volatile Instant passRunningSince;
    private volatile PassReport lastPass;
    private volatile boolean passRequested = true;
    /** What the last pass (and tick) handed on; read and written only while holding {@link #passing}. */
    private PassMemory memory = PassMemory.FIRST;
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
        this.announcer = new Announcer(events);
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
        tellSpec();
        Optional<ClusterSpec> spec = specs.state().inForce();
        if (spec.isPresent() && (passRequested || intervalElapsed(spec.get().reconcileInterval(), now))) {
            Optional<PassReport> report = runPass();
            for (int i = 0; i < FOLLOW_UPS_PER_TICK && report.filter(ReconcileLoop::followUpSoon).isPresent(); i++) {
                if (!pause(FOLLOW_UP)) {
                    return;
                }
                report = runPass();
            }
        }
    }

    /** A pass that introduced nodes to each other is followed within the tick (see {@link #FOLLOW_UP}). */
    private static boolean followUpSoon(PassReport report) {
        return !report.dryRun() && report.topology().followUpSoon();
    }

    private boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return !shuttingDown;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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
     * another instance led or none did), from an empty memory (a release decision or a failover of an earlier term is
     * stale); on becoming follower the pod watch stops, since only passes need it.
     */
    private boolean followLeadership() {
        boolean leads = leadership.isLeader();
        if (leads && !ledAtLastTick) {
            passRequested = true;
            remember(PassMemory.FIRST);
        } else if (!leads && ledAtLastTick) {
            podChanges.stop();
        }
        ledAtLastTick = leads;
        return leads;
    }

    private void remember(PassMemory fresh) {
        passing.lock();
        try {
            memory = fresh;
        } finally {
            passing.unlock();
        }
    }

    /** The spec's Events, on the reconciler's ConfigMap: a spec that came into force, an edit that was refused. */
    private void tellSpec() {
        passing.lock();
        try {
            memory = memory.withTold(announcer.tellOnSpec(memory.told(), SpecNotices.of(specs.state())));
        } finally {
            passing.unlock();
        }
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
            // Fencing for the API writes of the objects side: a pass starts only with the Lease held for a while yet
            // (the Redis side asks again before each step).
            if (spec.isEmpty() || !leadership.holdsLeaseFor(leadership.fencingMargin()) || shuttingDown) {
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
            ObjectsPass objectsPass = objects.reconcile(spec, memory.release(), memory.authSurvey());
            List<ApplyOutcome> outcomes = objectsPass.outcomes();
            RedisSideResult redis = topology.reconcile(spec, memory, objectsPass.statefulSetAsRead());
            PassReport report = new PassReport(start, Duration.between(start, Instant.now()), outcomes, redis.report(),
                    redis.dryRun());
            memory = redis.next().withTold(announcer.tell(spec, redis.next().told(), PassNotices.of(spec, report)));
            LOG.debugf("Pass done in %d ms: %d writes", report.duration().toMillis(), report.writes());
            metrics.recordPass(report);
            lastPass = report;
            // Healing is time-critical (a full restart must rejoin well inside cluster-node-timeout): while the
            // cluster is in motion, the next pass runs at the next tick instead of after the spec's interval.
            if (!redis.report().settled()) {
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
}
