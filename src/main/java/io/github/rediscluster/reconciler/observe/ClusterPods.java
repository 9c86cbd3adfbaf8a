package io.github.rediscluster.reconciler.observe;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.desired.ClusterLabels;
import io.github.rediscluster.reconciler.desired.ClusterNames;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The redis-server pods of the StatefulSet: as listed (their status explains a pod that does not start) and as the
 * topology code needs them (name, ordinal, pod IP, node). One LIST serves both.
 */
@ApplicationScoped
public class ClusterPods {

    private final KubernetesClient client;

    public ClusterPods(KubernetesClient client) {
        this.client = client;
    }

    /**
     * The StatefulSet's pods ({@code <statefulset>-<ordinal>}) as the API returns them. Only pods carrying the service's
     * managed-by label: pods of another StatefulSet of the same name and labels (one the service refuses to adopt) are
     * never talked to.
     */
    public List<Pod> list(ClusterSpec spec) {
        return client.pods().inNamespace(spec.namespace()).withLabels(ClusterLabels.selector(spec))
                .withLabel(ClusterLabels.MANAGED_BY, ClusterLabels.MANAGER).list().getItems().stream()
                .filter(pod -> ClusterNames.ordinal(spec, pod.getMetadata().getName()).isPresent())
                .toList();
    }

    /** The StatefulSet of the pods, for the revision of its template; empty when it does not exist. */
    public Optional<StatefulSet> statefulSet(ClusterSpec spec) {
        return Optional.ofNullable(client.apps().statefulSets().inNamespace(spec.namespace()).withName(spec.name()).get());
    }

    /** The listed pods as the topology code needs them, by ordinal. */
    public static List<RedisPod> redisPods(ClusterSpec spec, List<Pod> pods) {
        return pods.stream()
                .map(pod -> toRedisPod(spec, pod))
                .filter(Objects::nonNull)
                .sorted(Comparator.comparingInt(RedisPod::ordinal))
                .toList();
    }

    /** Pods named {@code <statefulset>-<ordinal>} only; a terminating pod counts as having no IP, it is going away. */
    static RedisPod toRedisPod(ClusterSpec spec, Pod pod) {
        String name = pod.getMetadata().getName();
        OptionalInt ordinal = ClusterNames.ordinal(spec, name);
        if (ordinal.isEmpty()) {
            return null;
        }
        boolean terminating = pod.getMetadata().getDeletionTimestamp() != null;
        String ip = pod.getStatus() == null || pod.getStatus().getPodIP() == null || terminating ? "" : pod.getStatus().getPodIP();
        String node = pod.getSpec() == null || pod.getSpec().getNodeName() == null ? "" : pod.getSpec().getNodeName();
        return new RedisPod(name, ordinal.getAsInt(), ip, node);
    }
}
