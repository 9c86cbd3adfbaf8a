package io.github.rediscluster.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.Specs;
import org.junit.jupiter.api.Test;

class RedisConfigTest {

    @Test
    void classicRedisConf() {
        ConfigMap configMap = RedisConfig.desired(Specs.classic());

        assertThat(configMap.getMetadata().getName()).isEqualTo("redis-conf");
        assertThat(configMap.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(configMap.getMetadata().getLabels()).containsEntry("app.kubernetes.io/component", "config");
        assertThat(configMap.getData()).containsOnlyKeys("redis.conf");
        assertThat(directives(configMap.getData().get("redis.conf"))).containsExactly(
                "port 6379",
                "cluster-enabled yes",
                "cluster-config-file /var/lib/redis/nodes.conf",
                "dir /var/lib/redis",
                "appendonly yes",
                "cluster-node-timeout 5000",
                "protected-mode no",
                "repl-diskless-sync-delay 0");
    }

    @Test
    void userDirectivesOverrideDefaultsInPlaceAndOthersFollowSorted() {
        ClusterSpec spec = Specs.classicWith("redis-cluster.port", "7000",
                "redis-cluster.redis-conf.maxmemory-policy", "allkeys-lru",
                "redis-cluster.redis-conf.appendonly", "no",
                "redis-cluster.redis-conf.maxmemory", "1gb");

        assertThat(directives(RedisConfig.render(spec))).containsExactly(
                "port 7000",
                "cluster-enabled yes",
                "cluster-config-file /var/lib/redis/nodes.conf",
                "dir /var/lib/redis",
                "appendonly no",
                "cluster-node-timeout 5000",
                "protected-mode no",
                "repl-diskless-sync-delay 0",
                "maxmemory 1gb",
                "maxmemory-policy allkeys-lru");
    }

    @Test
    void aMasterWithSeveralReplicasKeepsTheDisklessSyncDelaySoThatTheyShareOneTransfer() {
        ClusterSpec spec = Specs.classicWith("redis-cluster.replicas-per-master", "2");

        assertThat(directives(RedisConfig.render(spec))).noneMatch(line -> line.startsWith("repl-diskless-sync-delay"));
        assertThat(directives(RedisConfig.render(Specs.classicWith("redis-cluster.redis-conf.repl-diskless-sync-delay", "3"))))
                .contains("repl-diskless-sync-delay 3");
    }

    @Test
    void renderingIsStable() {
        assertThat(RedisConfig.render(Specs.classic())).isEqualTo(RedisConfig.render(Specs.classic()));
    }

    private static java.util.List<String> directives(String conf) {
        return conf.lines().filter(line -> !line.startsWith("#")).toList();
    }

    @Test
    void onlyDirectivesThatNeedARestartChangeThePodTemplate() {
        ClusterSpec plain = Specs.classic();
        ClusterSpec liveChange = Specs.classicWith("redis-cluster.redis-conf.maxmemory", "1gb",
                "redis-cluster.redis-conf.maxmemory-policy", "allkeys-lru", "redis-cluster.redis-conf.appendonly", "no");
        ClusterSpec restartChange = Specs.classicWith("redis-cluster.redis-conf.io-threads", "4");
        ClusterSpec otherRestartChange = Specs.classicWith("redis-cluster.redis-conf.io-threads", "2");

        assertThat(RedisStatefulSet.desired(liveChange)).isEqualTo(RedisStatefulSet.desired(plain));
        assertThat(RedisStatefulSet.desired(plain).getSpec().getTemplate().getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(RedisStatefulSet.desired(restartChange).getSpec().getTemplate().getMetadata().getAnnotations())
                .containsOnlyKeys(RedisConfig.RESTART_CONFIG_ANNOTATION);
        assertThat(RedisConfig.restartAnnotations(restartChange)).isNotEqualTo(RedisConfig.restartAnnotations(otherRestartChange));
    }
}
