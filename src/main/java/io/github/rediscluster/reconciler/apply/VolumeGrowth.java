package io.github.rediscluster.reconciler.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.github.rediscluster.reconciler.desired.ClusterLabels;
import io.github.rediscluster.reconciler.desired.PersistentVolumes;
import io.github.rediscluster.reconciler.desired.RedisStatefulSet;
import io.github.rediscluster.reconciler.leader.Fence;
import io.github.rediscluster.reconciler.leader.Leadership;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Grows the volumes when {@code storage.size} rises. With a StorageClass that allows expansion, every claim's request
 * is raised and the provider grows the volume (claims the provider has not grown yet are reported as waiting on it);
 * with NFS the PVs' capacity is raised where they are applied. The StatefulSet's claim template, immutable, is grown
 * the usual way: once the rest of the StatefulSet is as the spec wants it, it is deleted without its pods
 * (propagation Orphan) and re-created at once, or by the next pass while the API server still removes it; the new
 * StatefulSet adopts the running pods, whose template is unchanged, so none restarts.
 */
@ApplicationScoped
public class VolumeGrowth {


    private final KubernetesClient client;
    private final Fence fence;

    /** Each write first asks {@code fence} (the service's {@link Leadership}) whether this pass may still write. */
    @Inject
    public VolumeGrowth(KubernetesClient client, Leadership fence) {
        this.client = client;
        this.fence = fence;
    }

    /** Never fenced: for one instance on its own (tests). */
    public VolumeGrowth(KubernetesClient client) {
        this.client = client;
        this.fence = Fence.OPEN;
    }

    /** @param liveStatefulSet the StatefulSet as this pass read it; empty when it did not exist */
    public List<ApplyOutcome> reconcile(ClusterSpec spec, Optional<ObjectNode> liveStatefulSet) {
        List<ApplyOutcome> outcomes = new ArrayList<>();
        Optional<String> cannotExpand = spec.storage().nfs() ? Optional.empty() : expandClaims(spec, outcomes);
        try {
            liveStatefulSet.flatMap(live -> growTemplate(spec, live, cannotExpand)).ifPresent(outcomes::add);
        } catch (KubernetesClientException e) {
            outcomes.add(ApplyOutcome.failed("StatefulSet " + spec.namespace() + "/" + spec.name(),
                    "growing the claim template: " + e.getMessage()));
        }
        return outcomes;
    }

    /** @return why the claims cannot grow, when one must and the StorageClass does not allow it */
    private Optional<String> expandClaims(ClusterSpec spec, List<ApplyOutcome> outcomes) {
        String storageClass = spec.storage().storageClass().orElseThrow();
        List<ClaimResize> resizes;
        try {
            resizes = client.persistentVolumeClaims().inNamespace(spec.namespace())
                    .withLabels(ClusterLabels.of(spec, PersistentVolumes.COMPONENT)).list().getItems().stream()
                    .map(claim -> ClaimResize.of(claim, spec.storage().size())).toList();
        } catch (KubernetesClientException e) {
            outcomes.add(ApplyOutcome.failed("PersistentVolumeClaims of " + spec.namespace() + "/" + spec.name(),
                    "listing them: " + e.getMessage()));
            return Optional.of("the claims could not be listed");
        }
        Optional<String> cannotExpand = Optional.empty();
        if (resizes.stream().anyMatch(resize -> resize.step() == ClaimResize.Step.EXPAND)) {
            cannotExpand = expansionRefused(storageClass);
            cannotExpand.ifPresent(reason -> outcomes.add(ApplyOutcome.unchanged("StorageClass " + storageClass,
                    List.of(reason))));
        }
        for (ClaimResize resize : resizes) {
            String object = "PersistentVolumeClaim " + spec.namespace() + "/" + resize.claim();
            if (resize.step() == ClaimResize.Step.WAIT) {
                outcomes.add(ApplyOutcome.waiting(object, resize.detail()));
            } else if (resize.step() == ClaimResize.Step.EXPAND && cannotExpand.isEmpty()) {
                outcomes.add(expand(spec, resize, object));
            }
        }
        return cannotExpand;
    }

    private Optional<String> expansionRefused(String storageClass) {
        StorageClass found;
        try {
            found = client.storage().v1().storageClasses().withName(storageClass).get();
        } catch (KubernetesClientException e) {
            return Optional.of("storage.size grows only once StorageClass " + storageClass + " can be read: " + e.getMessage());
        }
        if (found == null) {
            return Optional.of("storage.size cannot grow: StorageClass " + storageClass + " does not exist");
        }
        if (!Boolean.TRUE.equals(found.getAllowVolumeExpansion())) {
            return Optional.of("storage.size cannot grow: StorageClass " + storageClass + " does not allow volume expansion"
                    + " (allowVolumeExpansion is not true); set it, if its provisioner can grow volumes, or put"
                    + " redis-cluster.storage.size back");
        }
        return Optional.empty();
    }

    private ApplyOutcome expand(ClusterSpec spec, ClaimResize resize, String object) {
        Optional<String> fenced = fence.breach();
        if (fenced.isPresent()) {
            return ResourceApplier.notWritten(object, fenced.get());
        }
        try {
            client.persistentVolumeClaims().inNamespace(spec.namespace()).withName(resize.claim())
                    .patch(PatchContext.of(PatchType.JSON_MERGE),
                            "{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"" + spec.storage().size() + "\"}}}}");
            return ApplyOutcome.updated(object, List.of("spec.resources." + resize.detail()), List.of());
        } catch (KubernetesClientException e) {
            return ApplyOutcome.failed(object, "raising its request to " + spec.storage().size() + ": " + e.getMessage());
        }
    }

    private Optional<ApplyOutcome> growTemplate(ClusterSpec spec, ObjectNode live, Optional<String> cannotExpand) {
        var statefulSets = client.apps().statefulSets().inNamespace(spec.namespace());
        String object = "StatefulSet " + spec.namespace() + "/" + spec.name();
        if (live.hasNonNull("metadata") && live.get("metadata").hasNonNull("deletionTimestamp")) {
            return Optional.of(ApplyOutcome.waiting(object, "being deleted without its pods, to grow its claim template:"
                    + " the next pass re-creates it once the API server has removed it"));
        }
        StatefulSet desired = RedisStatefulSet.desired(spec);
        ObjectDrift.Result drift = ObjectDrift.compare(live, tree(desired), KindRules.COMPARE_ONLY);
        ClaimTemplateChange change = ClaimTemplateChange.of(live.at(ClaimTemplateChange.POINTER),
                drift.merged().at(ClaimTemplateChange.POINTER));
        if (change.kind() != ClaimTemplateChange.Kind.GROW || cannotExpand.isPresent()) {
            return Optional.empty();
        }
        if (drift.drifted().stream().anyMatch(path -> !path.startsWith("spec.volumeClaimTemplates"))) {
            return Optional.of(ApplyOutcome.waiting(object, "its claim template grows to " + change.wantedSize()
                    + " once the rest of the StatefulSet is as the spec wants it (still differing: "
                    + String.join(", ", drift.drifted()) + ")"));
        }
        Optional<String> fenced = fence.breach();
        if (fenced.isPresent()) {
            return Optional.of(ResourceApplier.notWritten(object, fenced.get()));
        }
        statefulSets.withName(spec.name()).withPropagationPolicy(DeletionPropagation.ORPHAN).delete();
        String grown = "spec.volumeClaimTemplates: storage " + change.liveSize() + " -> " + change.wantedSize()
                + " (re-created without its pods, which keep running)";
        if (statefulSets.withName(spec.name()).get() != null) {
            return Optional.of(ApplyOutcome.waiting(object, "deleted without its pods to grow its claim template to "
                    + change.wantedSize() + ": the next pass re-creates it once the API server has removed it"));
        }
        // The fence is not asked again between the delete and the create: stopping there would leave the pods without
        // their StatefulSet until the next leader re-creates it.
        statefulSets.resource(desired).create();
        return Optional.of(ApplyOutcome.updated(object, List.of(grown), List.of()));
    }

    private ObjectNode tree(Object resource) {
        return (ObjectNode) client.getKubernetesSerialization().convertValue(resource, JsonNode.class);
    }
}
