package io.github.rediscluster.reconciler.observe;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.github.rediscluster.reconciler.desired.ClusterNames;
import java.util.Optional;

/** Why a pod is not scheduled: its data claim is not bound to its pre-bound PV, or no node can run it. */
final class SchedulingProblems {

    private SchedulingProblems() {
    }

    static Optional<PodProblem> of(PodSubject subject, Optional<PersistentVolumeClaim> claim) {
        Optional<String> refusal = PodDiagnosis.condition(subject.pod(), "PodScheduled").filter(condition -> "False".equals(condition.getStatus()))
                .map(condition -> PodEvents.orSaid(condition.getMessage(), PodEvents.orSaid(condition.getReason(), "not scheduled")
                        + " (the scheduler gave no message)"))
                .or(() -> PodEvents.latest(subject.events(), "FailedScheduling").map(PodEvents::message));
        if (refusal.isEmpty()) {
            return Optional.empty();
        }
        boolean claimPending = claim.map(found -> found.getStatus() != null && "Pending".equals(found.getStatus().getPhase())).orElse(false);
        if (claimPending || refusal.get().contains("unbound")) {
            return Optional.of(unboundClaim(subject, refusal.get()));
        }
        return Optional.of(subject.problem("Unschedulable", refusal.get(), "no node can run the pod, for the reason the"
                + " scheduler gives: 'Insufficient cpu' or 'Insufficient memory' means lowering redis-cluster.resources.requests.*"
                + " or adding nodes; a taint or node affinity means no node accepts redis pods"));
    }

    private static PodProblem unboundClaim(PodSubject subject, String said) {
        String claim = ClusterNames.claimName(subject.spec(), subject.ordinal());
        String pv = ClusterNames.persistentVolumeName(subject.spec(), subject.ordinal());
        return subject.problem("UnboundClaim", "claim " + claim + " is not bound: " + said, "claim " + claim + " waits for PV "
                + pv + ", which the service creates pre-bound to it: `kubectl get pv " + pv + "` must show it Available or Bound to "
                + subject.spec().namespace() + "/" + claim + ". Released (an earlier claim of that name was deleted): remove the old"
                + " claim's uid with `kubectl patch pv " + pv + " --type json -p '[{\"op\":\"remove\",\"path\":\"/spec/claimRef/uid\"}]'`;"
                + " missing: readiness check cluster-objects says why the service could not create it");
    }
}
