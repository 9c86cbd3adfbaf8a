package io.github.rediscluster.reconciler.apply;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Failures of the API come back as FAILED outcomes that say what went wrong, never as exceptions. */
class ResourceApplierTest {

    private static final String PATH = "/api/v1/namespaces/db/configmaps/redis-conf";

    private final KubernetesMockServer server = new KubernetesMockServer(false);
    private KubernetesClient client;
    private ResourceApplier applier;

    private final ConfigMap desired = new ConfigMapBuilder()
            .withNewMetadata().withName("redis-conf").withNamespace("db")
                .addToAnnotations("redis-cluster-reconciler/cluster", "db/redis-app").endMetadata()
            .withData(Map.of("redis.conf", "port 6379\n"))
            .build();

    @BeforeEach
    void start() {
        server.init();
        client = server.createClient();
        applier = new ResourceApplier(client);
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void forbiddenNamesTheMissingRbac() {
        server.expect().get().withPath(PATH).andReturn(403, new StatusBuilder().withCode(403)
                .withMessage("configmaps \"redis-conf\" is forbidden").build()).always();

        ApplyOutcome outcome = applier.apply(desired, KindRules.CONFIG_MAP);

        assertThat(outcome.action()).isEqualTo(ApplyOutcome.Action.FAILED);
        assertThat(outcome.object()).isEqualTo("ConfigMap db/redis-conf");
        assertThat(outcome.error()).startsWith("forbidden (HTTP 403): the service account lacks RBAC for this:");
        assertThat(outcome.converged()).isFalse();
    }

    @Test
    void aConflictingWriteIsRetriedByTheNextPass() {
        ConfigMap live = new ConfigMapBuilder(desired).editMetadata().withResourceVersion("7").endMetadata()
                .withData(Map.of("redis.conf", "port 1\n")).build();
        server.expect().get().withPath(PATH).andReturn(200, live).always();
        server.expect().put().withPath(PATH).andReturn(409, new StatusBuilder().withCode(409)
                .withReason("Conflict").withMessage("the object has been modified").build()).always();

        ApplyOutcome outcome = applier.apply(desired, KindRules.CONFIG_MAP);

        assertThat(outcome.action()).isEqualTo(ApplyOutcome.Action.FAILED);
        assertThat(outcome.error()).isEqualTo("changed by someone else meanwhile (HTTP 409); the next pass retries");
    }

    @Test
    void anUpdateCarriesTheLiveResourceVersion() throws InterruptedException {
        ConfigMap live = new ConfigMapBuilder(desired).editMetadata().withResourceVersion("7").endMetadata()
                .withData(Map.of("redis.conf", "port 1\n")).build();
        server.expect().get().withPath(PATH).andReturn(200, live).always();
        server.expect().put().withPath(PATH).andReturn(200, desired).always();

        ApplyOutcome outcome = applier.apply(desired, KindRules.CONFIG_MAP);

        assertThat(outcome.action()).isEqualTo(ApplyOutcome.Action.UPDATED);
        assertThat(outcome.drifted()).containsExactly("data.redis.conf");
        assertThat(server.getLastRequest().getMethod()).isEqualTo("PUT");
        assertThat(server.getLastRequest().getUtf8Body()).contains("\"resourceVersion\":\"7\"").contains("port 6379");
    }
}
