package io.github.rediscluster.reconciler.metrics;

import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The {@code cluster} and {@code namespace} labels every series of the service carries: the name and namespace of
 * the spec in force, so that series of several clusters (one reconciler each) can be told apart and joined with the
 * exporter's. Until a spec is in force both are empty, which Prometheus treats as no label.
 */
@ApplicationScoped
public class ClusterTags {

    public static final String CLUSTER = "cluster";
    public static final String NAMESPACE = "namespace";

    private volatile Tags tags = of("", "");

    /** True when the labels changed (the first spec, or a spec that renamed or moved the cluster). */
    public boolean set(String cluster, String namespace) {
        Tags next = of(cluster, namespace);
        boolean changed = !next.equals(tags);
        tags = next;
        return changed;
    }

    public Tags tags() {
        return tags;
    }

    private static Tags of(String cluster, String namespace) {
        return Tags.of(CLUSTER, cluster, NAMESPACE, namespace);
    }
}
