package io.github.rediscluster.reconciler.http;

import io.github.rediscluster.reconciler.desired.NfsSetup;
import io.github.rediscluster.reconciler.spec.SpecStore;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * {@code GET /nfs-setup[?clients=10.0.0.0/24]}: the commands to run on the NFS server for the spec in force
 * ({@link NfsSetup}), as plain text to read or pipe to a shell; 409 when the volumes come from a StorageClass.
 */
@Path("/nfs-setup")
public class NfsSetupResource {

    private final SpecStore specs;

    public NfsSetupResource(SpecStore specs) {
        this.specs = specs;
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public Response setup(@QueryParam("clients") @DefaultValue(NfsSetup.DEFAULT_CLIENTS) String clients) {
        SpecStore.State state = specs.state();
        Optional<ClusterSpec> spec = state.inForce();
        if (spec.isEmpty()) {
            return text(Response.Status.SERVICE_UNAVAILABLE, "No valid cluster spec is in force, so there is nothing to set up"
                    + state.problem().map(problem -> ": " + problem).orElse("") + "\n");
        }
        if (!spec.get().storage().nfs()) {
            return text(Response.Status.CONFLICT, "The spec in force takes its volumes from StorageClass "
                    + spec.get().storage().storageClass().orElseThrow() + " (redis-cluster.storage.class): there is no NFS"
                    + " server to set up\n");
        }
        try {
            return text(Response.Status.OK, NfsSetup.render(spec.get(), clients));
        } catch (IllegalArgumentException e) {
            return text(Response.Status.BAD_REQUEST, e.getMessage() + "\n");
        }
    }

    private static Response text(Response.Status status, String body) {
        return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).entity(body).build();
    }
}
