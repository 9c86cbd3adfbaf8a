package io.github.rediscluster.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.spec.SpecKeys;
import io.github.rediscluster.reconciler.testing.PodSecurityStandards;
import io.github.rediscluster.reconciler.testing.Specs;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every pod the service renders passes the {@code restricted} Pod Security level, whatever the spec. */
class RedisPodSecurityTest {

    static Stream<ClusterSpec> specs() {
        return Stream.of(Specs.classic(),
                Specs.classicWith(SpecKeys.AUTH_SECRET.name(), "redis-auth"),
                Specs.classicWith(SpecKeys.RUN_AS_USER.name(), "1001", SpecKeys.FS_GROUP.name(), "2002", SpecKeys.PORT.name(), "7000"),
                Specs.classicWith(SpecKeys.MASTERS.name(), "1", SpecKeys.REPLICAS_PER_MASTER.name(), "0"),
                Specs.classicWith(SpecKeys.TLS_SECRET.name(), "redis-tls", SpecKeys.EXPORTER.name(), "true"));
    }

    @ParameterizedTest
    @MethodSource("specs")
    void redisPodsPassRestricted(ClusterSpec spec) {
        PodTemplateSpec template = RedisStatefulSet.desired(spec).getSpec().getTemplate();

        assertThat(PodSecurityStandards.restrictedViolations(template.getMetadata(), template.getSpec())).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("specs")
    void redisRunsAsTheSpecsUserWithoutTokenOnAReadOnlyRoot(ClusterSpec spec) {
        PodSpec pod = RedisStatefulSet.desired(spec).getSpec().getTemplate().getSpec();
        Container redis = pod.getContainers().get(0);

        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(spec.security().runAsUser());
        assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(spec.security().fsGroup());
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(spec.security().fsGroup());
        assertThat(redis.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        // Read-only root: everything redis-server writes is under dir, the data volume.
        assertThat(redis.getVolumeMounts()).filteredOn(mount -> !Boolean.TRUE.equals(mount.getReadOnly()))
                .extracting(mount -> mount.getMountPath())
                .containsExactly(ClusterNames.DATA_DIR);
        assertThat(RedisConfig.render(spec)).contains("dir " + ClusterNames.DATA_DIR + "\n");
    }

    @Test
    void defaultUserIsTheOfficialImagesRedisUser() {
        PodSpec pod = RedisStatefulSet.desired(Specs.classic()).getSpec().getTemplate().getSpec();

        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(999L);
        assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(999L);
    }

    /** The checks can fail: the pod as it was before (root, no securityContext) breaks restricted on every count. */
    @Test
    void aPodWithoutSecurityContextFailsRestricted() {
        PodSpec bare = new PodSpecBuilder().addNewContainer().withName("redis").withImage("redis:7.2").endContainer()
                .addNewVolume().withName("data").withNewNfs().withServer("nfs").withPath("/x").endNfs().endVolume().build();

        List<String> violations = PodSecurityStandards.restrictedViolations(null, bare);

        assertThat(PodSecurityStandards.baselineViolations(null, bare)).isEmpty();
        assertThat(violations).containsExactlyInAnyOrder(
                "spec.volumes[data] is of type [nfs], allowed: " + PodSecurityStandards.restrictedVolumeTypes(),
                "spec.containers[redis].securityContext.allowPrivilegeEscalation must be false",
                "spec.containers[redis]: runAsNonRoot must be true (in the pod's or the container's securityContext)",
                "spec.containers[redis]: seccompProfile.type must be RuntimeDefault or Localhost, is null",
                "spec.containers[redis].securityContext.capabilities.drop must hold ALL");
    }

    @Test
    void baselineRefusesHostAccessAndPrivilege() {
        PodSpec host = new PodSpecBuilder().withHostNetwork(true)
                .withNewSecurityContext().addNewSysctl().withName("kernel.msgmax").withValue("1").endSysctl()
                    .withNewSeccompProfile().withType("Unconfined").endSeccompProfile().endSecurityContext()
                .addNewContainer().withName("c").withNewSecurityContext().withPrivileged(true).withProcMount("Unmasked")
                    .withNewCapabilities().withAdd("SYS_ADMIN").endCapabilities().endSecurityContext()
                    .addNewPort().withContainerPort(80).withHostPort(80).endPort().endContainer()
                .addNewVolume().withName("root").withNewHostPath().withPath("/").endHostPath().endVolume().build();

        assertThat(PodSecurityStandards.baselineViolations(null, host)).as("one per control broken").hasSize(8);
    }
}
