package io.github.rediscluster.reconciler.observe;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.rediscluster.reconciler.redis.RedisCredentials;
import io.github.rediscluster.reconciler.redis.RedisPassword;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

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
            live = client.secrets().inNamespace(spec.namespace()).withName(auth.secret()).get();
        } catch (KubernetesClientException e) {
            return new Unavailable("reading " + secret + " (redis-cluster.auth.secret) failed: HTTP " + e.getCode()
                    + (e.getCode() == 403 ? ", the service account may not get secrets there (see kubernetes/role.yaml)" : ""));
        }
        if (live == null) {
            return new Unavailable(secret + " (redis-cluster.auth.secret) does not exist: create it with the password under"
                    + " key '" + auth.key() + "', e.g. kubectl -n " + spec.namespace() + " create secret generic " + auth.secret()
                    + " --from-literal=" + auth.key() + "=<password>");
        }
        Optional<String> value = value(live, auth.key());
        if (value.isEmpty()) {
            return new Unavailable(secret + " has no key '" + auth.key() + "' (redis-cluster.auth.secret-key); its keys: "
                    + keys(live));
        }
        if (value.get().isEmpty()) {
            return new Unavailable(secret + " holds an empty value under key '" + auth.key() + "'");
        }
        return new Found(new RedisCredentials(secret + ", key " + auth.key(), RedisPassword.of(value.get())));
    }

    /** As the kubelet gives it to the pods: the bytes of data (base64 in the API), else stringData. */
    private static Optional<String> value(Secret secret, String key) {
        Map<String, String> data = secret.getData();
        if (data != null && data.containsKey(key)) {
            return Optional.of(new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8));
        }
        Map<String, String> stringData = secret.getStringData();
        return stringData == null ? Optional.empty() : Optional.ofNullable(stringData.get(key));
    }

    private static String keys(Secret secret) {
        TreeSet<String> keys = new TreeSet<>();
        Optional.ofNullable(secret.getData()).ifPresent(data -> keys.addAll(data.keySet()));
        Optional.ofNullable(secret.getStringData()).ifPresent(data -> keys.addAll(data.keySet()));
        return keys.isEmpty() ? "none" : String.join(", ", keys);
    }
}
