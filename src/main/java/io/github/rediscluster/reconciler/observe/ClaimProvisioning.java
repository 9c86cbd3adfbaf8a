package io.github.rediscluster.reconciler.observe;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Why a pod whose volume comes from a StorageClass waits on its claim: the claim is still Pending, and the provisioner
 * (or the PV controller for it) said why in an Event on the claim, e.g. ProvisioningFailed with the provisioner's
 * message, or ExternalProvisioning while no provisioner has picked it up. Pure, on the listed claim and Events. With
 * static NFS PVs the pod diagnosis's own advice (the pre-bound PV) applies instead.
 */
final class ClaimProvisioning {

    private ClaimProvisioning() {
    }

    static Optional<PodProblem> diagnose(ClusterSpec spec, String pod, Optional<PersistentVolumeClaim> claim,
            List<Event> events) {
        if (spec.storage().nfs() || claim.isEmpty() || !pending(claim.get())) {
            return Optional.empty();
        }
        String name = claim.get().getMetadata().getName();
        String storageClass = spec.storage().storageClass().orElseThrow();
        String describe = "`kubectl -n " + spec.namespace() + " describe pvc " + name + "`";
        Optional<Event> said = events.stream()
                .filter(event -> event.getInvolvedObject() != null
                        && "PersistentVolumeClaim".equals(event.getInvolvedObject().getKind())
                        && name.equals(event.getInvolvedObject().getName()))
                .max(Comparator.comparing(PodEvents::when));
        if (said.isEmpty()) {
            return Optional.of(new PodProblem(pod, "ClaimPending", "claim " + name + " of StorageClass " + storageClass
                    + " is Pending and nothing has said why", "check that StorageClass " + storageClass + " exists (`kubectl"
                    + " get storageclass " + storageClass + "`; redis-cluster.storage.class names it) and that its provisioner"
                    + " runs; " + describe + " shows the claim's Events"));
        }
        Event event = said.get();
        String detail = "claim " + name + " of StorageClass " + storageClass + " is Pending: "
                + PodEvents.orSaid(event.getReason(), "an Event without a reason") + ": " + PodEvents.oneLine(PodEvents.message(event));
        if ("Warning".equals(event.getType())) {
            return Optional.of(new PodProblem(pod, "ProvisioningFailed", detail, "the provisioner of StorageClass "
                    + storageClass + " could not make the volume, for the reason it gives (quota, zone, parameters of the"
                    + " class, its own credentials); fix that on the storage side and it retries by itself; " + describe));
        }
        return Optional.of(new PodProblem(pod, "ClaimPending", detail, "the volume is not made yet: if this lasts, check"
                + " that the provisioner StorageClass " + storageClass + " names runs (its pods and logs); " + describe));
    }

    private static boolean pending(PersistentVolumeClaim claim) {
        return claim.getSpec().getVolumeName() == null
                && (claim.getStatus() == null || claim.getStatus().getPhase() == null
                        || "Pending".equals(claim.getStatus().getPhase()));
    }
}
