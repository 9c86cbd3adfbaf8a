package io.github.rediscluster.reconciler.observe;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.rediscluster.reconciler.desired.ClusterLabels;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Reads what {@link PodDiagnosis} needs, only when a pod is not up or missing: the namespace's Events and the cluster's
 * data claims (one LIST each). While every pod of the spec is Running and Ready it makes no request, so a steady pass
 * costs nothing more.
 */
@ApplicationScoped
public class PodDiagnostics {

    private final KubernetesClient client;

    public PodDiagnostics(KubernetesClient client) {
        this.client = client;
    }

    /** A failed read is returned, never thrown: the diagnosis only explains, it must not stop the pass. */
    public Diagnosis diagnose(ClusterSpec spec, List<Pod> pods) {
        if (!PodDiagnosis.needsDiagnosis(spec, pods)) {
            return Diagnosis.NONE;
        }
        try {
            // The claims carry the pod selector's labels (the StatefulSet controller copies them from the template).
            List<PersistentVolumeClaim> claims = client.persistentVolumeClaims().inNamespace(spec.namespace())
                    .withLabels(ClusterLabels.selector(spec)).list().getItems();
            // Filtered in PodDiagnosis: a field selector cannot say "these pods and the StatefulSet".
            List<Event> events = client.v1().events().inNamespace(spec.namespace()).list().getItems();
            return new Diagnosis(PodDiagnosis.diagnose(spec, pods, claims, events), Optional.empty());
        } catch (KubernetesClientException e) {
            return Diagnosis.failed("could not read the Events and claims that say why pods do not start: " + e.getMessage());
        } catch (RuntimeException e) {
            // A bug on an object shaped as we did not expect: said in readiness and the log, and the pass goes on.
            return Diagnosis.failed("diagnosing the pods that do not start failed: " + e);
        }
    }
}
