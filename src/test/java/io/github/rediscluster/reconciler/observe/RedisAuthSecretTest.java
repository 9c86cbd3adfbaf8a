package io.github.rediscluster.reconciler.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.github.rediscluster.reconciler.redis.RedisCredentials;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.Specs;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The password comes from the Secret as the pods get it; every problem names namespace, Secret and key, never a value. */
class RedisAuthSecretTest {

    private static final String PASSWORD = "secret-test-password-0815";
    private static final String PATH = "/api/v1/namespaces/default/secrets/redis-auth";

    private final KubernetesMockServer server = new KubernetesMockServer(false);
    private KubernetesClient client;
    private RedisAuthSecret secrets;
    private final ClusterSpec spec = Specs.classicWith("redis-cluster.auth.secret", "redis-auth");
    private final ClusterSpec.Auth auth = spec.auth().orElseThrow();

    @BeforeEach
    void start() {
        server.init();
        client = server.createClient();
        secrets = new RedisAuthSecret(client);
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    private void createSecret(String key, String value) {
        server.expect().get().withPath(PATH).andReturn(200, new SecretBuilder()
                .withNewMetadata().withName("redis-auth").withNamespace("default").endMetadata()
                .addToData(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))).build()).once();
    }

    @Test
    void thePasswordIsTheDecodedValueOfTheKey() {
        createSecret("password", PASSWORD);

        SecretLookup<RedisCredentials> lookup = secrets.read(spec, auth);

        assertThat(lookup).isInstanceOfSatisfying(SecretLookup.Found.class, found -> {
            RedisCredentials credentials = (RedisCredentials) found.value();
            assertThat(credentials.password().reveal()).isEqualTo(PASSWORD);
            assertThat(credentials.source()).isEqualTo("Secret default/redis-auth, key password");
            assertThat(found.toString()).doesNotContain(PASSWORD);
        });
    }

    @Test
    void aMissingSecretSaysHowToCreateIt() {
        assertThat(secrets.read(spec, auth)).isEqualTo(new SecretLookup.Unavailable<>("Secret default/redis-auth"
                + " (redis-cluster.auth.secret) does not exist: create it with the password under key 'password', e.g."
                + " kubectl -n default create secret generic redis-auth --from-literal=password=<password>"));
    }

    @Test
    void aRefusedReadNamesTheSecretAndTheRole() {
        server.expect().get().withPath(PATH).andReturn(403, new StatusBuilder().withCode(403).withMessage("forbidden").build()).once();

        assertThat(secrets.read(spec, auth)).isEqualTo(new SecretLookup.Unavailable<>("reading Secret default/redis-auth"
                + " (redis-cluster.auth.secret) failed: HTTP 403, the service account may not get secrets there (see kubernetes/role.yaml)"));
    }

    @Test
    void aMissingKeyNamesTheKeysThereAreAndNoValue() {
        createSecret("redis-password", PASSWORD);

        SecretLookup<RedisCredentials> lookup = secrets.read(spec, auth);

        assertThat(lookup).isEqualTo(new SecretLookup.Unavailable<>(
                "Secret default/redis-auth has no key 'password' (redis-cluster.auth.secret-key); its keys: redis-password"));
    }
}
