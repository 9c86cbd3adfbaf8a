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
 * Reads the Redis password from the Secret the spec names, and the reconciler's ACL user's from its own Secret when
 * the spec names that user, once per pass, so that a changed Secret is used from the next pass on. Every message names namespace, Secret and key; none holds the value.
 */
@ApplicationScoped
public class RedisAuthSecret {

    private final KubernetesClient client;

    public RedisAuthSecret(KubernetesClient client) {
        this.client = client;
    }

    public SecretLookup<RedisCredentials> read(ClusterSpec spec, ClusterSpec.Auth auth) {
        SecretLookup<RedisCredentials> lookup = password(spec, auth.secret(), auth.key(), SpecKeys.AUTH_SECRET.name(), SpecKeys.AUTH_SECRET_KEY.name());
        if (!(lookup instanceof SecretLookup.Found<RedisCredentials> found) || auth.reconcilerUser().isEmpty()) {
            return lookup;
        }
        String user = auth.reconcilerUser().get();
        SecretLookup<RedisCredentials> own = password(spec, auth.reconcilerSecret().orElseThrow(), ClusterSpec.Auth.RECONCILER_KEY,
                SpecKeys.AUTH_RECONCILER_USER.name(), SpecKeys.AUTH_RECONCILER_USER.name());
        if (own instanceof SecretLookup.Found<RedisCredentials> ofUser) {
            RedisCredentials credentials = found.value();
            return new SecretLookup.Found<>(new RedisCredentials(credentials.source(), credentials.password(), Optional.of(
                    new RedisCredentials.AclUser(user, ofUser.value().source(), ofUser.value().password()))));
        }
        return own;
    }

    /**
     * @param secretKey the spec key naming the Secret, for messages
     * @param keyKey the spec key naming its data key, for messages
     */
    private SecretLookup<RedisCredentials> password(ClusterSpec spec, String name, String key, String secretKey, String keyKey) {
        String secret = "Secret " + spec.namespace() + "/" + name;
        Secret live;
        try {
            live = SecretValues.read(client, spec.namespace(), name, secretKey).orElse(null);
        } catch (IllegalStateException e) {
            return new SecretLookup.Unavailable<>(e.getMessage());
        }
        if (live == null) {
            return new SecretLookup.Unavailable<>(secret + " (" + secretKey + ") does not exist: create it with the password under"
                    + " key '" + key + "', e.g. kubectl -n " + spec.namespace() + " create secret generic " + name
                    + " --from-literal=" + key + "=<password>");
        }
        Optional<String> value = SecretValues.value(live, key);
        if (value.isEmpty()) {
            return new SecretLookup.Unavailable<>(secret + " has no key '" + key + "' (" + keyKey + "); its keys: " + SecretValues.keys(live));
        }
        if (value.get().isEmpty()) {
            return new SecretLookup.Unavailable<>(secret + " holds an empty value under key '" + key + "'");
        }
        return new SecretLookup.Found<>(new RedisCredentials(secret + ", key " + key, RedisPassword.of(value.get())));
    }
}
