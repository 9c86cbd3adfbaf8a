package io.github.rediscluster.reconciler.leader;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * One actor at a time: the instances of the service compete for a Kubernetes Lease (coordination.k8s.io/v1) with
 * fabric8's leader election, and only the holder reconciles. The others are ready but idle, and take the Lease over
 * once the holder stops renewing it for the lease duration (it died), or at once when it released the Lease on
 * shutdown (a rolling update). Losing the Lease stops new passes; a pass already running asks
 * {@link #breach()} before each write to Redis or the API and stops when the Lease may run out (fencing).
 *
 * <p>
 * With {@code reconciler.leader-election.enabled=false} this instance is always the leader and touches no Lease.
 */
@ApplicationScoped
public class Leadership implements Fence {

    private static final Logger LOG = Logger.getLogger(Leadership.class);

    private final KubernetesClient client;
    private final boolean enabled;
    private final String leaseName;
    private final String leaseNamespace;
    private final String identity;
    private final Duration leaseDuration;
    private final Duration renewDeadline;
    private final Duration retryPeriod;
    private volatile boolean leader;
    private volatile String leaderIdentity;
    private volatile boolean stopping;
    /** {@link System#nanoTime()} until which the Lease is this instance's for sure: its last write of it plus its duration. */
    private volatile long heldUntilNanos = Long.MIN_VALUE;
    private CompletableFuture<?> election;

    public Leadership(KubernetesClient client,
            @ConfigProperty(name = "reconciler.leader-election.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "reconciler.leader-election.lease-name", defaultValue = "redis-cluster-reconciler") String leaseName,
            @ConfigProperty(name = "reconciler.leader-election.lease-namespace") Optional<String> leaseNamespace,
            @ConfigProperty(name = "reconciler.leader-election.identity") Optional<String> identity,
            @ConfigProperty(name = "reconciler.leader-election.lease-duration", defaultValue = "15s") Duration leaseDuration,
            @ConfigProperty(name = "reconciler.leader-election.renew-deadline", defaultValue = "10s") Duration renewDeadline,
            @ConfigProperty(name = "reconciler.leader-election.retry-period", defaultValue = "2s") Duration retryPeriod) {
        this.client = client;
        this.enabled = enabled;
        this.leaseName = leaseName;
        this.leaseNamespace = leaseNamespace.orElseGet(() -> Objects.requireNonNullElse(client.getNamespace(), "default"));
        this.identity = identity.orElseGet(Leadership::defaultIdentity);
        this.leaseDuration = leaseDuration;
        this.renewDeadline = renewDeadline;
        this.retryPeriod = retryPeriod;
        // Without election this instance is the only actor from the start.
        this.leader = !enabled;
        this.leaderIdentity = enabled ? null : this.identity;
    }

    /**
     * The pod name, which the Deployment passes as POD_NAME from the downward API; outside Kubernetes the host name
     * and a random suffix, since two processes on one machine share the host name and must not share an identity.
     */
    private static String defaultIdentity() {
        String podName = System.getenv("POD_NAME");
        if (podName != null && !podName.isBlank()) {
            return podName;
        }
        String host = Objects.requireNonNullElse(System.getenv("HOSTNAME"), "redis-cluster-reconciler");
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            startElection();
        }
    }

    void onShutdown(@Observes ShutdownEvent event) {
        stopElection();
    }

    /** Starts competing for the Lease; the service does so at startup when election is enabled. */
    public void startElection() {
        LOG.infof("Leader election on Lease %s/%s as %s (lease duration %s): only the leader reconciles", leaseNamespace,
                leaseName, identity, leaseDuration);
        compete();
    }

    /**
     * Stops competing and releases the Lease if this instance holds it, so that a follower takes over at its next
     * retry instead of after the lease duration.
     */
    public void stopElection() {
        stopping = true;
        CompletableFuture<?> running;
        synchronized (this) {
            running = election;
        }
        if (running != null) {
            running.cancel(true);
        }
    }

    /** True while this instance holds the Lease (always, when election is disabled). */
    public boolean isLeader() {
        return leader;
    }

    /**
     * True while this instance leads and will still hold the Lease {@code margin} from now, even if it cannot renew it
     * meanwhile: the Lease runs {@code lease-duration} from this instance's last successful write of it (counted from
     * when that write was sent, so never later than the API server's own time). Always true without election. A pass
     * asks before each write to Redis, so that it never writes after another instance may have taken over.
     */
    public boolean holdsLeaseFor(Duration margin) {
        return !enabled || (leader && holds(System.nanoTime(), heldUntilNanos, margin));
    }

    static boolean holds(long nowNanos, long heldUntilNanos, Duration margin) {
        return heldUntilNanos != Long.MIN_VALUE && heldUntilNanos - nowNanos > margin.toNanos();
    }

    /**
     * Why a pass may no longer write, to Redis or to the API: the Lease could run out before the next write is done
     * (not renewed lately, or taken over). Empty while this instance holds it for {@link #fencingMargin()} yet.
     */
    @Override
    public Optional<String> breach() {
        Duration margin = fencingMargin();
        return holdsLeaseFor(margin) ? Optional.empty()
                : Optional.of("this instance (" + identity + ") may lose the Lease " + lease() + " within "
                        + margin.toMillis() + " ms (not renewed lately, or taken over)");
    }

    /**
     * The margin a pass keeps before each write: a third of the lease duration (5 s of the default 15 s), the time
     * left to the Lease while renewals go well being about the whole duration.
     */
    public Duration fencingMargin() {
        return leaseDuration.dividedBy(3);
    }

    /**
     * The identity of the current leader as last seen on the Lease; empty before it was first read and once this
     * instance released it.
     */
    public Optional<String> leaderIdentity() {
        return Optional.ofNullable(leaderIdentity);
    }

    /** This instance's identity on the Lease. */
    public String identity() {
        return identity;
    }

    public boolean electionEnabled() {
        return enabled;
    }

    /** The Lease as {@code namespace/name}. */
    public String lease() {
        return leaseNamespace + "/" + leaseName;
    }

    /**
     * Runs one election: acquire, then renew until renewing fails. fabric8's elector does not compete again after it
     * lost the Lease, so a new one starts after a retry period, until the service shuts down.
     */
    private synchronized void compete() {
        if (stopping) {
            return;
        }
        election = client.leaderElector().withConfig(config()).build().start();
        election.whenComplete((ignored, error) -> {
            if (!stopping) {
                CompletableFuture.delayedExecutor(retryPeriod.toMillis(), TimeUnit.MILLISECONDS).execute(this::compete);
            }
        });
    }

    private LeaderElectionConfig config() {
        return new LeaderElectionConfigBuilder()
                .withName(leaseName)
                .withLock(new WriteNotingLeaseLock())
                .withLeaseDuration(leaseDuration)
                .withRenewDeadline(renewDeadline)
                .withRetryPeriod(retryPeriod)
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startedLeading, this::stoppedLeading, this::newLeader))
                .build();
    }

    /** The Lease lock, noting each write of the Lease that names this instance (acquiring it, renewing it). */
    private final class WriteNotingLeaseLock extends LeaseLock {

        WriteNotingLeaseLock() {
            super(leaseNamespace, leaseName, identity);
        }

        @Override
        public synchronized void create(KubernetesClient client, LeaderElectionRecord record) {
            long sent = System.nanoTime();
            super.create(client, record);
            written(sent, record);
        }

        @Override
        public synchronized void update(KubernetesClient client, LeaderElectionRecord record) {
            long sent = System.nanoTime();
            super.update(client, record);
            written(sent, record);
        }

        /** Reached only when the API accepted the write (a conflict throws). */
        private void written(long sentNanos, LeaderElectionRecord record) {
            if (identity.equals(record.getHolderIdentity())) {
                heldUntilNanos = sentNanos + record.getLeaseDuration().toNanos();
            }
        }
    }

    private void startedLeading() {
        leader = true;
        leaderIdentity = identity;
        LOG.infof("This instance (%s) is now the leader: it reconciles", identity);
    }

    private void stoppedLeading() {
        leader = false;
        LOG.infof("This instance (%s) is no longer the leader: no new pass starts (a pass in flight finishes)", identity);
    }

    /**
     * Called by fabric8 when the Lease names another holder than last seen; with null when this instance released it
     * (the Lease may still name it then, with a one-second duration, until another instance takes it).
     */
    private void newLeader(String holder) {
        String previous = leaderIdentity;
        leaderIdentity = holder;
        if (holder != null && !holder.equals(identity) && !holder.equals(previous)) {
            LOG.infof("The leader is %s; this instance (%s) is a follower: ready but idle", holder, identity);
        }
    }
}
