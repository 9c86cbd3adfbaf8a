package io.github.rediscluster.reconciler.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecParserTest {

    /** The smallest valid spec: everything else has a default. */
    static Map<String, String> minimal() {
        Map<String, String> properties = new HashMap<>();
        properties.put("redis-cluster.storage.nfs.server", "192.168.184.122");
        return properties;
    }

    static ClusterSpec valid(Map<String, String> properties) {
        SpecParseResult result = SpecParser.parse(properties, "ns-of-the-service");
        assertThat(result).isInstanceOf(SpecParseResult.Valid.class);
        return ((SpecParseResult.Valid) result).spec();
    }

    static List<SpecProblem> problems(Map<String, String> properties) {
        SpecParseResult result = SpecParser.parse(properties, "default");
        assertThat(result).isInstanceOf(SpecParseResult.Invalid.class);
        return ((SpecParseResult.Invalid) result).problems();
    }

    @Test
    void defaultsReproduceTheClassicSetup() {
        ClusterSpec spec = valid(minimal());

        assertThat(spec.name()).isEqualTo("redis-app");
        assertThat(spec.namespace()).isEqualTo("ns-of-the-service");
        assertThat(spec.masters()).isEqualTo(3);
        assertThat(spec.replicasPerMaster()).isEqualTo(1);
        assertThat(spec.podCount()).isEqualTo(6);
        assertThat(spec.image()).isEqualTo("redis:7.2");
        assertThat(spec.port()).isEqualTo(6379);
        assertThat(spec.busPort()).isEqualTo(16379);
        assertThat(spec.configMap()).isEqualTo("redis-conf");
        assertThat(spec.headlessService()).isEqualTo("redis-service");
        assertThat(spec.accessService()).isEqualTo("redis-access-service");
        assertThat(spec.accessServiceType()).isEqualTo(AccessServiceType.ClusterIP);
        assertThat(spec.storage()).isEqualTo(new ClusterSpec.Storage("200M", "192.168.184.122", "/usr/local/k8s/redis", "nfs-pv"));
        assertThat(spec.resources()).isEqualTo(new ClusterSpec.Resources("100m", "100Mi", Optional.empty(), Optional.empty()));
        assertThat(spec.redisConf()).isEmpty();
        assertThat(spec.reconcileInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(spec.security()).isEqualTo(new ClusterSpec.Security(999, 999));
    }

    @Test
    void readsEveryKey() {
        Map<String, String> properties = new HashMap<>();
        properties.put("redis-cluster.name", "cache");
        properties.put("redis-cluster.namespace", "data");
        properties.put("redis-cluster.dry-run", "true");
        properties.put("redis-cluster.adopt", "true");
        properties.put("redis-cluster.pod-selector", "app=redis,tier=cache");
        properties.put("redis-cluster.masters", "5");
        properties.put("redis-cluster.replicas-per-master", "2");
        properties.put("redis-cluster.image", "redis:7.0.15");
        properties.put("redis-cluster.port", "7000");
        properties.put("redis-cluster.config-map", "cache-conf");
        properties.put("redis-cluster.headless-service", "cache-nodes");
        properties.put("redis-cluster.access-service", "cache");
        properties.put("redis-cluster.access-service-type", "nodeport");
        properties.put("redis-cluster.storage.size", "1Gi");
        properties.put("redis-cluster.storage.nfs.server", "nfs.example.org");
        properties.put("redis-cluster.storage.nfs.path", "/exports/cache");
        properties.put("redis-cluster.storage.pv-prefix", "cache-pv");
        properties.put("redis-cluster.resources.requests.cpu", "0.5");
        properties.put("redis-cluster.resources.requests.memory", "1Gi");
        properties.put("redis-cluster.resources.limits.cpu", "2");
        properties.put("redis-cluster.resources.limits.memory", "2Gi");
        properties.put("redis-cluster.redis-conf.maxmemory", "1gb");
        properties.put("redis-cluster.redis-conf.cluster-node-timeout", "15000");
        properties.put("redis-cluster.reconcile.interval", "PT30S");
        properties.put("redis-cluster.resharding.slots-per-pass", "100");
        properties.put("redis-cluster.resharding.keys-per-pass", "5000");
        properties.put("redis-cluster.resharding.migrate-timeout", "7s");
        properties.put("redis-cluster.auth.secret", "cache-auth");
        properties.put("redis-cluster.auth.secret-key", "redis-password");
        properties.put("redis-cluster.auth.reconciler-user", "cache-operator");
        properties.put("redis-cluster.tls.secret", "cache-tls");
        properties.put("redis-cluster.tls.auth-clients", "optional");
        properties.put("redis-cluster.network-policy.client-pods", "app=shop");
        properties.put("redis-cluster.metrics.exporter", "true");
        properties.put("redis-cluster.metrics.exporter.image", "registry.example.org/redis_exporter:v1.45.0");
        properties.put("redis-cluster.metrics.exporter.resources.requests.cpu", "20m");
        properties.put("redis-cluster.metrics.exporter.resources.requests.memory", "32Mi");
        properties.put("redis-cluster.metrics.exporter.resources.limits.cpu", "200m");
        properties.put("redis-cluster.metrics.exporter.resources.limits.memory", "128Mi");
        properties.put("redis-cluster.security.run-as-user", "1001");
        properties.put("redis-cluster.security.fs-group", "2002");
        properties.put("redis-cluster.rollout", "StatefulSet");
        properties.put("quarkus.log.level", "DEBUG");

        ClusterSpec spec = valid(properties);

        assertThat(spec).isEqualTo(ClusterSpec.of(SpecValues.builder()
                .set(SpecKeys.NAME, "cache").set(SpecKeys.NAMESPACE, "data")
                .set(SpecKeys.MASTERS, 5).set(SpecKeys.REPLICAS_PER_MASTER, 2)
                .set(SpecKeys.IMAGE, "redis:7.0.15").set(SpecKeys.PORT, 7000)
                .set(SpecKeys.CONFIG_MAP, "cache-conf").set(SpecKeys.HEADLESS_SERVICE, "cache-nodes")
                .set(SpecKeys.ACCESS_SERVICE, "cache").set(SpecKeys.ACCESS_SERVICE_TYPE, AccessServiceType.NodePort)
                .set(SpecKeys.STORAGE_SIZE, "1Gi").set(SpecKeys.STORAGE_CLASS, Optional.empty())
                .set(SpecKeys.STORAGE_ACCESS_MODE, "ReadWriteOnce").set(SpecKeys.NFS_SERVER, Optional.of("nfs.example.org"))
                .set(SpecKeys.NFS_PATH, "/exports/cache").set(SpecKeys.PV_PREFIX, "cache-pv")
                .set(SpecKeys.REQUESTS_CPU, "0.5").set(SpecKeys.REQUESTS_MEMORY, "1Gi")
                .set(SpecKeys.LIMITS_CPU, Optional.of("2")).set(SpecKeys.LIMITS_MEMORY, Optional.of("2Gi"))
                .redisConf(Map.of("maxmemory", "1gb", "cluster-node-timeout", "15000"))
                .set(SpecKeys.RECONCILE_INTERVAL, Duration.ofSeconds(30))
                .set(SpecKeys.SLOTS_PER_PASS, 100).set(SpecKeys.KEYS_PER_PASS, 5000)
                .set(SpecKeys.MIGRATE_TIMEOUT, Duration.ofSeconds(7))
                .set(SpecKeys.AUTH_SECRET, Optional.of("cache-auth")).set(SpecKeys.AUTH_SECRET_KEY, "redis-password")
                .set(SpecKeys.AUTH_RECONCILER_USER, Optional.of("cache-operator"))
                .set(SpecKeys.TLS_SECRET, Optional.of("cache-tls")).set(SpecKeys.TLS_AUTH_CLIENTS, "optional")
                .set(SpecKeys.NETWORK_POLICY, true).set(SpecKeys.NETWORK_POLICY_CLIENT_PODS, Optional.of(Map.of("app", "shop")))
                .set(SpecKeys.NETWORK_POLICY_CLIENT_NAMESPACES, Optional.empty())
                .set(SpecKeys.EXPORTER, true).set(SpecKeys.EXPORTER_IMAGE, "registry.example.org/redis_exporter:v1.45.0")
                .set(SpecKeys.EXPORTER_REQUESTS_CPU, "20m").set(SpecKeys.EXPORTER_REQUESTS_MEMORY, "32Mi")
                .set(SpecKeys.EXPORTER_LIMITS_CPU, Optional.of("200m")).set(SpecKeys.EXPORTER_LIMITS_MEMORY, Optional.of("128Mi"))
                .set(SpecKeys.RUN_AS_USER, 1001).set(SpecKeys.FS_GROUP, 2002)
                .set(SpecKeys.ROLLOUT, RolloutStrategy.STATEFULSET)
                .set(SpecKeys.DRY_RUN, true).set(SpecKeys.ADOPT, true)
                .set(SpecKeys.POD_SELECTOR, Optional.of(Map.of("app", "redis", "tier", "cache")))
                .build()));
        assertThat(spec.rollout()).as("any letter case").isEqualTo(RolloutStrategy.STATEFULSET);
        // Which key feeds which component, checked apart from ClusterSpec.of, which both sides above go through.
        assertThat(List.of(spec.name(), spec.namespace(), spec.image(), spec.configMap(), spec.headlessService(),
                spec.accessService())).containsExactly("cache", "data", "redis:7.0.15", "cache-conf", "cache-nodes", "cache");
        assertThat(List.of(spec.masters(), spec.replicasPerMaster(), spec.port())).containsExactly(5, 2, 7000);
        assertThat(spec.storage()).isEqualTo(new ClusterSpec.Storage("1Gi", "nfs.example.org", "/exports/cache", "cache-pv"));
        assertThat(spec.resources()).isEqualTo(new ClusterSpec.Resources("0.5", "1Gi", Optional.of("2"), Optional.of("2Gi")));
        assertThat(spec.reconcileInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.resharding()).isEqualTo(new ClusterSpec.Resharding(100, 5000, Duration.ofSeconds(7)));
        assertThat(spec.auth()).contains(new ClusterSpec.Auth("cache-auth", "redis-password", Optional.of("cache-operator")));
        assertThat(spec.auth().orElseThrow().reconcilerSecret()).contains("cache-auth-cache-operator");
        assertThat(spec.tls()).contains(new ClusterSpec.Tls("cache-tls", "optional"));
        assertThat(spec.exporter()).contains(new ClusterSpec.Exporter("registry.example.org/redis_exporter:v1.45.0",
                new ClusterSpec.Resources("20m", "32Mi", Optional.of("200m"), Optional.of("128Mi"))));
        assertThat(spec.security()).isEqualTo(new ClusterSpec.Security(1001, 2002));
        assertThat(spec.podCount()).isEqualTo(15);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiterString = " :: ", quoteCharacter = '"', value = {
        "redis-cluster.masters :: 0 :: must be a whole number from 1 to 1000, got '0'",
        "redis-cluster.masters :: three :: must be a whole number from 1 to 1000, got 'three'",
        "redis-cluster.replicas-per-master :: -1 :: must be a whole number from 0 to 1000, got '-1'",
        "redis-cluster.port :: 60000 :: must be a whole number from 1 to 55535, got '60000'",
        "redis-cluster.security.run-as-user :: 0 :: must be a whole number from 1 to 2147483647, got '0'",
        "redis-cluster.security.fs-group :: root :: must be a whole number from 1 to 2147483647, got 'root'",
        "redis-cluster.resharding.slots-per-pass :: 0 :: must be a whole number from 1 to 16384, got '0'",
        "redis-cluster.resharding.keys-per-pass :: lots :: must be a whole number from 1 to 10000000, got 'lots'",
        "redis-cluster.resharding.migrate-timeout :: 10ms :: must be between 100ms and 30s, got 10ms",
        "redis-cluster.resharding.migrate-timeout :: 1m :: must be between 100ms and 30s, got 1m",
        "redis-cluster.resharding.migrate-timeout :: 3s :: must be at most half of cluster-node-timeout (5000 ms), so that a MIGRATE waiting on a silent target never gets its source failed over, got 3000ms",
        "redis-cluster.storage.size :: 200 MB :: must be a Kubernetes quantity such as 200M, 1Gi or 100m, got '200 MB'",
        "redis-cluster.storage.size :: 0 :: must be greater than zero, got '0'",
        "redis-cluster.storage.nfs.server :: \"\" :: must not be empty: name the NFS server of the static PVs, or set redis-cluster.storage.class to have a StorageClass provision the volumes",
        "redis-cluster.storage.class :: Fast_SSD :: must be a DNS subdomain (lower-case letters, digits, '-' and '.'), got 'Fast_SSD'",
        "redis-cluster.storage.access-mode :: ReadWriteMany :: has no effect without redis-cluster.storage.class (claims of static NFS PVs are always ReadWriteMany)",
        "redis-cluster.storage.nfs.server :: nfs server :: must be the host name or IP address of the NFS server, got 'nfs server'",
        "redis-cluster.storage.nfs.path :: exports/redis :: must be an absolute path without spaces, got 'exports/redis'",
        "redis-cluster.access-service-type :: LoadBalancer :: must be ClusterIP or NodePort, got 'LoadBalancer'",
        "redis-cluster.name :: Redis_App :: must be a DNS label (lower-case letters, digits and '-', starting with a letter) of at most 52 characters, got 'Redis_App'",
        "redis-cluster.namespace :: -ns :: must be a DNS label (lower-case letters, digits and '-', at most 63 characters), got '-ns'",
        "redis-cluster.headless-service :: redis.service :: must be a DNS label (lower-case letters, digits and '-', starting with a letter), got 'redis.service'",
        "redis-cluster.config-map :: Redis Conf :: must be a DNS subdomain (lower-case letters, digits, '-' and '.'), got 'Redis Conf'",
        "redis-cluster.image :: redis 7 :: must be an image reference without spaces, got 'redis 7'",
        "redis-cluster.metrics.exporter :: yes :: must be true or false, got 'yes'",
        "redis-cluster.metrics.exporter.resources.limits.memory :: 64 MB :: must be a Kubernetes quantity such as 200M, 1Gi or 100m, got '64 MB'",
        "redis-cluster.resources.requests.cpu :: lots :: must be a Kubernetes quantity such as 200M, 1Gi or 100m, got 'lots'",
        "redis-cluster.resources.limits.memory :: -1Gi :: must be a Kubernetes quantity such as 200M, 1Gi or 100m, got '-1Gi'",
        "redis-cluster.reconcile.interval :: often :: must be a duration such as 10s, 500ms, 2m or PT10S, got 'often'",
        "redis-cluster.reconcile.interval :: 100ms :: must be between 1s and 1h, got 100ms",
        "redis-cluster.redis-conf.port :: 7000 :: is set by the service: set redis-cluster.port instead",
        "redis-cluster.redis-conf.dir :: /data :: is set by the service: the data directory must stay on the PersistentVolume",
        "redis-cluster.redis-conf.requirepass :: s3cret :: is set by the service: name a Secret holding the password in redis-cluster.auth.secret instead: a password in a ConfigMap is readable by anyone who can read ConfigMaps, and the reconciler must know it too",
        "redis-cluster.redis-conf.masterauth :: s3cret :: is set by the service: set from the Secret named in redis-cluster.auth.secret, together with requirepass (replicas authenticate to their masters with the same password)",
        "redis-cluster.redis-conf.masteruser :: repl :: is not supported: ACL users for replication are not supported: the reconciler, the probes and replication all use the default user with the password of redis-cluster.auth.secret",
        "redis-cluster.auth.secret :: Redis_Auth :: must be a DNS subdomain (lower-case letters, digits, '-' and '.'), got 'Redis_Auth'",
        "redis-cluster.redis-conf.cluster-port :: 17000 :: is not supported: the cluster bus is always redis-cluster.port + 10000, which the pods and Services expose",
        "redis-cluster.redis-conf.Max_Memory :: 1gb :: 'Max_Memory' is not a redis.conf directive name",
        "redis-cluster.redis-conf.cluster-node-timeout :: 5s :: must match [1-9][0-9]*, got '5s'",
        "redis-cluster.redis-conf.appendonly :: true :: must match yes|no, got 'true'",
        "redis-cluster.master :: 3 :: unknown key; did you mean redis-cluster.masters?",
        "redis-cluster.frobnicate :: 1 :: unknown key",
    })
    void eachBadValueIsReportedWithItsKey(String key, String value, String message) {
        Map<String, String> properties = minimal();
        properties.put(key, value);

        assertThat(problems(properties)).containsExactly(new SpecProblem(key, message));
    }

    @Test
    void aStorageClassTakesTheVolumesFromItsProvisionerReadWriteOnceByDefault() {
        Map<String, String> properties = new HashMap<>(Map.of("redis-cluster.storage.class", "fast-ssd"));

        ClusterSpec.Storage storage = valid(properties).storage();

        assertThat(storage.nfs()).isFalse();
        assertThat(storage.storageClass()).contains("fast-ssd");
        assertThat(storage.accessMode()).isEqualTo("ReadWriteOnce");
        properties.put("redis-cluster.storage.access-mode", "ReadWriteOncePod");
        assertThat(valid(properties).storage().accessMode()).isEqualTo("ReadWriteOncePod");
        properties.put("redis-cluster.storage.access-mode", "ReadOnlyMany");
        assertThat(problems(properties)).containsExactly(new SpecProblem("redis-cluster.storage.access-mode",
                "must be one of [ReadWriteOnce, ReadWriteOncePod, ReadWriteMany], got 'ReadOnlyMany'"));
    }

    @Test
    void nfsClaimsStayReadWriteMany() {
        ClusterSpec.Storage storage = valid(minimal()).storage();

        assertThat(storage.nfs()).isTrue();
        assertThat(storage.accessMode()).isEqualTo("ReadWriteMany");
    }

    @ParameterizedTest
    @CsvSource({"redis-cluster.storage.nfs.server, 10.0.0.1", "redis-cluster.storage.nfs.path, /exports",
            "redis-cluster.storage.pv-prefix, pv"})
    void aStorageClassAndAnNfsKeyTogetherAreRefusedNamingBoth(String nfsKey, String value) {
        Map<String, String> properties = new HashMap<>(Map.of("redis-cluster.storage.class", "fast-ssd", nfsKey, value));

        assertThat(problems(properties)).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo(nfsKey);
            assertThat(problem.message()).startsWith("cannot be set together with redis-cluster.storage.class")
                    .contains(nfsKey);
        });
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Map<String, String> properties = new HashMap<>();
        properties.put("redis-cluster.masters", "0");
        properties.put("redis-cluster.storage.size", "big");

        assertThat(problems(properties)).extracting(SpecProblem::key).containsExactlyInAnyOrder(
                "redis-cluster.masters", "redis-cluster.storage.size", "redis-cluster.storage.nfs.server");
    }

    @Test
    void authIsOffByDefaultAndTheKeyDefaultsToPassword() {
        assertThat(valid(minimal()).auth()).isEmpty();

        Map<String, String> properties = minimal();
        properties.put("redis-cluster.auth.secret", "redis-auth");
        assertThat(valid(properties).auth()).contains(new ClusterSpec.Auth("redis-auth", "password"));

        properties.put("redis-cluster.auth.secret", "");
        assertThat(valid(properties).auth()).as("an empty secret name turns auth off").isEmpty();
    }

    @Test
    void tlsAuthClientsWithoutATlsSecretOrOfAnotherValueIsRefused() {
        Map<String, String> properties = minimal();
        properties.put("redis-cluster.tls.auth-clients", "optional");
        assertThat(problems(properties)).containsExactly(new SpecProblem("redis-cluster.tls.auth-clients",
                "has no effect without redis-cluster.tls.secret (the Secret holding the certificates)"));

        properties.put("redis-cluster.tls.secret", "redis-tls");
        properties.put("redis-cluster.tls.auth-clients", "maybe");
        assertThat(problems(properties)).singleElement().satisfies(problem ->
                assertThat(problem.key()).isEqualTo("redis-cluster.tls.auth-clients"));

        properties.remove("redis-cluster.tls.auth-clients");
        assertThat(valid(properties).tls()).contains(new ClusterSpec.Tls("redis-tls", "yes"));
    }

    @Test
    void aReconcilerUserNeedsTheAuthSecretAndAUserNameThatIsNotDefault() {
        Map<String, String> properties = minimal();
        properties.put("redis-cluster.auth.reconciler-user", "reconciler");
        assertThat(problems(properties)).containsExactly(new SpecProblem("redis-cluster.auth.reconciler-user",
                "needs redis-cluster.auth.secret (the default user keeps the password that replication, probes and clients use)"));

        properties.put("redis-cluster.auth.secret", "redis-auth");
        for (String refused : List.of("default", "Reconciler", "re conciler", "-x")) {
            properties.put("redis-cluster.auth.reconciler-user", refused);
            assertThat(problems(properties)).as(refused).singleElement().satisfies(problem -> {
                assertThat(problem.key()).isEqualTo("redis-cluster.auth.reconciler-user");
                assertThat(problem.message()).contains("not 'default'");
            });
        }
        properties.put("redis-cluster.auth.secret", "a".repeat(200));
        properties.put("redis-cluster.auth.reconciler-user", "u".repeat(60));
        assertThat(problems(properties)).extracting(SpecProblem::key).containsExactly("redis-cluster.auth.reconciler-user");

        properties.put("redis-cluster.auth.secret", "redis-auth");
        properties.put("redis-cluster.auth.reconciler-user", "reconciler");
        assertThat(valid(properties).auth().orElseThrow().reconcilerSecret()).contains("redis-auth-reconciler");
        properties.remove("redis-cluster.auth.reconciler-user");
        assertThat(valid(properties).auth().orElseThrow().reconcilerUser()).isEmpty();
    }

    @Test
    void aSecretKeyWithoutASecretOrNotAValidKeyIsRefused() {
        Map<String, String> properties = minimal();
        properties.put("redis-cluster.auth.secret-key", "pass");
        assertThat(problems(properties)).containsExactly(new SpecProblem("redis-cluster.auth.secret-key",
                "has no effect without redis-cluster.auth.secret (the Secret holding the password)"));

        properties.put("redis-cluster.auth.secret", "redis-auth");
        properties.put("redis-cluster.auth.secret-key", "pass word");
        assertThat(problems(properties)).containsExactly(new SpecProblem("redis-cluster.auth.secret-key",
                "must be a Secret data key (letters, digits, '-', '_' and '.', at most 253 characters), got 'pass word'"));
    }

    @Test
    void aPasswordGivenAsADirectiveIsNeverEchoedInTheProblem() {
        Map<String, String> properties = minimal();
        properties.put("redis-cluster.redis-conf.requirepass", "hunter2-secret");
        properties.put("redis-cluster.redis-conf.masterauth", "hunter2-secret");

        assertThat(problems(properties)).hasSize(2)
                .allSatisfy(problem -> assertThat(problem.toString()).doesNotContain("hunter2-secret"));
    }

    @Test
    void servicesMustHaveDistinctNames() {
        Map<String, String> properties = minimal();
        properties.put("redis-cluster.access-service", "redis-service");

        assertThat(problems(properties)).containsExactly(new SpecProblem("redis-cluster.access-service",
                "must differ from redis-cluster.headless-service (both are 'redis-service')"));
    }

    @Test
    void podCountIsBounded() {
        Map<String, String> properties = minimal();
        properties.put("redis-cluster.masters", "500");
        properties.put("redis-cluster.replicas-per-master", "2");

        assertThat(problems(properties)).containsExactly(new SpecProblem("redis-cluster.replicas-per-master",
                "masters * (1 + replicas-per-master) must be at most 1000 pods"));
    }

    @Test
    void valuesAreTrimmedAndOptionalLimitsMayBeBlank() {
        Map<String, String> properties = minimal();
        properties.put("redis-cluster.masters", " 4 ");
        properties.put("redis-cluster.resources.limits.cpu", "");

        ClusterSpec spec = valid(properties);

        assertThat(spec.masters()).isEqualTo(4);
        assertThat(spec.resources().limitsCpu()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"10s,10000", "500ms,500", "2m,120000", "1h,3600000", "15,15000", "PT1M30S,90000", "pt5s,5000"})
    void durationsInQuarkusAndIsoForms(String text, long millis) {
        assertThat(SpecParser.parseDuration(text)).contains(Duration.ofMillis(millis));
    }
}
