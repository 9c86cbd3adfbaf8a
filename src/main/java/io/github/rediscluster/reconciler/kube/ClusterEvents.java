package io.github.rediscluster.reconciler.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.rediscluster.reconciler.model.ClusterLabels;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events on the StatefulSet (core/v1, as {@code kubectl describe statefulset} lists them), so that users
 * see what the service did to their cluster and why without reading its log.
 */
@ApplicationScoped
public class ClusterEvents {

    private static final Logger LOG = Logger.getLogger(ClusterEvents.class);
    /** The API server refuses longer messages. */
    static final int MAX_MESSAGE = 1024;

    private final KubernetesClient client;

    public ClusterEvents(KubernetesClient client) {
        this.client = client;
    }

    public record Notice(String reason, String message, boolean warning) {
    }

    /**
     * Records the notices; returns the failure when the API refused them. An Event that cannot be written never
     * stops a pass: the change it reports has happened, and the log has it.
     */
    public Optional<String> record(ClusterSpec spec, List<Notice> notices) {
        if (notices.isEmpty()) {
            return Optional.empty();
        }
        try {
            StatefulSet statefulSet = client.apps().statefulSets().inNamespace(spec.namespace()).withName(spec.name()).get();
            String uid = statefulSet == null ? null : statefulSet.getMetadata().getUid();
            notices.forEach(notice -> client.v1().events().inNamespace(spec.namespace()).resource(event(spec, uid, notice)).create());
            return Optional.empty();
        } catch (KubernetesClientException e) {
            LOG.warnf("Could not record %d Kubernetes Event(s) on StatefulSet %s/%s: %s", notices.size(), spec.namespace(),
                    spec.name(), e.getMessage());
            return Optional.of(e.getMessage());
        }
    }

    static Event event(ClusterSpec spec, String uid, Notice notice) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String message = notice.message().length() <= MAX_MESSAGE ? notice.message()
                : notice.message().substring(0, MAX_MESSAGE - 3) + "...";
        return new EventBuilder()
                .withNewMetadata()
                    .withName(spec.name() + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
                    .withNamespace(spec.namespace())
                    .withLabels(ClusterLabels.selector(spec))
                .endMetadata()
                .withNewInvolvedObject()
                    .withApiVersion("apps/v1")
                    .withKind("StatefulSet")
                    .withName(spec.name())
                    .withNamespace(spec.namespace())
                    .withUid(uid)
                .endInvolvedObject()
                .withReason(notice.reason())
                .withMessage(message)
                .withType(notice.warning() ? "Warning" : "Normal")
                .withNewSource().withComponent(ClusterLabels.MANAGER).endSource()
                .withReportingComponent(ClusterLabels.MANAGER)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build();
    }
}
