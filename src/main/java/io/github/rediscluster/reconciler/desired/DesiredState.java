package io.github.rediscluster.reconciler.desired;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Optional;

/** Every Kubernetes object a spec asks for: a pure function of the spec. */
public record DesiredState(
        List<PersistentVolume> persistentVolumes,
        ConfigMap redisConfig,
        Service headlessService,
        Service accessService,
        StatefulSet statefulSet,
        PodDisruptionBudget disruptionBudget,
        Optional<NetworkPolicy> networkPolicy) {

    public static DesiredState of(ClusterSpec spec) {
        return new DesiredState(
                PersistentVolumes.desired(spec),
                RedisConfig.desired(spec),
                ClusterServices.headless(spec),
                ClusterServices.access(spec),
                RedisStatefulSet.desired(spec),
                RedisDisruptionBudget.desired(spec),
                RedisNetworkPolicy.desired(spec));
    }
}
