package io.github.rediscluster.reconciler.health;

import io.github.rediscluster.reconciler.leader.Leadership;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says which role this instance has: {@code leader} (it reconciles; the other checks say how that goes) or
 * {@code follower} (ready but idle, waiting to take the Lease over). Always up: a follower is a healthy standby,
 * and a rolling update must be able to count it as available.
 */
@Readiness
@ApplicationScoped
public class LeaderElectionReadiness implements HealthCheck {

    static final String UNKNOWN = "unknown";

    private final Leadership leadership;

    public LeaderElectionReadiness(Leadership leadership) {
        this.leadership = leadership;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("leader-election").up()
                .withData("role", role(leadership))
                .withData("identity", leadership.identity())
                .withData("leader", leadership.leaderIdentity().orElse(UNKNOWN));
        return response.withData("lease", leadership.electionEnabled() ? leadership.lease() : "none: leader election is disabled")
                .build();
    }

    static String role(Leadership leadership) {
        return leadership.isLeader() ? "leader" : "follower";
    }

    /** What the reconcile checks of a follower say instead of their own figures: it is idle, the leader acts. */
    static HealthCheckResponseBuilder idleFollower(HealthCheckResponseBuilder response, Leadership leadership) {
        return response.up().withData("role", role(leadership))
                .withData("leader", leadership.leaderIdentity().orElse(UNKNOWN));
    }
}
