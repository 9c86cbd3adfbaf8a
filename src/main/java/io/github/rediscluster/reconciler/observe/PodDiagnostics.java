package io.github.rediscluster.reconciler.observe;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.rediscluster.reconciler.desired.ClusterLabels;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads what {@link PodDiagnosis} needs, only when a pod is not up or missing: the namespace's Events and the cluster's
 * data claims (one LIST each). While every pod of the spec is Running and Ready it makes no request, so a steady pass
 * costs nothing more. A pod younger than the grace period ({@value #GRACE_SETTING}) is on its way, not a problem yet
 * ({@link StartGrace}).
 */
@ApplicationScoped
@Startup // made at start, so that a bad grace period stops the service there, naming the setting
public class PodDiagnostics {

    static final String GRACE_SETTING = "reconciler.pod-problems.grace-period";

    private final KubernetesClient client;
    private final Duration grace;
    private final Clock clock;

    @Inject
    public PodDiagnostics(KubernetesClient client, @ConfigProperty(name = GRACE_SETTING, defaultValue = "30s") Duration grace) {
        this(client, grace, Clock.systemUTC());
    }

    /** @param clock when a pass looks, against the pods' creation times: a test moves it instead of waiting */
    public PodDiagnostics(KubernetesClient client, Duration grace, Clock clock) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException(GRACE_SETTING + " must be zero or more, got " + grace);
        }
        this.client = client;
        this.grace = grace;
        this.clock = clock;
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
            return new Diagnosis(PodDiagnosis.diagnose(spec, pods, claims, events, new StartGrace(grace, clock.instant())),
                    Optional.empty());
        } catch (KubernetesClientException e) {
            return Diagnosis.failed("could not read the Events and claims that say why pods do not start: " + e.getMessage());
        } catch (RuntimeException e) {
            // A bug on an object shaped as we did not expect: said in readiness and the log, and the pass goes on.
            return Diagnosis.failed("diagnosing the pods that do not start failed: " + e);
        }
    }
}
