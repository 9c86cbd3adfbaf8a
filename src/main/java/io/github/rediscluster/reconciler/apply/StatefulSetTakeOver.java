package io.github.rediscluster.reconciler.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.github.rediscluster.reconciler.desired.ClusterLabels;
import io.github.rediscluster.reconciler.desired.RedisStatefulSet;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.rediscluster.reconciler.leader.Fence;
import io.github.rediscluster.reconciler.leader.Leadership;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Takes over a StatefulSet someone else made (handed over with {@code redis-cluster.adopt=true}) whose immutable fields
 * differ from the spec's (a hand-built one has {@code podManagementPolicy: OrderedReady} and a claim template without
 * the service's labels): it is deleted without its pods (propagation Orphan) and the spec's StatefulSet created in its
 * place, which adopts the running pods, since it has the same name and, with {@code redis-cluster.pod-selector}, the same
 * selector. Pods, claims and PVs stay as they are; the pods whose template differs are then replaced one at a time by the
 * StatefulSet's rolling update. A selector that differs is refused with the key to set: the new StatefulSet would not
 * adopt the pods.
 */
@ApplicationScoped
public class StatefulSetTakeOver {


    private final KubernetesClient client;
    private final Fence fence;

    /** The delete and the create each first ask {@code fence} (the service's {@link Leadership}) whether this pass may still write. */
    @Inject
    public StatefulSetTakeOver(KubernetesClient client, Leadership fence) {
        this.client = client;
        this.fence = fence;
    }

    /** Never fenced: for one instance on its own (tests). */
    public StatefulSetTakeOver(KubernetesClient client) {
        this(client, Fence.OPEN);
    }

    public StatefulSetTakeOver(KubernetesClient client, Fence fence) {
        this.client = client;
        this.fence = fence;
    }

    /** @return what was done (or would be); empty when the StatefulSet is left to the usual apply */
    public Optional<ApplyOutcome> reconcile(ClusterSpec spec, ResourceApplier.Pass pass) {
        String object = "StatefulSet " + spec.namespace() + "/" + spec.name();
        if (!pass.adopt()) {
            return Optional.empty();
        }
        try {
            var statefulSets = client.apps().statefulSets().inNamespace(spec.namespace());
            StatefulSet live = statefulSets.withName(spec.name()).get();
            if (live == null || annotated(live)) {
                return Optional.empty();
            }
            if (live.getMetadata().getDeletionTimestamp() != null) {
                return Optional.of(ApplyOutcome.waiting(object, "being deleted without its pods to be taken over: the next"
                        + " pass creates the spec's StatefulSet once the API server has removed it"));
            }
            StatefulSet desired = RedisStatefulSet.desired(spec);
            ObjectNode liveTree = tree(live);
            List<String> immutable = ObjectDrift.compare(liveTree, tree(desired), KindRules.STATEFUL_SET).refused();
            if (immutable.isEmpty()) {
                return Optional.empty();
            }
            Optional<String> refusal = refusal(spec, live, desired);
            if (refusal.isPresent()) {
                return Optional.of(ApplyOutcome.unchanged(object, List.of(refusal.get())));
            }
            List<String> change = new ArrayList<>();
            change.add("re-created without its pods (delete --cascade=orphan, then create), since some fields cannot change"
                    + " in place: " + immutable.stream().map(text -> text.substring(0, text.indexOf(" cannot")))
                    .collect(Collectors.joining(", ")));
            change.addAll(ObjectDrift.compare(liveTree, tree(desired), KindRules.COMPARE_ONLY).diff());
            if (pass.dryRun()) {
                return Optional.of(ApplyOutcome.wouldUpdate(object, change, List.of()));
            }
            // Fenced before each write: a pass that outlived its Lease must not delete the StatefulSet under the next
            // leader, nor create it again after the next leader did.
            Optional<String> fenced = fence.breach();
            if (fenced.isPresent()) {
                return Optional.of(ResourceApplier.notWritten(object, fenced.get()));
            }
            statefulSets.withName(spec.name()).withPropagationPolicy(DeletionPropagation.ORPHAN).delete();
            if (statefulSets.withName(spec.name()).get() != null) {
                return Optional.of(ApplyOutcome.waiting(object, "deleted without its pods to be taken over: the next pass"
                        + " creates the spec's StatefulSet once the API server has removed it"));
            }
            fenced = fence.breach();
            if (fenced.isPresent()) {
                return Optional.of(ResourceApplier.notWritten(object, fenced.get()));
            }
            statefulSets.resource(desired).create();
            return Optional.of(ApplyOutcome.updated(object, change, List.of()));
        } catch (KubernetesClientException e) {
            return Optional.of(ApplyOutcome.failed(object, "taking it over: " + e.getMessage()));
        }
    }

    /** Why re-creating would lose pods: another selector (the pods would be orphans), or fewer replicas. */
    static Optional<String> refusal(ClusterSpec spec, StatefulSet live, StatefulSet desired) {
        Map<String, String> liveSelector = live.getSpec().getSelector() == null ? Map.of()
                : Optional.ofNullable(live.getSpec().getSelector().getMatchLabels()).orElse(Map.of());
        if (!Objects.equals(liveSelector, desired.getSpec().getSelector().getMatchLabels())
                || live.getSpec().getSelector().getMatchExpressions() != null && !live.getSpec().getSelector().getMatchExpressions().isEmpty()) {
            return Optional.of("its selector " + liveSelector + " differs from the spec's " + desired.getSpec().getSelector()
                    .getMatchLabels() + " and cannot change: set redis-cluster.pod-selector=" + liveSelector.entrySet().stream()
                    .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(","))
                    + " so that the StatefulSet the service makes adopts its pods");
        }
        int liveReplicas = Optional.ofNullable(live.getSpec().getReplicas()).orElse(1);
        if (liveReplicas > spec.podCount()) {
            return Optional.of("it runs " + liveReplicas + " pods and the spec wants " + spec.podCount() + ": set"
                    + " redis-cluster.masters and redis-cluster.replicas-per-master to describe the cluster as it is");
        }
        return Optional.empty();
    }

    private static boolean annotated(StatefulSet live) {
        Map<String, String> annotations = live.getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey(ClusterLabels.CLUSTER_ANNOTATION);
    }

    private ObjectNode tree(Object resource) {
        return (ObjectNode) client.getKubernetesSerialization().convertValue(resource, JsonNode.class);
    }
}
