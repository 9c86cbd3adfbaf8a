package io.github.rediscluster.reconciler.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.redis.RedisConnections;
import io.github.rediscluster.reconciler.redis.RedisSession;
import io.github.rediscluster.reconciler.testing.LoopbackRedisCluster;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Keys of an open slot are counted on every master, not only where the slot is marked open: after a failover of
 * the importing master, the master that took over holds moved keys without the IMPORTING mark (played here with
 * SETSLOT STABLE on the target after some keys moved). Real redis-servers: tagged e2e.
 */
@Tag("e2e")
@Tag("redis7")
class ClusterObserverRedisTest {

    @Test
    void keysOfAnOpenSlotAreCountedOnAMasterThatHoldsThemWithoutTheMark() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (LoopbackRedisCluster cluster = LoopbackRedisCluster.start(3, Optional.empty());
                RedisSession session = new RedisConnections(vertx, Duration.ofSeconds(1), Duration.ofSeconds(2))
                        .open(cluster.port(), Optional.empty())) {
            int slot = Integer.parseInt(cluster.call(0, "CLUSTER", "KEYSLOT", "{observed}"));
            int owner = slot < 16384 / 3 ? 0 : slot < 2 * 16384 / 3 ? 1 : 2;
            int importer = (owner + 1) % 3;
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                keys.add("{observed}:" + i);
                cluster.call(owner, "SET", keys.get(i), "v" + i);
            }
            cluster.call(importer, "CLUSTER", "SETSLOT", String.valueOf(slot), "IMPORTING", cluster.id(owner));
            cluster.call(owner, "CLUSTER", "SETSLOT", String.valueOf(slot), "MIGRATING", cluster.id(importer));
            cluster.call(owner, "MIGRATE", cluster.ip(importer), String.valueOf(cluster.port()), "", "0", "2000", "KEYS",
                    keys.get(0), keys.get(1), keys.get(2), keys.get(3));
            cluster.call(importer, "CLUSTER", "SETSLOT", String.valueOf(slot), "STABLE");

            ObservedCluster observed = ClusterObserver.observe(session, List.of(cluster.pod(0), cluster.pod(1), cluster.pod(2)));

            assertThat(observed.pods()).allMatch(ObservedPod::answered);
            assertThat(observed.keysInSlots().get(slot)).isEqualTo(Map.of(cluster.id(owner), 6L, cluster.id(importer), 4L));
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }
}
