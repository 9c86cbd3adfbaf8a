package io.github.rediscluster.reconciler.apply;

import io.github.rediscluster.reconciler.observe.AuthSurvey;

import io.github.rediscluster.reconciler.desired.ClusterLabels;
import io.github.rediscluster.reconciler.desired.DesiredState;
import io.github.rediscluster.reconciler.desired.PersistentVolumes;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings the Kubernetes objects of the cluster to their desired state, one step per object, in an order
 * where each object finds what it refers to: storage and config before the Services, the pods last.
 * A failed step does not stop the others; the outcomes say what each did.
 */
@ApplicationScoped
public class ClusterObjectsReconciler {

    private final ResourceApplier applier;
    private final VolumeGrowth volumeGrowth;

    public ClusterObjectsReconciler(ResourceApplier applier, VolumeGrowth volumeGrowth) {
        this.applier = applier;
        this.volumeGrowth = volumeGrowth;
    }

    /**
     * @param podRelease what the Redis side last said about pods beyond the spec: the StatefulSet shrinks only then
     * @param authSurvey whether the Redis side last found every pod requiring the password: auth is turned on (or off)
     *         in the StatefulSet only then
     */
    public List<ApplyOutcome> reconcile(ClusterSpec spec, PodRelease podRelease, AuthSurvey authSurvey) {
        DesiredState desired = DesiredState.of(spec);
        List<ApplyOutcome> outcomes = new ArrayList<>();
        if (spec.storage().nfs()) {
            outcomes.addAll(applier.applyPersistentVolumes(desired.persistentVolumes(),
                    ClusterLabels.of(spec, PersistentVolumes.COMPONENT)));
        }
        outcomes.add(applier.apply(desired.redisConfig(), KindRules.CONFIG_MAP));
        outcomes.add(applier.apply(desired.headlessService(), KindRules.SERVICE));
        outcomes.add(applier.apply(desired.accessService(), KindRules.SERVICE));
        LiveCapture liveStatefulSet = new LiveCapture();
        outcomes.add(applier.apply(desired.statefulSet(), KindRules.STATEFUL_SET.with(new ScaleInGuard(podRelease))
                .with(new AuthRolloutGuard(spec, authSurvey)).with(liveStatefulSet)));
        // After the StatefulSet: its claim template grows only once the rest of it is as the spec wants it.
        outcomes.addAll(volumeGrowth.reconcile(spec, liveStatefulSet.live()));
        return outcomes;
    }
}
