package io.github.rediscluster.reconciler.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.rediscluster.reconciler.observe.AuthSurvey;

import io.github.rediscluster.reconciler.desired.AuthSecret;
import io.github.rediscluster.reconciler.desired.DesiredState;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Brings the Kubernetes objects of the cluster to their desired state, one step per object, in an order
 * where each object finds what it refers to: storage and config before the Services, the pods last.
 * A failed step does not stop the others; the outcomes say what each did.
 */
@ApplicationScoped
public class ClusterObjectsReconciler {

    private final ResourceApplier writing;
    private final VolumeGrowth volumeGrowth;
    private final StatefulSetTakeOver takeOver;
    private final WriteGate gate;

    public ClusterObjectsReconciler(ResourceApplier applier, VolumeGrowth volumeGrowth, StatefulSetTakeOver takeOver,
            WriteGate gate) {
        this.writing = applier;
        this.volumeGrowth = volumeGrowth;
        this.takeOver = takeOver;
        this.gate = gate;
    }

    /**
     * @param podRelease what the Redis side of the last pass decided about pods beyond the spec: the StatefulSet shrinks
     *         only as far as it released them
     * @param authSurvey whether the Redis side last found every pod requiring the password: auth is turned on (or off)
     *         in the StatefulSet only then
     */
    public ObjectsPass reconcile(ClusterSpec spec, Optional<PodRelease> podRelease, AuthSurvey authSurvey) {
        DesiredState desired = DesiredState.of(spec);
        // The write gate: in a dry run the applier compares and reports, and writes nothing.
        ResourceApplier.Pass pass = gate.pass(spec);
        ResourceApplier applier = writing.forPass(pass);
        List<ApplyOutcome> outcomes = new ArrayList<>();
        if (spec.storage().nfs()) {
            outcomes.addAll(applier.applyPersistentVolumes(desired.persistentVolumes()));
        }
        outcomes.add(applier.apply(desired.redisConfig(), KindRules.CONFIG_MAP));
        // A password out of the box: the Secret the spec names is made with a random one when missing, never changed.
        spec.auth().ifPresent(auth -> outcomes.add(applier.createIfMissing(AuthSecret.named(spec, auth),
                () -> AuthSecret.desired(spec, auth, GeneratedPassword.generate()))));
        outcomes.add(applier.apply(desired.headlessService(), KindRules.SERVICE));
        outcomes.add(applier.apply(desired.accessService(), KindRules.SERVICE));
        Optional<ApplyOutcome> takenOver = takeOver.reconcile(spec, pass);
        Optional<ObjectNode> statefulSetAsRead = Optional.empty();
        if (takenOver.isPresent()) {
            outcomes.add(takenOver.get());
        } else {
            LiveCapture liveStatefulSet = new LiveCapture();
            ApplyOutcome statefulSet = applier.apply(desired.statefulSet(), KindRules.STATEFUL_SET.with(new ScaleInGuard(podRelease))
                    .with(new AuthRolloutGuard(spec, authSurvey)).with(new TlsSwitchGuard(spec)).with(liveStatefulSet));
            outcomes.add(statefulSet);
            // Unchanged by this pass (a refusal or a dry run included): what was read is what stands, so the Redis side
            // need not read it a second time. Rewritten: its generation moved on, and the Redis side reads it again.
            if (standsAsRead(statefulSet)) {
                statefulSetAsRead = liveStatefulSet.live();
            }
            // After the StatefulSet: its claim template grows only once the rest of it is as the spec wants it. Not in a
            // dry run: growing writes claims and re-creates the StatefulSet (the dry run does not preview it).
            if (!pass.dryRun()) {
                List<ApplyOutcome> growth = volumeGrowth.reconcile(spec, liveStatefulSet.live());
                outcomes.addAll(growth);
                if (!growth.stream().allMatch(ClusterObjectsReconciler::standsAsRead)) {
                    // Growing re-creates the StatefulSet with the larger claim template.
                    statefulSetAsRead = Optional.empty();
                }
            }
        }
        if (outcomes.get(outcomes.size() - 1).object().startsWith("StatefulSet ")
                && Ownership.refusedAsNotOurs(outcomes.get(outcomes.size() - 1))) {
            // The pods are someone else's until the StatefulSet is handed over: a disruption budget or a network policy
            // selecting them would change how their cluster runs, so neither is made before the hand-over.
            String why = "not made while StatefulSet " + spec.namespace() + "/" + desired.statefulSet().getMetadata().getName()
                    + " is not this service's: it would select pods the service was not handed";
            outcomes.add(ApplyOutcome.unchanged(ResourceApplier.describe(desired.disruptionBudget()), List.of(why)));
            desired.networkPolicy().ifPresent(policy -> outcomes.add(ApplyOutcome.unchanged(ResourceApplier.describe(policy),
                    List.of(why))));
            return new ObjectsPass(outcomes, statefulSetAsRead);
        }
        outcomes.add(applier.apply(desired.disruptionBudget(), KindRules.DISRUPTION_BUDGET));
        // Turned off, the policy made before stays: the service deletes nothing but to re-create it.
        desired.networkPolicy().ifPresent(policy -> outcomes.add(applier.apply(policy, KindRules.NETWORK_POLICY)));
        return new ObjectsPass(outcomes, statefulSetAsRead);
    }

    private static boolean standsAsRead(ApplyOutcome outcome) {
        return outcome.action() != ApplyOutcome.Action.CREATED && outcome.action() != ApplyOutcome.Action.UPDATED
                && outcome.action() != ApplyOutcome.Action.FAILED;
    }
}
