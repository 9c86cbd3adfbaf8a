package io.github.rediscluster.reconciler.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The process a pod's container becomes in the sandbox: its command line and environment, derived from the
 * container spec the way the kubelet does it (env from values, the downward API, ConfigMaps and Secrets;
 * {@code $(VAR)} expansion in command and args), then mapped onto the host: container paths rewritten to
 * host directories and the loopback bind arguments added. Only redis-server containers can run here.
 */
record ContainerLaunch(List<String> commandLine, Map<String, String> environment) {

    private static final String REDIS_SERVER = "redis-server";
    private static final Pattern MAP_FIELD = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

    /** Objects of the pod's namespace that env entries may refer to. */
    record Lookup(Function<String, Optional<ConfigMap>> configMaps, Function<String, Optional<Secret>> secrets) {
    }

    static ContainerLaunch of(Pod pod, Container container, PodAddress address, MountTable mounts,
            RedisServerBinary redis, Lookup lookup) throws NotStartable {
        Map<String, String> env = environment(pod, container, address, lookup);
        List<String> words = new ArrayList<>();
        words.addAll(orEmpty(container.getCommand()));
        words.addAll(orEmpty(container.getArgs()));
        words.replaceAll(word -> mounts.translate(VariableExpansion.expand(word, env)));
        List<String> redisArgs = redisServerArgs(words, container);
        List<String> commandLine = new ArrayList<>();
        commandLine.add(redis.path().toString());
        commandLine.addAll(redisArgs);
        commandLine.addAll(List.of(redis.loopbackArgs(address.podIp())));
        return new ContainerLaunch(List.copyOf(commandLine), env);
    }

    /**
     * The args after the executable. With no command the image's entrypoint runs the args; the official redis
     * image's entrypoint puts redis-server in front of args that start with '-' or name a .conf file.
     */
    private static List<String> redisServerArgs(List<String> words, Container container) throws NotStartable {
        if (words.isEmpty()) {
            return List.of();
        }
        String first = words.get(0);
        boolean noCommand = orEmpty(container.getCommand()).isEmpty();
        if (noCommand && (first.startsWith("-") || first.endsWith(".conf"))) {
            return words;
        }
        if (Path.of(first).getFileName().toString().equals(REDIS_SERVER)) {
            return words.subList(1, words.size());
        }
        throw new NotStartable("SandboxUnsupportedCommand",
                "the sandbox runs only redis-server containers, not '" + first + "'");
    }

    static Map<String, String> environment(Pod pod, Container container, PodAddress address, Lookup lookup)
            throws NotStartable {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOSTNAME", pod.getMetadata().getName());
        for (EnvVar variable : orEmpty(container.getEnv())) {
            String value;
            if (variable.getValueFrom() == null) {
                // A value may refer to the variables defined before it.
                value = VariableExpansion.expand(variable.getValue() == null ? "" : variable.getValue(), env);
            } else if (variable.getValueFrom().getFieldRef() != null) {
                value = field(pod, address, variable.getValueFrom().getFieldRef());
            } else if (variable.getValueFrom().getConfigMapKeyRef() != null) {
                value = configMapKey(variable.getValueFrom().getConfigMapKeyRef(), lookup);
            } else if (variable.getValueFrom().getSecretKeyRef() != null) {
                value = secretKey(variable.getValueFrom().getSecretKeyRef(), lookup);
            } else {
                throw new NotStartable("CreateContainerConfigError",
                        "env " + variable.getName() + ": only fieldRef, configMapKeyRef and secretKeyRef are emulated");
            }
            if (value != null) {
                env.put(variable.getName(), value);
            }
        }
        return env;
    }

    private static String field(Pod pod, PodAddress address, ObjectFieldSelector selector) throws NotStartable {
        String path = selector.getFieldPath();
        switch (path) {
            case "metadata.name": return pod.getMetadata().getName();
            case "metadata.namespace": return pod.getMetadata().getNamespace();
            case "metadata.uid": return pod.getMetadata().getUid();
            case "spec.nodeName": return pod.getSpec().getNodeName();
            case "spec.serviceAccountName": return pod.getSpec().getServiceAccountName();
            case "status.podIP", "status.podIPs": return address.podIp();
            case "status.hostIP", "status.hostIPs": return address.hostIp();
            default:
                Matcher mapField = MAP_FIELD.matcher(path);
                if (mapField.matches()) {
                    Map<String, String> map = mapField.group(1).equals("labels")
                            ? pod.getMetadata().getLabels() : pod.getMetadata().getAnnotations();
                    return map == null ? "" : map.getOrDefault(mapField.group(2), "");
                }
                throw new NotStartable("CreateContainerConfigError", "unsupported fieldRef " + path);
        }
    }

    private static String configMapKey(ConfigMapKeySelector ref, Lookup lookup) throws NotStartable {
        Optional<String> value = lookup.configMaps().apply(ref.getName())
                .map(configMap -> configMap.getData() == null ? null : configMap.getData().get(ref.getKey()));
        return required(value, ref.getOptional(), "configmap", ref.getName(), ref.getKey());
    }

    private static String secretKey(SecretKeySelector ref, Lookup lookup) throws NotStartable {
        Optional<String> value = lookup.secrets().apply(ref.getName())
                .map(secret -> secret.getData() == null ? null : secret.getData().get(ref.getKey()))
                .map(encoded -> new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
        return required(value, ref.getOptional(), "secret", ref.getName(), ref.getKey());
    }

    private static String required(Optional<String> value, Boolean optional, String kind, String name, String key)
            throws NotStartable {
        if (value.isPresent() || Boolean.TRUE.equals(optional)) {
            return value.orElse(null);
        }
        throw new NotStartable("CreateContainerConfigError",
                "couldn't find key " + key + " in " + kind + " " + name);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
