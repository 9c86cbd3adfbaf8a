package io.github.rediscluster.reconciler.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.testing.StandaloneRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A pipeline longer than the Vert.x client's waiting-handler limit (2,048 by default): counting keys in every slot of
 * a node is 16,384 commands. The session sends them {@link RedisSession#PIPELINE_LIMIT} at a time; all replies come
 * back, in order. Tagged e2e: it starts a redis-server.
 */
@Tag("e2e")
@Tag("redis7")
class RedisSessionPipelineTest {

    @Test
    void sixteenThousandPipelinedCommandsAllAnswerInOrder() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (StandaloneRedis redis = StandaloneRedis.start();
                RedisSession session = new RedisSession(vertx, redis.port(), Duration.ofSeconds(1), Duration.ofSeconds(5),
                        Optional.empty())) {
            session.call(StandaloneRedis.IP, List.of("SET", "n", "0"));
            List<List<String>> increments = Collections.nCopies(16_384, List.of("INCR", "n"));

            List<Response> replies = session.batch(StandaloneRedis.IP, increments).join();

            assertThat(replies).hasSize(16_384);
            assertThat(replies.get(0).toLong()).isEqualTo(1);
            assertThat(replies.get(16_383).toLong()).isEqualTo(16_384);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
