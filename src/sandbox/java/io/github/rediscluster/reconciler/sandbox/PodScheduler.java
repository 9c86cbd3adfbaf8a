package io.github.rediscluster.reconciler.sandbox;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The scheduler: a pod whose claims are all bound goes to the sandbox node running the fewest pods of the
 * same owner (the spread its preferred anti-affinity asks for); a pod with an unbound claim stays Pending
 * with the scheduler's message, as in a cluster.
 */
final class PodScheduler {

    static final String UNBOUND_CLAIMS = "0/%d nodes are available: pod has unbound immediate PersistentVolumeClaims.";
    private static final Logger LOG = Logger.getLogger(PodScheduler.class);

    private final KubernetesClient client;
    private final String namespace;
    /** Writes made so far; the sandbox reads the API again after a step that wrote. */
    int writes;
    private final List<String> nodes;

    PodScheduler(KubernetesClient client, String namespace, List<String> nodes) {
        this.client = client;
        this.namespace = namespace;
        this.nodes = List.copyOf(nodes);
    }

    void sync(ClusterSnapshot snapshot) {
        Map<String, Integer> load = new HashMap<>();
        snapshot.pods().stream().filter(pod -> pod.getSpec().getNodeName() != null)
                .forEach(pod -> load.merge(key(owner(pod), pod.getSpec().getNodeName()), 1, Integer::sum));
        snapshot.pods().stream()
                .filter(pod -> pod.getSpec().getNodeName() == null)
                .sorted(Comparator.comparing(PodScheduler::ordinal).thenComparing(pod -> pod.getMetadata().getName()))
                .forEach(pod -> schedule(pod, snapshot, load));
    }

    private void schedule(Pod pod, ClusterSnapshot snapshot, Map<String, Integer> load) {
        List<String> unbound = claimNames(pod).stream()
                .filter(claim -> snapshot.claim(claim).map(PodScheduler::unbound).orElse(true))
                .toList();
        if (!unbound.isEmpty()) {
            markUnschedulable(pod, String.format(UNBOUND_CLAIMS, nodes.size()));
            return;
        }
        String owner = owner(pod);
        String node = nodes.stream().min(Comparator.comparingInt(n -> load.getOrDefault(key(owner, n), 0))).orElseThrow();
        load.merge(key(owner, node), 1, Integer::sum);
        pod.getSpec().setNodeName(node);
        client.pods().inNamespace(namespace).resource(pod).update();
        writes++;
        LOG.debugf("Sandbox: pod %s scheduled on %s", pod.getMetadata().getName(), node);
    }

    private void markUnschedulable(Pod pod, String message) {
        boolean already = StatefulSetController.condition(pod, "PodScheduled")
                .map(condition -> message.equals(condition.getMessage())).orElse(false);
        if (!already) {
            pod.setStatus(new PodStatusBuilder().withPhase("Pending").withConditions(new PodConditionBuilder()
                    .withType("PodScheduled").withStatus("False").withReason("Unschedulable").withMessage(message)
                    .build()).build());
            client.pods().inNamespace(namespace).resource(pod).updateStatus();
            writes++;
            LOG.infof("Sandbox: pod %s is Pending: %s", pod.getMetadata().getName(), message);
        }
    }

    static List<String> claimNames(Pod pod) {
        return pod.getSpec().getVolumes().stream()
                .map(Volume::getPersistentVolumeClaim)
                .filter(Objects::nonNull)
                .map(claim -> claim.getClaimName())
                .toList();
    }

    private static boolean unbound(PersistentVolumeClaim claim) {
        return claim.getStatus() == null || !"Bound".equals(claim.getStatus().getPhase());
    }

    private static String owner(Pod pod) {
        return pod.getMetadata().getOwnerReferences().stream().map(ref -> ref.getUid()).findFirst()
                .orElse(pod.getMetadata().getName());
    }

    private static String key(String owner, String node) {
        return owner + "@" + node;
    }

    private static int ordinal(Pod pod) {
        return Optional.ofNullable(pod.getMetadata().getLabels())
                .map(labels -> labels.get(StatefulSetController.POD_INDEX_LABEL))
                .filter(index -> index.matches("\\d+"))
                .map(Integer::parseInt)
                .orElse(Integer.MAX_VALUE);
    }
}
