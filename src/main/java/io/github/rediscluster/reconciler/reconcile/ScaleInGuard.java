package io.github.rediscluster.reconciler.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.rediscluster.reconciler.kube.ChangeGuard;
import io.github.rediscluster.reconciler.model.RedisStatefulSet;
import java.util.Optional;

/**
 * Refuses to lower the StatefulSet's replicas when the spec asks for fewer pods than it asked for before.
 * The pods that would go may own slots and keys, and this version does not move slots, so scaling in
 * would take data out of the cluster. Pods added by hand beyond the spec are still removed: the spec never
 * had them. The pod count of the spec last applied is kept in an annotation of the StatefulSet.
 */
final class ScaleInGuard implements ChangeGuard {

    private static final String REPLICAS = "/spec/replicas";
    private static final String SPEC_PODS = "/metadata/annotations/"
            + RedisStatefulSet.SPEC_PODS_ANNOTATION.replace("~", "~0").replace("/", "~1");

    @Override
    public Optional<String> check(ObjectNode live, ObjectNode merged) {
        int liveReplicas = live.at(REPLICAS).asInt(0);
        int wanted = merged.at(REPLICAS).asInt(0);
        if (wanted >= liveReplicas) {
            return Optional.empty();
        }
        JsonNode applied = live.at(SPEC_PODS);
        // Without the annotation (a StatefulSet made by hand or by an older tool) every live pod counts as wanted.
        int appliedPods = applied.isTextual() ? Integer.parseInt(applied.asText()) : liveReplicas;
        if (wanted >= appliedPods) {
            return Optional.empty();
        }
        ChangeGuard.restore(merged, REPLICAS, live.at(REPLICAS));
        ChangeGuard.restore(merged, SPEC_PODS, applied);
        return Optional.of("spec.replicas: the spec lowers the pod count from " + appliedPods + " to " + wanted
                + "; removing pods before their slots and keys are moved away could lose data, and this version does "
                + "not move slots, so the StatefulSet keeps " + liveReplicas + " pods. Restore redis-cluster.masters "
                + "and redis-cluster.replicas-per-master, or empty the highest-numbered pods and scale the "
                + "StatefulSet down by hand");
    }
}
