package io.github.rediscluster.reconciler.spec;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.spec.RedisDirectives.Change;
import org.junit.jupiter.api.Test;

class RedisDirectivesTest {

    @Test
    void tableHoldsEveryDirectiveOfBothVersionsWithItsType() {
        assertThat(RedisDirectives.all()).hasSizeGreaterThan(190);
        assertThat(RedisDirectives.all().values()).allSatisfy(directive -> assertThat(directive.change()).isNotEmpty());
        assertThat(RedisDirectives.find("maxmemory").orElseThrow().type()).isInstanceOf(DirectiveType.Numeric.class);
        assertThat(RedisDirectives.find("maxmemory-policy").orElseThrow().type()).isInstanceOf(DirectiveType.Enumerated.class);
    }

    @Test
    void saysWhichDirectivesChangeAtRuntime() {
        assertThat(RedisDirectives.live("maxmemory", RedisVersion.V7_0)).isTrue();
        assertThat(RedisDirectives.live("maxmemory-policy", RedisVersion.V6_2)).isTrue();
        assertThat(RedisDirectives.live("cluster-node-timeout", RedisVersion.V7_0)).isTrue();
        assertThat(RedisDirectives.live("io-threads", RedisVersion.V7_0)).isFalse();
        assertThat(RedisDirectives.live("databases", RedisVersion.V6_2)).isFalse();
        assertThat(RedisDirectives.live("frobnicate", RedisVersion.V7_0)).isFalse();
        // 7.0 protects dbfilename from CONFIG SET unless enable-protected-configs is on
        assertThat(RedisDirectives.find("dbfilename").orElseThrow().change(RedisVersion.V6_2)).contains(Change.LIVE);
        assertThat(RedisDirectives.find("dbfilename").orElseThrow().change(RedisVersion.V7_0)).contains(Change.RESTART);
        assertThat(RedisDirectives.find("shutdown-timeout").orElseThrow().change(RedisVersion.V6_2)).isEmpty();
    }

    @Test
    void comparesValuesAsConfigGetAnswersThem() {
        assertThat(type("maxmemory").sameValue("100mb", "104857600")).isTrue();
        assertThat(type("maxmemory").sameValue("100m", "104857600")).isFalse();
        assertThat(type("maxmemory-policy").sameValue("ALLKEYS-LRU", "allkeys-lru")).isTrue();
        assertThat(type("appendonly").sameValue("yes", "no")).isFalse();
        assertThat(type("save").sameValue("\"\"", "")).isTrue();
        assertThat(type("save").sameValue("3600  1 300 100", "3600 1 300 100")).isTrue();
        assertThat(type("notify-keyspace-events").sameValue("KEA", "AKE")).isTrue();
        assertThat(type("notify-keyspace-events").sameValue("Ex", "xE")).isTrue();
        assertThat(type("notify-keyspace-events").sameValue("Ex", "Kx")).isFalse();
        assertThat(type("client-output-buffer-limit").sameValue("replica 256mb 64mb 60",
                "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60")).isTrue();
        assertThat(type("client-output-buffer-limit").sameValue("pubsub 64mb 8mb 60",
                "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60")).isFalse();
        assertThat(type("latency-tracking-info-percentiles").sameValue("50 99 99.9", "50 99 99.9")).isTrue();
    }

    private static DirectiveType type(String name) {
        return RedisDirectives.find(name).orElseThrow().type();
    }
}
