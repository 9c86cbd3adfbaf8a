package io.github.rediscluster.reconciler.observe;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** A Secret's values as the kubelet gives them to the pods: the bytes of data (base64 in the API), else stringData. */
final class SecretValues {

    private SecretValues() {
    }

    /**
     * The Secret, or empty when it does not exist.
     *
     * @param specKey the spec key naming it, for the message of a failed read
     * @throws IllegalStateException when it cannot be read, with a message naming the Secret and {@code specKey}
     */
    static Optional<Secret> read(KubernetesClient client, String namespace, String name, String specKey) {
        try {
            return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
        } catch (KubernetesClientException e) {
            throw new IllegalStateException("reading Secret " + namespace + "/" + name + " (" + specKey + ") failed: HTTP "
                    + e.getCode() + (e.getCode() == 403
                            ? ", the service account may not get secrets there (see kubernetes/role.yaml)" : ""));
        }
    }

    static Optional<String> value(Secret secret, String key) {
        Map<String, String> data = secret.getData();
        if (data != null && data.containsKey(key)) {
            return Optional.of(new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8));
        }
        Map<String, String> stringData = secret.getStringData();
        return stringData == null ? Optional.empty() : Optional.ofNullable(stringData.get(key));
    }

    /** The Secret's keys, for a message that says which key is missing. */
    static String keys(Secret secret) {
        TreeSet<String> keys = new TreeSet<>();
        Optional.ofNullable(secret.getData()).ifPresent(data -> keys.addAll(data.keySet()));
        Optional.ofNullable(secret.getStringData()).ifPresent(data -> keys.addAll(data.keySet()));
        return keys.isEmpty() ? "none" : String.join(", ", keys);
    }
}
