package io.github.rediscluster.reconciler.redis;

import io.github.rediscluster.reconciler.leader.Fence;
import io.github.rediscluster.reconciler.act.StepOutcome;
import io.github.rediscluster.reconciler.act.TopologyActor;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.testing.Specs;
import io.github.rediscluster.reconciler.plan.RedisCommand;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A command that cannot be carried out comes back in its step's outcome, named and explained, in either sending mode. */
class TopologyActorFailureTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void closeVertx() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void everyCommandToAPodThatDoesNotListenIsReportedWithThePodAndTheReason() throws IOException {
        int closedPort = freePort();
        TopologyStep inOrder = new TopologyStep(TopologyStep.Kind.REPLICATE, "redis-app-3", "test",
                List.of(new RedisCommand("redis-app-3", "127.0.0.1", List.of("CLUSTER", "REPLICATE", "abc"))));
        TopologyStep atOnce = new TopologyStep(TopologyStep.Kind.REJOIN, "redis-app-1", "test", List.of(
                new RedisCommand("redis-app-0", "127.0.0.1", List.of("CLUSTER", "MEET", "10.0.0.2", "6379")),
                new RedisCommand("redis-app-2", "127.0.0.1", List.of("CLUSTER", "MEET", "10.0.0.2", "6379"))));

        List<StepOutcome> outcomes;
        try (RedisSession session = new RedisSession(vertx, closedPort, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Optional.empty())) {
            outcomes = TopologyActor.execute(session, List.of(inOrder, atOnce), Specs.classic().resharding(), Fence.OPEN).outcomes();
        }

        assertThat(outcomes).extracting(StepOutcome::step).containsExactly(inOrder, atOnce);
        assertThat(outcomes.get(0).failures()).singleElement().asString()
                .startsWith("redis-app-3: CLUSTER REPLICATE abc on 127.0.0.1:" + closedPort + ": ")
                .containsIgnoringCase("refused");
        assertThat(outcomes.get(1).failures()).hasSize(2)
                .anySatisfy(failure -> assertThat(failure).startsWith("redis-app-0: CLUSTER MEET 10.0.0.2 6379 on 127.0.0.1"))
                .anySatisfy(failure -> assertThat(failure).startsWith("redis-app-2: CLUSTER MEET 10.0.0.2 6379 on 127.0.0.1"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
