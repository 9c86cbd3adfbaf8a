package io.github.rediscluster.reconciler.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StrayKeySearchTest {

    private static final String A = "7d08268b8078d12e0be3af4170c92a3f4b9eec65";
    private static final String B = "152b04d948dc28bdc814c0675175f1377f040683";
    private static final String C = "dc4320fdf94384a972f7a830d5a1d7c43442dce3";

    private static ObservedPod master(String name, String id, String slots, long keys, String secondReplOffset) {
        String nodes = id + " 10.0.0.1:6379@16379 myself,master - 0 0 1 connected" + (slots.isEmpty() ? "" : " " + slots);
        return ObservedPod.reached(new RedisPod(name, 0, "10.0.0.1", "n1"), new RedisView(id, ClusterNodesParser.parse(nodes),
                Map.of("cluster_state", "ok"), Map.of("second_repl_offset", secondReplOffset), keys));
    }

    @Test
    void aMasterPromotedSinceItStartedThatOwnsSlotsAndHoldsKeysIsCounted() {
        ObservedPod promoted = master("redis-app-3", A, "0-8191", 120, "88213");

        assertThat(StrayKeySearch.promotedToCount(List.of(master("redis-app-0", B, "8192-16383", 90, "-1"), promoted), 7))
                .contains(promoted);
    }

    @Test
    void mastersNeverPromotedOrWithoutKeysOrSlotsAreNot() {
        assertThat(StrayKeySearch.promotedToCount(List.of(master("redis-app-0", A, "0-8191", 90, "-1"),
                master("redis-app-1", B, "8192-16383", 0, "512"), master("redis-app-2", C, "", 40, "512")), 7)).isEmpty();
    }

    /** After a rolling restart every master was promoted once: one a pass, in turn, not all 16,384 counts each. */
    @Test
    void promotedMastersTakeTurnsOneASecond() {
        ObservedPod first = master("redis-app-0", A, "0-5460", 10, "1");
        ObservedPod second = master("redis-app-1", B, "5461-10922", 10, "1");
        ObservedPod third = master("redis-app-2", C, "10923-16383", 10, "1");
        List<ObservedPod> pods = List.of(third, first, second);

        assertThat(List.of(0L, 1L, 2L, 3L).stream().map(second2 -> StrayKeySearch.promotedToCount(pods, second2).orElseThrow()))
                .containsExactly(first, second, third, first);
    }
}
