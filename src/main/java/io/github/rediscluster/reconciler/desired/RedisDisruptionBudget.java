package io.github.rediscluster.reconciler.desired;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.github.rediscluster.reconciler.spec.ClusterSpec;

/**
 * The PodDisruptionBudget of the redis-server pods: at most one unavailable at a time, so that a node drain (or any
 * eviction) never takes a master and its replica together, and waits for a restarted pod to be Ready again before it
 * evicts the next. Deleting a pod directly is not an eviction and is not held back by it.
 */
public final class RedisDisruptionBudget {

    public static final String COMPONENT = "disruption-budget";

    private RedisDisruptionBudget() {
    }

    public static PodDisruptionBudget desired(ClusterSpec spec) {
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                    .withName(spec.name())
                    .withNamespace(spec.namespace())
                    .withLabels(ClusterLabels.of(spec, COMPONENT))
                .endMetadata()
                .withNewSpec()
                    .withMaxUnavailable(new IntOrString(1))
                    .withNewSelector().withMatchLabels(ClusterLabels.selector(spec)).endSelector()
                .endSpec()
                .build();
    }
}
