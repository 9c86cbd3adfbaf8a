package io.github.rediscluster.reconciler.desired;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.List;

/** Every Kubernetes object a spec asks for: a pure function of the spec. */
public record DesiredState(
        List<PersistentVolume> persistentVolumes,
        ConfigMap redisConfig,
        Service headlessService,
        Service accessService,
        StatefulSet statefulSet,
        PodDisruptionBudget disruptionBudget) {

    public static DesiredState of(ClusterSpec spec) {
        return new DesiredState(
                PersistentVolumes.desired(spec),
                RedisConfig.desired(spec),
                ClusterServices.headless(spec),
                ClusterServices.access(spec),
                RedisStatefulSet.desired(spec),
                RedisDisruptionBudget.desired(spec));
    }
}
