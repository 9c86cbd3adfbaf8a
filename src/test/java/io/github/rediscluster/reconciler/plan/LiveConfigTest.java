package io.github.rediscluster.reconciler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.observe.PodConfig;
import io.github.rediscluster.reconciler.observe.RedisPod;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LiveConfigTest {

    private static final RedisPod POD_0 = new RedisPod("redis-app-0", 0, "10.0.0.10", "n1");
    private static final RedisPod POD_1 = new RedisPod("redis-app-1", 1, "10.0.0.11", "n2");

    @Test
    void podsAsTheSpecWantsThemNeedNothing() {
        Map<String, String> desired = Map.of("maxmemory", "100mb", "maxmemory-policy", "allkeys-lru", "appendonly", "yes");
        List<PodConfig> pods = List.of(
                PodConfig.read(POD_0, "7.0.15", Map.of("maxmemory", "104857600", "maxmemory-policy", "allkeys-lru", "appendonly", "yes")),
                PodConfig.read(POD_1, "6.2.11", Map.of("maxmemory", "104857600", "maxmemory-policy", "allkeys-lru", "appendonly", "yes")));

        AddedSteps plan = LiveConfig.plan(desired, pods);

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.waiting()).isEmpty();
    }

    @Test
    void runtimeDirectivesThatDifferAreSetLiveOnEachPodThatDiffers() {
        Map<String, String> desired = Map.of("maxmemory", "100mb", "maxmemory-policy", "allkeys-lru", "save", "\"\"");
        List<PodConfig> pods = List.of(
                PodConfig.read(POD_0, "7.0.15", Map.of("maxmemory", "0", "maxmemory-policy", "noeviction", "save", "3600 1")),
                PodConfig.read(POD_1, "7.0.15", Map.of("maxmemory", "104857600", "maxmemory-policy", "allkeys-lru", "save", "")));

        AddedSteps plan = LiveConfig.plan(desired, pods);

        assertThat(plan.steps()).hasSize(1);
        TopologyStep step = plan.steps().get(0);
        assertThat(step.kind()).isEqualTo(TopologyStep.Kind.CONFIG_SET);
        assertThat(step.subject()).isEqualTo("redis-app-0");
        assertThat(step.commands()).extracting(RedisCommand::toString).containsExactly(
                "redis-app-0: CONFIG SET maxmemory 100mb",
                "redis-app-0: CONFIG SET maxmemory-policy allkeys-lru",
                "redis-app-0: CONFIG SET save ");
        assertThat(step.commands().get(2).args()).containsExactly("CONFIG", "SET", "save", "");
        assertThat(step.commands()).allSatisfy(command -> assertThat(command.ip()).isEqualTo("10.0.0.10"));
        assertThat(step.reason()).contains("maxmemory 0 -> 100mb", "maxmemory-policy noeviction -> allkeys-lru",
                "save 3600 1 -> \"\"");
        assertThat(plan.waiting()).isEmpty();
    }

    @Test
    void restartOnlyDirectivesAreNotSetButReportedUntilThePodsRestart() {
        Map<String, String> desired = Map.of("io-threads", "4", "maxmemory", "1gb");
        List<PodConfig> pods = List.of(
                PodConfig.read(POD_0, "7.0.15", Map.of("io-threads", "1", "maxmemory", "1073741824")),
                PodConfig.read(POD_1, "7.0.15", Map.of("io-threads", "1", "maxmemory", "1073741824")));

        AddedSteps plan = LiveConfig.plan(desired, pods);

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.waiting()).containsExactly("redis.conf io-threads 4 is not in force yet on redis-app-0, redis-app-1:"
                + " Redis reads it only at start, so it applies as the pods restart");
    }

    @Test
    void whetherADirectiveIsLiveDependsOnThePodsRedisVersion() {
        // dbfilename: CONFIG SET changes it on 6.2; 7.0 protects it (enable-protected-configs)
        Map<String, String> desired = Map.of("dbfilename", "data.rdb");
        List<PodConfig> pods = List.of(
                PodConfig.read(POD_0, "6.2.11", Map.of("dbfilename", "dump.rdb")),
                PodConfig.read(POD_1, "7.0.15", Map.of("dbfilename", "dump.rdb")));

        AddedSteps plan = LiveConfig.plan(desired, pods);

        assertThat(plan.steps()).extracting(TopologyStep::subject).containsExactly("redis-app-0");
        assertThat(plan.waiting()).singleElement().asString().contains("not in force yet on redis-app-1");
    }

    @Test
    void unreadablePodsAndDirectivesThePodsRedisLacksAreReported() {
        Map<String, String> desired = Map.of("shutdown-timeout", "5");
        List<PodConfig> pods = List.of(
                PodConfig.unread(POD_0, "7.0.15", "CONFIG GET failed: connection reset"),
                PodConfig.read(POD_1, "6.2.11", Map.of()));

        AddedSteps plan = LiveConfig.plan(desired, pods);

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.waiting()).containsExactly(
                "redis-app-0: its redis.conf directives could not be read (CONFIG GET failed: connection reset)",
                "redis.conf shutdown-timeout is not a directive of the Redis of redis-app-1 (Redis 6.2.11): the pods run"
                        + " another Redis version than the image names?");
    }

    @Test
    void stepsAndWaitsJoinTheTopologysPlanAfterItsOwn() {
        TopologyStep failover = new TopologyStep(TopologyStep.Kind.FAILOVER, "redis-app-1", "layout",
                List.of(RedisCommand.on(POD_1, "CLUSTER", "FAILOVER")));
        TopologyPlan topology = new TopologyPlan(List.of(failover), List.of(new Wait(WaitReason.HANDSHAKE, "redis-app-2")),
                List.of(), 0, Optional.empty());
        AddedSteps live = LiveConfig.plan(Map.of("hz", "50", "io-threads", "2"),
                List.of(PodConfig.read(POD_0, "7.0.15", Map.of("hz", "10", "io-threads", "1"))));

        TopologyPlan joined = live.addTo(topology);

        assertThat(joined.steps()).extracting(TopologyStep::kind).containsExactly(TopologyStep.Kind.FAILOVER,
                TopologyStep.Kind.CONFIG_SET);
        assertThat(joined.waits()).extracting(Wait::reason).containsExactly(WaitReason.HANDSHAKE, WaitReason.CONFIG_RESTART_PENDING);
    }
}
