package io.github.rediscluster.reconciler.http;

import io.github.rediscluster.reconciler.leader.Leadership;
import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import io.github.rediscluster.reconciler.spec.SpecStore;
import io.github.rediscluster.reconciler.act.ActionLog;
import io.github.rediscluster.reconciler.report.ClusterStatus;
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
    private final Leadership leadership;

    public StatusResource(SpecStore specs, ReconcileLoop loop, ActionLog actions, Leadership leadership) {
        this.specs = specs;
        this.loop = loop;
        this.actions = actions;
        this.leadership = leadership;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ClusterStatus status() {
        ClusterStatus.Leader leader = new ClusterStatus.Leader(leadership.identity(), leadership.isLeader(),
                leadership.leaderIdentity(), leadership.electionEnabled() ? leadership.lease() : "none: leader election is disabled");
        return ClusterStatus.of(leader, specs.state(), loop.status().lastPass(), actions.actions());
    }
}
