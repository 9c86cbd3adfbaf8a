package io.github.rediscluster.reconciler.act;

import io.github.rediscluster.reconciler.leader.Fence;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Deletes the one pod a rolling restart decided on (a {@link TopologyStep.Kind#RESTART_POD} step), gracefully: its
 * preStop hook and grace period run as for any deletion, and the StatefulSet makes it again from the new template.
 * The only write this service makes to a pod.
 */
@ApplicationScoped
public class PodRestarter {

    private final KubernetesClient client;

    public PodRestarter(KubernetesClient client) {
        this.client = client;
    }

    /** @param fence asked first: a pass that may no longer write deletes nothing */
    public StepOutcome restart(ClusterSpec spec, TopologyStep step, Fence fence) {
        Optional<String> breach = fence.breach();
        if (breach.isPresent()) {
            return new StepOutcome(step, List.of(step.subject() + ": not deleted, " + breach.get()));
        }
        try {
            boolean deleted = !client.pods().inNamespace(spec.namespace()).withName(step.subject()).delete().isEmpty();
            return new StepOutcome(step, deleted ? List.of() : List.of(step.subject() + ": no such pod any more"));
        } catch (KubernetesClientException e) {
            return new StepOutcome(step, List.of(step.subject() + ": the API refused to delete it: " + e.getMessage()));
        }
    }
}
