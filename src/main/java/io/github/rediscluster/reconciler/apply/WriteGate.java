package io.github.rediscluster.reconciler.apply;

import io.github.rediscluster.reconciler.spec.ClusterSpec;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether a pass may write: the one switch of the dry run. The spec's {@code redis-cluster.dry-run} (editable while the
 * service runs) or the service's {@code reconciler.dry-run} (for a first start against a cluster it has never touched)
 * turns writing off; the objects side then gets a {@link ResourceApplier} that compares and does not write, and the Redis
 * side plans and does not act.
 */
@ApplicationScoped
public class WriteGate {

    private final boolean forced;

    public WriteGate(@ConfigProperty(name = "reconciler.dry-run", defaultValue = "false") boolean forced) {
        this.forced = forced;
    }

    public boolean dryRun(ClusterSpec spec) {
        return forced || spec.handover().dryRun();
    }

    public ResourceApplier.Pass pass(ClusterSpec spec) {
        return new ResourceApplier.Pass(dryRun(spec), spec.handover().adopt());
    }
}
