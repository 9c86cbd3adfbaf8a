package io.github.rediscluster.reconciler.desired;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code app.kubernetes.io/*} labels of generated objects. The selector is the smaller stable subset,
 * since a StatefulSet's selector can never change after creation.
 */
public final class ClusterLabels {

    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String APP_NAME = "redis";
    public static final String MANAGER = "redis-cluster-reconciler";
    /**
     * {@code <namespace>/<name>} of the cluster an object was made for. With the managed-by label it marks the objects
     * the service may change; the instance label alone cannot tell two clusters of one name in two namespaces apart
     * (PVs are cluster-scoped).
     */
    public static final String CLUSTER_ANNOTATION = "redis-cluster-reconciler/cluster";

    private ClusterLabels() {
    }

    /**
     * Selects the redis-server pods of this cluster: the service's own labels, or those of {@code redis-cluster.pod-selector}
     * (the selector of a hand-built StatefulSet taken over, which cannot change).
     */
    public static Map<String, String> selector(ClusterSpec spec) {
        return new LinkedHashMap<>(spec.handover().podSelector().orElseGet(() -> own(spec)));
    }

    private static Map<String, String> own(ClusterSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, APP_NAME);
        labels.put(INSTANCE, spec.name());
        return labels;
    }

    public static String clusterIdentity(ClusterSpec spec) {
        return spec.namespace() + "/" + spec.name();
    }

    /** The annotations every object the service makes carries. */
    public static Map<String, String> annotations(ClusterSpec spec) {
        return Map.of(CLUSTER_ANNOTATION, clusterIdentity(spec));
    }

    /** Name, namespace, labels and annotations of a namespaced object the service makes for this cluster. */
    public static ObjectMeta metadata(ClusterSpec spec, String name, String component) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(spec.namespace())
                .withLabels(of(spec, component))
                .withAnnotations(annotations(spec))
                .build();
    }

    /** Every label of an object that plays {@code component} in this cluster. */
    public static Map<String, String> of(ClusterSpec spec, String component) {
        Map<String, String> labels = own(spec);
        labels.putAll(selector(spec));
        labels.put(COMPONENT, component);
        labels.put(PART_OF, "redis-cluster");
        labels.put(MANAGED_BY, MANAGER);
        return labels;
    }
}
