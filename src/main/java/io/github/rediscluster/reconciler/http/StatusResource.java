package io.github.rediscluster.reconciler.http;

import io.github.rediscluster.reconciler.reconcile.ReconcileLoop;
import io.github.rediscluster.reconciler.reconcile.SpecStore;
import io.github.rediscluster.reconciler.redis.ActionLog;
import io.github.rediscluster.reconciler.status.ClusterStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Read-only: {@code GET /status} shows what the service works to, what it last did and what it saw. */
@Path("/status")
public class StatusResource {

    private final SpecStore specs;
    private final ReconcileLoop loop;
    private final ActionLog actions;

    public StatusResource(SpecStore specs, ReconcileLoop loop, ActionLog actions) {
        this.specs = specs;
        this.loop = loop;
        this.actions = actions;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ClusterStatus status() {
        return ClusterStatus.of(specs.state(), loop.status().lastPass(), actions.actions());
    }
}
