package io.github.rediscluster.reconciler.observe;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.redis.RedisCredentials;
import io.github.rediscluster.reconciler.redis.RedisPassword;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.spec.SpecKeys;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Reads the Redis password from the Secret the spec names, once per pass, so that a changed Secret is used from the
 * next pass on. Every message names namespace, Secret and key; none holds the value.
 */
@ApplicationScoped
public class RedisAuthSecret {

    /** What reading the Secret gave. */
    public sealed interface Lookup {
    }

    public record Found(RedisCredentials credentials) implements Lookup {
    }

    /** @param problem why there is no password, for readiness, the log and a Warning Event */
    public record Unavailable(String problem) implements Lookup {
    }

    private final KubernetesClient client;

    public RedisAuthSecret(KubernetesClient client) {
        this.client = client;
    }

    public Lookup read(ClusterSpec spec, ClusterSpec.Auth auth) {
        String secret = "Secret " + spec.namespace() + "/" + auth.secret();
        Secret live;
        try {
            live = SecretValues.read(client, spec.namespace(), auth.secret(), SpecKeys.AUTH_SECRET.name()).orElse(null);
        } catch (IllegalStateException e) {
            return new Unavailable(e.getMessage());
        }
        if (live == null) {
            return new Unavailable(secret + " (redis-cluster.auth.secret) does not exist: create it with the password under"
                    + " key '" + auth.key() + "', e.g. kubectl -n " + spec.namespace() + " create secret generic " + auth.secret()
                    + " --from-literal=" + auth.key() + "=<password>");
        }
        Optional<String> value = SecretValues.value(live, auth.key());
        if (value.isEmpty()) {
            return new Unavailable(secret + " has no key '" + auth.key() + "' (redis-cluster.auth.secret-key); its keys: "
                    + SecretValues.keys(live));
        }
        if (value.get().isEmpty()) {
            return new Unavailable(secret + " holds an empty value under key '" + auth.key() + "'");
        }
        return new Found(new RedisCredentials(secret + ", key " + auth.key(), RedisPassword.of(value.get())));
    }
}
