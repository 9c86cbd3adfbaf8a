package io.github.rediscluster.reconciler.health;

import io.github.rediscluster.reconciler.act.TopologyActor;
import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the loop keeps ticking and no pass hangs. A stuck loop cannot fix itself; a restart by the
 * kubelet can, and loses nothing since every pass starts from what it reads.
 */
@Liveness
@ApplicationScoped
public class ReconcileLoopLiveness implements HealthCheck {

    private final ReconcileLoop loop;
    private final Duration stuckAfter;

    public ReconcileLoopLiveness(ReconcileLoop loop,
            @ConfigProperty(name = "reconciler.liveness.stuck-after", defaultValue = "5m") Duration stuckAfter) {
        this.loop = loop;
        this.stuckAfter = checked(stuckAfter);
    }

    /**
     * A pass that moves slots may take up to {@link TopologyActor#LONGEST_PASS_IN_MOVES} doing so (MIGRATE timeouts
     * included, the spec caps them); a probe that waited less would restart the service in the middle of every
     * large move. Twice that leaves room for the rest of the pass.
     */
    static Duration checked(Duration stuckAfter) {
        Duration least = TopologyActor.LONGEST_PASS_IN_MOVES.multipliedBy(2);
        if (stuckAfter.compareTo(least) < 0) {
            throw new IllegalArgumentException("reconciler.liveness.stuck-after must be at least " + least.toMinutes()
                    + "m (a pass may spend up to " + TopologyActor.LONGEST_PASS_IN_MOVES.toMinutes() + "m moving slots), got "
                    + stuckAfter);
        }
        return stuckAfter;
    }

    @Override
    public HealthCheckResponse call() {
        ReconcileLoop.Status status = loop.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("reconcile-loop").up();
        status.lastTick().ifPresent(tick -> response.withData("last-tick", tick.toString()));
        return stuck(status, Instant.now(), stuckAfter)
                .map(error -> response.down().withData("error", error).build())
                .orElseGet(response::build);
    }

    /** Why the loop looks stuck at {@code now}, or empty when it is alive. */
    static Optional<String> stuck(ReconcileLoop.Status status, Instant now, Duration stuckAfter) {
        Optional<Instant> running = status.passRunningSince();
        if (running.isPresent() && Duration.between(running.get(), now).compareTo(stuckAfter) > 0) {
            return Optional.of("a reconcile pass has been running since " + running.get());
        }
        Optional<Instant> tick = status.lastTick();
        if (tick.isPresent() && Duration.between(tick.get(), now).compareTo(stuckAfter) > 0) {
            return Optional.of("the loop has not ticked since " + tick.get());
        }
        return Optional.empty();
    }
}
