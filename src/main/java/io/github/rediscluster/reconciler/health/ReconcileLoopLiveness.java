package io.github.rediscluster.reconciler.health;

import io.github.rediscluster.reconciler.reconcile.ReconcileLoop;
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
        this.stuckAfter = stuckAfter;
    }

    @Override
    public HealthCheckResponse call() {
        ReconcileLoop.Status status = loop.status();
        Instant now = Instant.now();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("reconcile-loop").up();
        status.lastTick().ifPresent(tick -> response.withData("last-tick", tick.toString()));
        Optional<Instant> running = status.passRunningSince();
        if (running.isPresent() && Duration.between(running.get(), now).compareTo(stuckAfter) > 0) {
            return response.down().withData("error", "a reconcile pass has been running since " + running.get()).build();
        }
        if (status.lastTick().isPresent() && Duration.between(status.lastTick().get(), now).compareTo(stuckAfter) > 0) {
            return response.down().withData("error", "the loop has not ticked since " + status.lastTick().get()).build();
        }
        return response.build();
    }
}
