package io.github.rediscluster.reconciler.sandbox;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which pods a StatefulSet adopts: those without a controller whose labels match its selector and whose name is one
 * of its pods'. The mock API has no garbage collector, so a pod whose controlling StatefulSet is gone counts as an
 * orphan too: the sandbox emulates a delete with propagation Orphan (kubectl delete --cascade=orphan, the only way
 * the product deletes a StatefulSet), not a cascading one.
 */
final class PodAdoption {

    private PodAdoption() {
    }

    static boolean adoptable(StatefulSet set, Pod pod, List<StatefulSet> liveSets) {
        Optional<OwnerReference> controller = pod.getMetadata().getOwnerReferences().stream()
                .filter(owner -> Boolean.TRUE.equals(owner.getController())).findFirst();
        boolean orphan = controller.isEmpty() || liveSets.stream()
                .noneMatch(live -> live.getMetadata().getUid().equals(controller.get().getUid()));
        String prefix = set.getMetadata().getName() + "-";
        String name = pod.getMetadata().getName();
        Map<String, String> selector = set.getSpec().getSelector().getMatchLabels();
        Map<String, String> labels = Optional.ofNullable(pod.getMetadata().getLabels()).orElse(Map.of());
        return orphan && pod.getMetadata().getDeletionTimestamp() == null && name.startsWith(prefix)
                && name.substring(prefix.length()).matches("\\d+")
                && labels.entrySet().containsAll(selector.entrySet());
    }

    static OwnerReference controllerReference(StatefulSet set) {
        return new OwnerReferenceBuilder()
                .withApiVersion("apps/v1").withKind("StatefulSet")
                .withName(set.getMetadata().getName()).withUid(set.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true)
                .build();
    }
}
