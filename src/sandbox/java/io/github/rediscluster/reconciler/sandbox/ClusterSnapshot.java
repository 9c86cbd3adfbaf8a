package io.github.rediscluster.reconciler.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What the emulated controllers and kubelet read at the start of a sync: the objects of one namespace. */
record ClusterSnapshot(List<StatefulSet> statefulSets, List<Pod> pods, List<PersistentVolumeClaim> claims,
        List<PersistentVolume> volumes, Map<String, ConfigMap> configMaps) {

    static ClusterSnapshot read(KubernetesClient client, String namespace) {
        return new ClusterSnapshot(
                client.apps().statefulSets().inNamespace(namespace).list().getItems(),
                client.pods().inNamespace(namespace).list().getItems(),
                client.persistentVolumeClaims().inNamespace(namespace).list().getItems(),
                client.persistentVolumes().list().getItems(),
                byName(client.configMaps().inNamespace(namespace).list().getItems()));
    }

    Optional<PersistentVolumeClaim> claim(String name) {
        return claims.stream().filter(claim -> name.equals(claim.getMetadata().getName())).findFirst();
    }

    Optional<PersistentVolume> volume(String name) {
        return volumes.stream().filter(volume -> name.equals(volume.getMetadata().getName())).findFirst();
    }

    Optional<ConfigMap> configMap(String name) {
        return Optional.ofNullable(configMaps.get(name));
    }

    private static <T extends HasMetadata> Map<String, T> byName(List<T> items) {
        return items.stream().collect(Collectors.toMap(item -> item.getMetadata().getName(), Function.identity()));
    }
}
