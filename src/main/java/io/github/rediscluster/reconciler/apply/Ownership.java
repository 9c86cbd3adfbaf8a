package io.github.rediscluster.reconciler.apply;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.github.rediscluster.reconciler.desired.ClusterLabels;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a live object is one the service made for this cluster, and so one it may change. Pure.
 *
 * <p>Ours: the annotation {@code redis-cluster-reconciler/cluster=<namespace>/<name>} of this cluster (labels edited
 * away by hand are put back). Objects made before the annotation existed carry only the labels: they count as ours
 * with {@code app.kubernetes.io/managed-by=redis-cluster-reconciler} and an instance label naming this cluster (and, for
 * a PV, its claim in this cluster's namespace); the next write adds the annotation. Anything else (no label, or another
 * cluster's) is left alone: another tool, a person or another cluster relies on it; unless the user hands it over with
 * {@code redis-cluster.adopt=true}, which takes over what carries no cluster annotation (never another cluster's).
 */
final class Ownership {

    private Ownership() {
    }

    /** How every refusal of an object that is not this cluster's begins. */
    static final String NOT_OURS = "exists but was not made by this service for cluster ";

    /** Whether the applier left the object alone because it is not this cluster's (nor handed over). */
    static boolean refusedAsNotOurs(ApplyOutcome outcome) {
        return outcome.refused().stream().anyMatch(refusal -> refusal.startsWith(NOT_OURS));
    }

    /** @return why the service leaves {@code live} alone, with the remedy; empty when it is this cluster's */
    static Optional<String> refusal(HasMetadata live, HasMetadata desired) {
        return refusal(live, desired, false);
    }

    /** @param adopt the user handed over objects made by someone else (redis-cluster.adopt) */
    static Optional<String> refusal(HasMetadata live, HasMetadata desired, boolean adopt) {
        String cluster = annotations(desired).get(ClusterLabels.CLUSTER_ANNOTATION);
        String liveCluster = annotations(live).get(ClusterLabels.CLUSTER_ANNOTATION);
        boolean managed = ClusterLabels.MANAGER.equals(labels(live).get(ClusterLabels.MANAGED_BY));
        if (liveCluster != null ? liveCluster.equals(cluster) : adopt || managed && sameClusterByLabels(live, desired)) {
            return Optional.empty();
        }
        if (liveCluster == null && !managed) {
            return Optional.of(NOT_OURS + cluster + " (it has no label "
                    + ClusterLabels.MANAGED_BY + "=" + ClusterLabels.MANAGER + "), so the service writes nothing to it:"
                    + " to hand it over, set redis-cluster.adopt=true (see docs/adoption.md); otherwise delete it (after"
                    + " saving what it holds) or rename the cluster or this object in the spec");
        }
        String whose = liveCluster != null ? "it belongs to cluster " + liveCluster
                : managed ? "its labels name another cluster"
                : "it has no label " + ClusterLabels.MANAGED_BY + "=" + ClusterLabels.MANAGER;
        return Optional.of(NOT_OURS + cluster + " (" + whose + "), so the"
                + " service leaves it as it is and writes nothing to it: delete it (after saving what it holds) or rename"
                + " the cluster or this object in the spec");
    }

    /** Whether {@code redis-cluster.adopt} could take it over: it belongs to no cluster by its annotation. */
    static boolean handable(HasMetadata live) {
        return !annotations(live).containsKey(ClusterLabels.CLUSTER_ANNOTATION);
    }

    private static boolean sameClusterByLabels(HasMetadata live, HasMetadata desired) {
        boolean sameInstance = Objects.equals(labels(live).get(ClusterLabels.INSTANCE), labels(desired).get(ClusterLabels.INSTANCE));
        if (live instanceof PersistentVolume livePv && desired instanceof PersistentVolume desiredPv) {
            return sameInstance && livePv.getSpec() != null && livePv.getSpec().getClaimRef() != null
                    && Objects.equals(livePv.getSpec().getClaimRef().getNamespace(), desiredPv.getSpec().getClaimRef().getNamespace());
        }
        return sameInstance;
    }

    private static Map<String, String> labels(HasMetadata object) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    private static Map<String, String> annotations(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }
}
