package io.github.rediscluster.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.spec.SpecKeys;
import io.github.rediscluster.reconciler.testing.Specs;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RedisTlsTest {

    private static final ClusterSpec TLS = Specs.classicWith(SpecKeys.TLS_SECRET.name(), "redis-tls",
            SpecKeys.PORT.name(), "7000", SpecKeys.EXPORTER.name(), "true");

    @Test
    void tlsPodsIncludeTheTlsDirectivesThatCloseThePlainPort() {
        Map<String, String> data = RedisConfig.desired(TLS).getData();

        assertThat(data.get(RedisTls.CONFIG_KEY)).contains("port 0\n", "tls-port 7000\n", "tls-cluster yes\n",
                "tls-replication yes\n", "tls-cert-file /etc/redis-tls/tls.crt\n", "tls-key-file /etc/redis-tls/tls.key\n",
                "tls-ca-cert-file /etc/redis-tls/ca.crt\n", "tls-auth-clients yes\n");
        // redis.conf itself stays as it was: a pod of the old template restarted meanwhile still speaks plain TCP.
        assertThat(data.get(ClusterNames.CONFIG_KEY)).isEqualTo(RedisConfig.render(Specs.classicWith(SpecKeys.PORT.name(), "7000",
                SpecKeys.EXPORTER.name(), "true")));
        assertThat(RedisStatefulSet.args(TLS)).endsWith("--include", "/etc/redis/tls.conf");
    }

    @Test
    void theSecretIsMountedReadOnlyWithoutSubPathSoThatRotationReachesThePod() {
        PodSpec pod = RedisStatefulSet.desired(TLS).getSpec().getTemplate().getSpec();
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(RedisTls.VOLUME)).findFirst().orElseThrow();

        assertThat(volume.getSecret().getSecretName()).isEqualTo("redis-tls");
        assertThat(volume.getSecret().getDefaultMode()).isEqualTo(0440);
        for (Container container : pod.getContainers()) {
            assertThat(container.getVolumeMounts()).filteredOn(mount -> mount.getName().equals(RedisTls.VOLUME))
                    .singleElement().satisfies(mount -> {
                        assertThat(mount.getMountPath()).isEqualTo("/etc/redis-tls");
                        assertThat(mount.getReadOnly()).isTrue();
                        assertThat(mount.getSubPath()).isNull();
                    });
        }
    }

    @Test
    void probesAndPreStopUseRedisCliWithTheCaAndTheClientCertificate() {
        Container redis = RedisStatefulSet.desired(TLS).getSpec().getTemplate().getSpec().getContainers().get(0);
        String flags = "redis-cli --tls --cacert /etc/redis-tls/ca.crt --cert /etc/redis-tls/tls.crt --key /etc/redis-tls/tls.key"
                + " -h 127.0.0.1 -p 7000";

        assertThat(redis.getReadinessProbe().getExec().getCommand().get(2)).startsWith(flags + " ping");
        assertThat(redis.getLifecycle().getPreStop().getExec().getCommand().get(2)).contains(flags + " info replication");
        assertThat(redis.getLivenessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(7000);
    }

    @Test
    void theExporterSpeaksTlsToItsOwnServerOverLoopback() {
        Container exporter = RedisStatefulSet.desired(TLS).getSpec().getTemplate().getSpec().getContainers().get(1);
        Map<String, String> env = exporter.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));

        assertThat(env).containsEntry("REDIS_ADDR", "rediss://127.0.0.1:7000")
                .containsEntry("REDIS_EXPORTER_TLS_CA_CERT_FILE", "/etc/redis-tls/ca.crt")
                .containsEntry("REDIS_EXPORTER_TLS_CLIENT_CERT_FILE", "/etc/redis-tls/tls.crt")
                .containsEntry("REDIS_EXPORTER_TLS_CLIENT_KEY_FILE", "/etc/redis-tls/tls.key")
                .containsEntry("REDIS_EXPORTER_SKIP_TLS_VERIFICATION", "true");
    }

    @Test
    void withoutTlsNothingOfItIsRendered() {
        ClusterSpec plain = Specs.classicWith(SpecKeys.EXPORTER.name(), "true");
        PodSpec pod = RedisStatefulSet.desired(plain).getSpec().getTemplate().getSpec();

        assertThat(RedisConfig.desired(plain).getData()).containsOnlyKeys(ClusterNames.CONFIG_KEY);
        assertThat(pod.getVolumes()).extracting(Volume::getName).doesNotContain(RedisTls.VOLUME);
        assertThat(pod.getContainers().get(1).getVolumeMounts()).as("not even an empty list: the template stays as before").isNull();
        assertThat(pod.getContainers().get(0).getReadinessProbe().getExec().getCommand().get(2)).doesNotContain("--tls");
        assertThat(RedisStatefulSet.args(plain)).doesNotContain("--include");
    }
}
