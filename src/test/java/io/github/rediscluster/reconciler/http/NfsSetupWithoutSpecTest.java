package io.github.rediscluster.reconciler.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.github.rediscluster.reconciler.spec.SpecStore;
import io.github.rediscluster.reconciler.testing.Specs;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Before any valid spec was read (the running service always has one once a test wrote it, so this is a unit test),
 * and with a spec whose volumes come from a StorageClass.
 */
class NfsSetupWithoutSpecTest {

    @Test
    void answers503WithWhyThereIsNoSpec() {
        try (KubernetesClient offline = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withNamespace("default").build()).build()) {
            SpecStore noSpec = new SpecStore("target/no-such-dir/application.properties", offline) {
                @Override
                public State state() {
                    return new State(Optional.empty(), Optional.of("spec rejected: redis-cluster.storage.nfs.server: required"),
                            Optional.empty());
                }
            };

            Response response = new NfsSetupResource(noSpec).setup("*");

            assertThat(response.getStatus()).isEqualTo(503);
            assertThat(response.getEntity()).isEqualTo("No valid cluster spec is in force, so there is nothing to set up:"
                    + " spec rejected: redis-cluster.storage.nfs.server: required\n");
        }
    }

    @Test
    void answers409WhenAStorageClassMakesTheVolumes() {
        try (KubernetesClient offline = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withNamespace("default").build()).build()) {
            SpecStore classSpec = new SpecStore("target/no-such-dir/application.properties", offline) {
                @Override
                public State state() {
                    return new State(Optional.of(Specs.withStorageClass("fast-ssd")), Optional.empty(), Optional.empty());
                }
            };

            Response response = new NfsSetupResource(classSpec).setup("*");

            assertThat(response.getStatus()).isEqualTo(409);
            assertThat(response.getEntity()).isEqualTo("The spec in force takes its volumes from StorageClass fast-ssd"
                    + " (redis-cluster.storage.class): there is no NFS server to set up\n");
        }
    }
}
