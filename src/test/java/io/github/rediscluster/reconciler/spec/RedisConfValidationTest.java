package io.github.rediscluster.reconciler.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisConfValidationTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
        // booleans and enums, as Redis reads them: any case
        "redis:7.0 | appendonly | yes",
        "redis:7.0 | activedefrag | NO",
        "redis:7.0 | maxmemory-policy | allkeys-lru",
        "redis:6.2 | maxmemory-policy | volatile-lfu",
        "redis:7.0 | loglevel | warning",
        "redis:7.0 | appendfsync | always",
        "redis:7.0 | repl-diskless-load | swapdb",
        // numbers, and memory with Redis's units
        "redis:7.0 | cluster-node-timeout | 15000",
        "redis:7.0 | hz | 100",
        "redis:7.0 | slowlog-log-slower-than | -1",
        "redis:7.0 | maxmemory | 100mb",
        "redis:7.0 | maxmemory | 1GB",
        "redis:7.0 | maxmemory | 0",
        "redis:7.0 | repl-backlog-size | 64k",
        "redis:7.0 | maxmemory-clients | 10%",
        "redis:7.0 | maxmemory-clients | 1gb",
        "redis:7.0 | io-threads | 4",
        "redis:7.0 | list-max-listpack-size | -2",
        "redis:7.0 | list-max-ziplist-size | -2",
        "redis:6.2 | hash-max-ziplist-entries | 256",
        // directives of several words
        "redis:7.0 | save | 3600 1 300 100",
        "redis:7.0 | save | \"\"",
        "redis:7.0 | client-output-buffer-limit | replica 256mb 64mb 60 pubsub 32mb 8mb 60",
        "redis:7.0 | notify-keyspace-events | Ex",
        "redis:7.0 | notify-keyspace-events | KEA",
        "redis:7.0 | oom-score-adj-values | 0 200 800",
        "redis:7.0 | latency-tracking-info-percentiles | 50 99 99.9",
        "redis:7.0 | proc-title-template | {title} {listen-addr}",
        // a version tag with more parts, a registry with a port, no version at all
        "redis:7.0.15-alpine | shutdown-timeout | 5",
        "registry.local:5000/redis:6.2 | lua-time-limit | 5000",
        "redis:latest | busy-reply-threshold | 5000",
    })
    void acceptsWhatRedisAccepts(String image, String directive, String value) {
        assertThat(RedisConfValidation.problems(image, Map.of(directive, value))).isEmpty();
    }

    @ParameterizedTest(name = "{1} {2}")
    @CsvSource(delimiter = '|', value = {
        "redis:7.0 | maxmemory-policy | allkeys_lru | must be one of allkeys-lfu, allkeys-lru, allkeys-random, noeviction, volatile-lfu, volatile-lru, volatile-random, volatile-ttl, got 'allkeys_lru'",
        "redis:7.0 | appendonly | true | must be one of no, yes, got 'true'",
        "redis:7.0 | hz | often | must be a whole number, got 'often'",
        "redis:7.0 | active-expire-effort | 11 | must be from 1 to 10, got '11'",
        "redis:7.0 | io-threads | 0 | must be from 1 to 128, got '0'",
        "redis:7.0 | maxmemory | 1tb | must be a number of bytes, optionally with a unit (b, k, kb, m, mb, g, gb), got '1tb'",
        "redis:7.0 | maxmemory | -1 | must be from 0 to 9223372036854775807 bytes, got '-1'",
        "redis:7.0 | proto-max-bulk-len | 1kb | must be from 1048576 to 9223372036854775807 bytes, got '1kb'",
        "redis:7.0 | maxmemory-clients | 150% | must be a percentage from 0% to 100%, got '150%'",
        "redis:7.0 | save | 3600 | must be \"\" (no snapshots) or pairs of <seconds> <changes>, such as 3600 1 300 100, got '3600'",
        "redis:7.0 | client-output-buffer-limit | slave 256mb 64mb | must be groups of <class> <hard limit> <soft limit> <soft seconds>, class normal, replica or pubsub, such as: replica 256mb 64mb 60, got 'slave 256mb 64mb'",
        "redis:7.0 | notify-keyspace-events | Exq | must be \"\" or letters from KEg$lshzxetdmnA, got 'Exq'",
        "redis:7.0 | oom-score-adj-values | 0 200 | must be three whole numbers from -2000 to 2000, got '0 200'",
        "redis:7.0 | syslog-ident | my redis | must be one word without spaces or quotes, got 'my redis'",
    })
    void refusesValuesRedisRefuses(String image, String directive, String value, String message) {
        assertThat(RedisConfValidation.problems(image, Map.of(directive, value)))
                .containsExactly(new SpecProblem("redis-cluster.redis-conf." + directive, message));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "replicaof | 10.0.0.1 6379 | the reconciler attaches replicas with CLUSTER REPLICATE",
        "slaveof | 10.0.0.1 6379 | the reconciler attaches replicas with CLUSTER REPLICATE",
        "bind | 0.0.0.0 | redis-server must listen on the pod IP",
        "rename-command | CONFIG \"\" | the reconciler and the probes send CLUSTER, CONFIG, INFO and ROLE by name",
        "cluster-announce-port | 7000 | each pod announces its own pod IP",
        "cluster-announce-hostname | redis-0 | each pod announces its own pod IP",
        "include | /etc/redis/more.conf | the ConfigMap is the whole redis.conf",
        "loadmodule | /lib/redisearch.so | modules are not supported",
        "user | app on >secret ~* +@all | ACL users in redis.conf are not supported",
        "tls-port | 6380 | the service sets the TLS directives from redis-cluster.tls.secret",
        "tls-cert-file | /tls/redis.crt | the service sets the TLS directives from redis-cluster.tls.secret",
        "logfile | /var/log/redis.log | redis-server must log to its container's output",
        "appendfilename | other.aof | a restarted pod would look for its data under the new name",
        "set-proc-title | no | keeps the password given with auth out of the process list",
    })
    void refusesDirectivesThatWouldBreakTheClusterOrTheReconciler(String directive, String value, String reason) {
        List<SpecProblem> problems = RedisConfValidation.problems("redis:7.0", Map.of(directive, value));

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).key()).isEqualTo("redis-cluster.redis-conf." + directive);
        assertThat(problems.get(0).message()).startsWith("is not allowed: ").contains(reason);
    }

    @Test
    void refusesUnknownDirectivesNamingTheClosestOne() {
        assertThat(RedisConfValidation.problems("redis:7.0", Map.of("maxmemory-polcy", "allkeys-lru"))).containsExactly(
                new SpecProblem("redis-cluster.redis-conf.maxmemory-polcy",
                        "is not a redis.conf directive of Redis 7.0; did you mean maxmemory-policy?"));
        assertThat(RedisConfValidation.problems("redis:7.0", Map.of("frobnicate", "yes"))).containsExactly(
                new SpecProblem("redis-cluster.redis-conf.frobnicate", "is not a redis.conf directive of Redis 7.0"));
    }

    @Test
    void refusesDirectivesOfAnotherRedisVersion() {
        assertThat(RedisConfValidation.problems("redis:6.2.14", Map.of("shutdown-timeout", "5"))).containsExactly(
                new SpecProblem("redis-cluster.redis-conf.shutdown-timeout",
                        "is not a directive of Redis 6.2 (image redis:6.2.14): it came with Redis 7.0"));
        assertThat(RedisConfValidation.problems("redis:7.0", Map.of("gopher-enabled", "no"))).containsExactly(
                new SpecProblem("redis-cluster.redis-conf.gopher-enabled",
                        "is not a directive of Redis 7.0 (image redis:7.0): Redis 7.0 removed it"));
    }

    @Test
    void theParserRefusesTheWholeSpecNamingEveryBadDirective() {
        Map<String, String> properties = new HashMap<>(SpecParserTest.minimal());
        properties.put("redis-cluster.redis-conf.maxmemory-policy", "allkeys_lru");
        properties.put("redis-cluster.redis-conf.bind", "0.0.0.0");
        properties.put("redis-cluster.redis-conf.maxmemory", "100mb");

        assertThat(SpecParserTest.problems(properties)).extracting(SpecProblem::key).containsExactlyInAnyOrder(
                "redis-cluster.redis-conf.maxmemory-policy", "redis-cluster.redis-conf.bind");
    }

    @Test
    void versionComesFromTheImageTag() {
        assertThat(RedisVersion.ofImage("redis:6.2")).isEqualTo(RedisVersion.V6_2);
        assertThat(RedisVersion.ofImage("bitnami/redis:6.2.14-debian-11")).isEqualTo(RedisVersion.V6_2);
        assertThat(RedisVersion.ofImage("redis:7.2")).isEqualTo(RedisVersion.V7_0);
        assertThat(RedisVersion.ofImage("localhost:5000/redis")).isEqualTo(RedisVersion.V7_0);
        assertThat(RedisVersion.ofImage("redis@sha256:abc")).isEqualTo(RedisVersion.V7_0);
    }
}
