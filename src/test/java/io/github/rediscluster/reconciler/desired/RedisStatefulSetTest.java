package io.github.rediscluster.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.Specs;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class RedisStatefulSetTest {

    private final StatefulSet statefulSet = RedisStatefulSet.desired(Specs.classic());
    private final PodSpec pod = statefulSet.getSpec().getTemplate().getSpec();
    private final Container redis = pod.getContainers().get(0);

    @Test
    void onePodPerMasterAndReplicaStartedInParallel() {
        assertThat(statefulSet.getApiVersion()).isEqualTo("apps/v1");
        assertThat(statefulSet.getMetadata().getName()).isEqualTo("redis-app");
        assertThat(statefulSet.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(6);
        assertThat(statefulSet.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        assertThat(statefulSet.getSpec().getServiceName()).isEqualTo("redis-service");
    }

    @Test
    void selectorIsTheStableLabelSubsetOfThePods() {
        Map<String, String> selector = statefulSet.getSpec().getSelector().getMatchLabels();

        assertThat(selector).isEqualTo(Map.of("app.kubernetes.io/name", "redis", "app.kubernetes.io/instance", "redis-app"));
        assertThat(statefulSet.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector)
                .containsEntry("app.kubernetes.io/component", "server");
    }

    @Test
    void podsPreferDistinctNodes() {
        WeightedPodAffinityTerm term = pod.getAffinity().getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution().get(0);

        assertThat(pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()).isEmpty();
        assertThat(term.getWeight()).isEqualTo(100);
        assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
        assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels())
                .isEqualTo(statefulSet.getSpec().getSelector().getMatchLabels());
    }

    @Test
    void redisServerAnnouncesThePodIpFromTheDownwardApi() {
        assertThat(redis.getImage()).isEqualTo("redis:7.2");
        assertThat(redis.getCommand()).containsExactly("redis-server");
        assertThat(redis.getArgs()).containsExactly("/etc/redis/redis.conf", "--cluster-announce-ip", "$(POD_IP)");
        EnvVar podIp = redis.getEnv().get(0);
        assertThat(podIp.getName()).isEqualTo("POD_IP");
        assertThat(podIp.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
        assertThat(redis.getPorts()).extracting(ContainerPort::getName, ContainerPort::getContainerPort)
                .containsExactly(Tuple.tuple("client", 6379), Tuple.tuple("gossip", 16379));
    }

    @Test
    void configAndDataAreMounted() {
        assertThat(redis.getVolumeMounts()).extracting(VolumeMount::getName, VolumeMount::getMountPath)
                .containsExactly(Tuple.tuple("redis-conf", "/etc/redis"), Tuple.tuple("redis-data", "/var/lib/redis"));
        assertThat(pod.getVolumes()).hasSize(1);
        assertThat(pod.getVolumes().get(0).getName()).isEqualTo("redis-conf");
        assertThat(pod.getVolumes().get(0).getConfigMap().getName()).isEqualTo("redis-conf");
    }

    @Test
    void claimTemplateBindsOnlyToStaticVolumes() {
        PersistentVolumeClaim claim = statefulSet.getSpec().getVolumeClaimTemplates().get(0);

        assertThat(claim.getMetadata().getName()).isEqualTo("redis-data");
        assertThat(claim.getSpec().getStorageClassName()).isEmpty();
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany");
        assertThat(claim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("200M"));
    }

    @Test
    void resourcesFromTheSpecLimitsOnlyWhenGiven() {
        assertThat(redis.getResources().getRequests())
                .containsEntry("cpu", new Quantity("100m"))
                .containsEntry("memory", new Quantity("100Mi"));
        assertThat(redis.getResources().getLimits()).isEmpty();

        ClusterSpec limited = Specs.classicWith("redis-cluster.resources.limits.memory", "1Gi");
        assertThat(RedisStatefulSet.resources(limited).getLimits()).isEqualTo(Map.of("memory", new Quantity("1Gi")));
    }

    /** The cluster is formed after the pods run, so no probe may wait for it. */
    @Test
    void probesAskOnlyWhetherRedisServerAnswers() {
        assertThat(redis.getLivenessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(6379);
        assertThat(redis.getReadinessProbe().getExec().getCommand())
                .containsExactly("sh", "-c", "redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG");
        assertThat(String.join(" ", redis.getReadinessProbe().getExec().getCommand())).doesNotContain("cluster");
    }

    @Test
    void withoutAuthNoPasswordIsAskedFor() {
        assertThat(redis.getEnv()).extracting(EnvVar::getName).containsExactly("POD_IP");
        assertThat(redis.getArgs()).doesNotContain("--requirepass", "--masterauth");
    }

    /** The pod spec holds only references: the kubelet reads the Secret and expands $(REDIS_PASSWORD) in the args. */
    @Test
    void withAuthThePasswordComesFromTheSecretByReferenceOnly() {
        ClusterSpec spec = Specs.classicWith("redis-cluster.auth.secret", "redis-auth", "redis-cluster.auth.secret-key", "pw");
        Container secured = RedisStatefulSet.desired(spec).getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(secured.getArgs()).containsExactly("/etc/redis/redis.conf", "--cluster-announce-ip", "$(POD_IP)",
                "--requirepass", "$(REDIS_PASSWORD)", "--masterauth", "$(REDIS_PASSWORD)");
        assertThat(secured.getEnv()).extracting(EnvVar::getName).containsExactly("POD_IP", "REDIS_PASSWORD", "REDISCLI_AUTH");
        assertThat(secured.getEnv().subList(1, 3)).allSatisfy(env -> {
            assertThat(env.getValue()).isNull();
            assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("redis-auth");
            assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("pw");
            assertThat(env.getValueFrom().getSecretKeyRef().getOptional()).isFalse();
        });
        // redis-cli reads REDISCLI_AUTH, so the exec probe needs no password on its command line.
        assertThat(secured.getReadinessProbe().getExec().getCommand()).isEqualTo(redis.getReadinessProbe().getExec().getCommand());
    }

    @Test
    void withAuthRedisConfHoldsNoPasswordDirective() {
        ClusterSpec spec = Specs.classicWith("redis-cluster.auth.secret", "redis-auth");

        assertThat(RedisConfig.render(spec)).isEqualTo(RedisConfig.render(Specs.classic()))
                .doesNotContain("requirepass").doesNotContain("masterauth");
    }

    /**
     * The reconciler's ACL user: a {@code user} directive on the command line with the password by reference (its own
     * Secret), the rules from ReconcilerCommands; redis.conf, the ConfigMap, holds none of it.
     */
    @Test
    void withAReconcilerUserItsRuleIsOnTheCommandLineAndItsPasswordComesFromItsOwnSecret() {
        ClusterSpec spec = Specs.classicWith("redis-cluster.auth.secret", "redis-auth",
                "redis-cluster.auth.reconciler-user", "reconciler");
        Container secured = RedisStatefulSet.desired(spec).getSpec().getTemplate().getSpec().getContainers().get(0);

        List<String> user = new java.util.ArrayList<>(List.of("--user", "reconciler", "reset", "on", ">$(REDIS_RECONCILER_PASSWORD)"));
        user.addAll(io.github.rediscluster.reconciler.redis.ReconcilerCommands.aclRules());
        assertThat(secured.getArgs().subList(7, secured.getArgs().size())).isEqualTo(user);
        assertThat(secured.getArgs().subList(0, 7)).containsExactly("/etc/redis/redis.conf", "--cluster-announce-ip",
                "$(POD_IP)", "--requirepass", "$(REDIS_PASSWORD)", "--masterauth", "$(REDIS_PASSWORD)");
        EnvVar password = secured.getEnv().get(secured.getEnv().size() - 1);
        assertThat(password.getName()).isEqualTo("REDIS_RECONCILER_PASSWORD");
        assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("redis-auth-reconciler");
        assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
        assertThat(password.getValueFrom().getSecretKeyRef().getOptional()).isFalse();
        assertThat(RedisConfig.render(spec)).isEqualTo(RedisConfig.render(Specs.classic())).doesNotContain("user");
    }
}
