package io.github.rediscluster.reconciler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.github.rediscluster.reconciler.desired.RedisStatefulSet;
import io.github.rediscluster.reconciler.spec.SpecParseResult;
import io.github.rediscluster.reconciler.spec.SpecKeys;
import io.github.rediscluster.reconciler.spec.SpecParser;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The process a container becomes, from the product's own StatefulSet and from literal containers. */
class ContainerLaunchTest {

    private static final PodAddress ADDRESS = new PodAddress("127.16.0.7", "127.0.0.1");
    private static final RedisServerBinary REDIS_62 = new RedisServerBinary(Path.of("/opt/redis-server-6.2"), "6.2.11", "test");
    private static final RedisServerBinary REDIS_70 = new RedisServerBinary(Path.of("/usr/bin/redis-server"), "7.0.15", "test");
    private static final MountTable MOUNTS = new MountTable(Map.of(
            "/etc/redis", Path.of("/sandbox/pods/p0/volumes/redis-conf"),
            "/var/lib/redis", Path.of("/sandbox/nfs/10.0.0.5/exports/pv1")));
    private static final ContainerLaunch.Lookup NOTHING = new ContainerLaunch.Lookup(name -> Optional.empty(),
            name -> Optional.empty());

    @Test
    void theProductsRedisContainerRunsOnThePodIpWithItsConfigFromTheMountedConfigMap() throws Exception {
        Container container = productContainer();

        ContainerLaunch launch = ContainerLaunch.of(pod(container), container, ADDRESS, MOUNTS, REDIS_62, NOTHING);

        assertThat(launch.commandLine()).containsExactly("/opt/redis-server-6.2",
                "/sandbox/pods/p0/volumes/redis-conf/redis.conf", "--cluster-announce-ip", "127.16.0.7",
                "--bind", "127.16.0.7");
        assertThat(launch.environment()).containsEntry("POD_IP", "127.16.0.7").containsEntry("HOSTNAME", "redis-app-0");
    }

    @Test
    void redis7AlsoLeavesFromThePodIpForItsBusConnections() throws Exception {
        Container container = productContainer();

        ContainerLaunch launch = ContainerLaunch.of(pod(container), container, ADDRESS, MOUNTS, REDIS_70, NOTHING);

        assertThat(launch.commandLine()).endsWith("--bind", "127.16.0.7", "--bind-source-addr", "127.16.0.7");
    }

    @Test
    void argsWithoutACommandRunUnderTheImagesEntrypoint() throws Exception {
        Container container = new ContainerBuilder().withName("redis").withArgs("--port", "7000").build();

        ContainerLaunch launch = ContainerLaunch.of(pod(container), container, ADDRESS, MountTable.NONE, REDIS_62, NOTHING);

        assertThat(launch.commandLine()).containsExactly("/opt/redis-server-6.2", "--port", "7000", "--bind", "127.16.0.7");
    }

    @Test
    void envComesFromValuesTheDownwardApiConfigMapsAndSecrets() throws Exception {
        Container container = new ContainerBuilder().withName("redis").withCommand("redis-server")
                .addNewEnv().withName("NODE").withNewValueFrom().withNewFieldRef().withFieldPath("spec.nodeName").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("WHERE").withValue("$(NODE)/$(MISSING)").endEnv()
                .addNewEnv().withName("APP").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.labels['app']").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("MODE").withNewValueFrom().withNewConfigMapKeyRef("mode", "settings", false).endValueFrom().endEnv()
                .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "auth", false).endValueFrom().endEnv()
                .withArgs("--requirepass", "$(PASSWORD)")
                .build();
        ContainerLaunch.Lookup lookup = new ContainerLaunch.Lookup(
                name -> Optional.of(new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                        .addToData("mode", "fast").build()),
                name -> Optional.of(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                        .addToData("password", "czNjcjN0").build()));

        ContainerLaunch launch = ContainerLaunch.of(pod(container), container, ADDRESS, MountTable.NONE, REDIS_62, lookup);

        assertThat(launch.environment()).containsEntry("NODE", "sandbox-node-2").containsEntry("WHERE", "sandbox-node-2/$(MISSING)")
                .containsEntry("APP", "redis").containsEntry("MODE", "fast").containsEntry("PASSWORD", "s3cr3t");
        assertThat(launch.commandLine()).containsSequence("--requirepass", "s3cr3t");
    }

    @Test
    void aMissingConfigMapKeyOrAnotherProgramCannotStart() {
        Container missingKey = new ContainerBuilder().withName("redis").withCommand("redis-server")
                .addNewEnv().withName("MODE").withNewValueFrom().withNewConfigMapKeyRef("mode", "settings", false).endValueFrom().endEnv()
                .build();
        Container shell = new ContainerBuilder().withName("redis").withCommand("sh", "-c", "redis-server").build();

        assertThatThrownBy(() -> ContainerLaunch.of(pod(missingKey), missingKey, ADDRESS, MountTable.NONE, REDIS_62, NOTHING))
                .isInstanceOf(NotStartable.class).hasMessage("couldn't find key mode in configmap settings");
        assertThatThrownBy(() -> ContainerLaunch.of(pod(shell), shell, ADDRESS, MountTable.NONE, REDIS_62, NOTHING))
                .isInstanceOf(NotStartable.class).hasMessageContaining("only redis-server containers, not 'sh'");
    }

    private static Container productContainer() {
        SpecParseResult parsed = SpecParser.parse(Map.of(SpecKeys.NFS_SERVER.name(), "10.0.0.5"), "default");
        return RedisStatefulSet.desired(((SpecParseResult.Valid) parsed).spec()).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
    }

    private static Pod pod(Container container) {
        return new PodBuilder()
                .withNewMetadata().withName("redis-app-0").withNamespace("default").withUid("u-1")
                    .addToLabels("app", "redis").endMetadata()
                .withNewSpec().withNodeName("sandbox-node-2").withContainers(container).endSpec()
                .build();
    }
}
