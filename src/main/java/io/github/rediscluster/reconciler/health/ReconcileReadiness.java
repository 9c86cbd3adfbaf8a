package io.github.rediscluster.reconciler.health;

import io.github.rediscluster.reconciler.leader.Leadership;
import io.github.rediscluster.reconciler.report.PassReport;
import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import io.github.rediscluster.reconciler.spec.SpecStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the spec file is valid and the last pass brought every object to its desired state. A follower runs
 * no pass: it is ready while its spec file is valid (it would take over with that spec).
 */
@Readiness
@ApplicationScoped
public class ReconcileReadiness implements HealthCheck {

    private final SpecStore specs;
    private final ReconcileLoop loop;
    private final Leadership leadership;

    public ReconcileReadiness(SpecStore specs, ReconcileLoop loop, Leadership leadership) {
        this.specs = specs;
        this.loop = loop;
        this.leadership = leadership;
    }

    @Override
    public HealthCheckResponse call() {
        SpecStore.State spec = specs.state();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("cluster-objects").up();
        spec.inForce().ifPresent(inForce -> response
                .withData("cluster", inForce.namespace() + "/" + inForce.name())
                .withData("pods", inForce.podCount()));
        Optional<PassReport> last = loop.status().lastPass();
        last.ifPresent(pass -> response.withData("last-pass", pass.startedAt().toString()));
        if (spec.problem().isPresent()) {
            return response.down().withData("error", spec.problem().get()).build();
        }
        if (!leadership.isLeader()) {
            return LeaderElectionReadiness.idleFollower(response, leadership).build();
        }
        if (last.isEmpty()) {
            return response.down().withData("error", "no reconcile pass has completed yet").build();
        }
        if (!last.get().objectsConverged()) {
            return response.down().withData("error", String.join("; ", last.get().problems())).build();
        }
        return response.build();
    }
}
