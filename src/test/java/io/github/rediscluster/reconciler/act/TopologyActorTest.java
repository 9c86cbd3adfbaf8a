package io.github.rediscluster.reconciler.act;

import io.github.rediscluster.reconciler.leader.Fence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rediscluster.reconciler.testing.Specs;
import io.github.rediscluster.reconciler.plan.RedisCommand;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The last line of defence: whatever a plan says, the actor never sends a command that destroys data. */
class TopologyActorTest {

    @ParameterizedTest
    @ValueSource(strings = {"FLUSHALL", "flushdb ASYNC", "CLUSTER RESET HARD", "cluster reset", "CLUSTER FLUSHSLOTS", "SHUTDOWN NOSAVE"})
    void aPlanHoldingADestructiveCommandIsRefusedBeforeAnythingIsSent(String command) {
        TopologyStep step = new TopologyStep(TopologyStep.Kind.REJOIN, "redis-app-1", "test", List.of(
                new RedisCommand("redis-app-0", "10.0.0.1", List.of("CLUSTER", "MEET", "10.0.0.2", "6379")),
                new RedisCommand("redis-app-1", "10.0.0.2", List.of(command.split(" ")))));

        // No session at all: refusing must happen before the first command would be sent.
        assertThatThrownBy(() -> TopologyActor.execute(null, List.of(step), Specs.classic().resharding(), Fence.OPEN))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("refusing to send")
                .hasMessageContaining("redis-app-1");
    }

    /** Fencing: a pass that may no longer write takes no further step, and says why and how many it left. */
    @Test
    void noStepIsTakenOnceTheFenceIsBreached() {
        TopologyStep meet = new TopologyStep(TopologyStep.Kind.REJOIN, "redis-app-1", "test",
                List.of(new RedisCommand("redis-app-0", "10.0.0.1", List.of("CLUSTER", "MEET", "10.0.0.2", "6379"))));
        TopologyStep replicate = new TopologyStep(TopologyStep.Kind.REPLICATE, "redis-app-3", "test",
                List.of(new RedisCommand("redis-app-3", "10.0.0.4", List.of("CLUSTER", "REPLICATE", "abc"))));

        // No session: a step taken would fail with a NullPointerException.
        ActResult result = TopologyActor.execute(null, List.of(meet, replicate), Specs.classic().resharding(),
                () -> Optional.of("the Lease runs out in 2 s"));

        assertThat(result.outcomes()).isEmpty();
        assertThat(result.fenced()).contains(new ActResult.Fenced("the Lease runs out in 2 s", 2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CLUSTER MEET 10.0.0.2 6379", "CLUSTER REPLICATE abc", "CLUSTER FAILOVER", "CLUSTER FORGET abc",
            "CONFIG SET cluster-announce-ip 10.0.0.2", "CLUSTER SETSLOT 100 STABLE"})
    void theCommandsThePlannerUsesPass(String command) {
        assertThatCode(() -> TopologyActor.refuseDestructive(TopologyStep.Kind.REPLICATE,
                new RedisCommand("redis-app-0", "10.0.0.1", List.of(command.split(" "))))).doesNotThrowAnyException();
    }

    /** CLUSTER RESET SOFT passes only in a replica-reset step (ReplicaReset's narrow rule); HARD never, SOFT nowhere else. */
    @Test
    void clusterResetSoftPassesOnlyInAReplicaResetStep() {
        RedisCommand soft = new RedisCommand("redis-app-6", "10.0.0.7", List.of("CLUSTER", "RESET", "SOFT"));
        RedisCommand hard = new RedisCommand("redis-app-6", "10.0.0.7", List.of("CLUSTER", "RESET", "HARD"));

        assertThatCode(() -> TopologyActor.refuseDestructive(TopologyStep.Kind.RESET_REPLICA, soft)).doesNotThrowAnyException();
        assertThatThrownBy(() -> TopologyActor.refuseDestructive(TopologyStep.Kind.RESET_REPLICA, hard))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TopologyActor.refuseDestructive(TopologyStep.Kind.REPLICATE, soft))
                .isInstanceOf(IllegalStateException.class);
    }
}
