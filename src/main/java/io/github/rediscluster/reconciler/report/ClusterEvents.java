package io.github.rediscluster.reconciler.report;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.rediscluster.reconciler.desired.ClusterLabels;
import io.github.rediscluster.reconciler.leader.Fence;
import io.github.rediscluster.reconciler.leader.Leadership;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events (core/v1), so that users see what the service did to their cluster and why without reading its
 * log: on the StatefulSet ({@code kubectl describe statefulset}) for what concerns the cluster, and on the
 * reconciler's own ConfigMap ({@code kubectl describe configmap}) for what concerns the spec in it.
 */
@ApplicationScoped
public class ClusterEvents {

    private static final Logger LOG = Logger.getLogger(ClusterEvents.class);
    /** The API server refuses longer messages. */
    static final int MAX_MESSAGE = 1024;

    private final KubernetesClient client;
    private final String specConfigMap;
    private final Fence fence;

    /** @param fence asked before each Event is written (the service's {@link Leadership}) */
    @Inject
    public ClusterEvents(KubernetesClient client,
            @ConfigProperty(name = "reconciler.config-map", defaultValue = "redis-cluster-reconciler-config") String specConfigMap,
            Leadership fence) {
        this(client, specConfigMap, (Fence) fence);
    }

    public ClusterEvents(KubernetesClient client, String specConfigMap, Fence fence) {
        this.client = client;
        this.specConfigMap = specConfigMap;
        this.fence = fence;
    }

    public record Notice(String reason, String message, boolean warning) {
    }

    /**
     * Records the notices; returns the failure when the API refused them. An Event that cannot be written never
     * stops a pass: the change it reports has happened, and the log has it.
     */
    public Optional<String> record(ClusterSpec spec, List<Notice> notices) {
        return record(new Subject("apps/v1", "StatefulSet", spec.namespace(), spec.name(), ClusterLabels.selector(spec)),
                () -> client.apps().statefulSets().inNamespace(spec.namespace()).withName(spec.name()).get(), notices);
    }

    /** Records the notices on the ConfigMap that holds the spec, in the namespace the service runs in. */
    public Optional<String> recordOnSpec(List<Notice> notices) {
        String namespace = Objects.requireNonNullElse(client.getNamespace(), "default");
        return record(new Subject("v1", "ConfigMap", namespace, specConfigMap, Map.of()),
                () -> client.configMaps().inNamespace(namespace).withName(specConfigMap).get(), notices);
    }

    /** The object an Event is about, and the labels the Event gets so that it can be listed with the cluster's. */
    record Subject(String apiVersion, String kind, String namespace, String name, Map<String, String> labels) {
    }

    private Optional<String> record(Subject subject, Supplier<HasMetadata> live, List<Notice> notices) {
        if (notices.isEmpty()) {
            return Optional.empty();
        }
        try {
            // The uid ties the Event to this incarnation of the object, which is how kubectl describe finds it.
            HasMetadata object = live.get();
            String uid = object == null ? null : object.getMetadata().getUid();
            for (Notice notice : notices) {
                // The Events come after the Redis side of a pass, which can outlast the Lease (fencing).
                Optional<String> fenced = fence.breach();
                if (fenced.isPresent()) {
                    LOG.warnf("Did not record %d Kubernetes Event(s) on %s %s/%s: %s", notices.size(), subject.kind(),
                            subject.namespace(), subject.name(), fenced.get());
                    return Optional.of("not written: " + fenced.get());
                }
                client.v1().events().inNamespace(subject.namespace()).resource(event(subject, uid, notice)).create();
            }
            return Optional.empty();
        } catch (KubernetesClientException e) {
            LOG.warnf("Could not record %d Kubernetes Event(s) on %s %s/%s: %s", notices.size(), subject.kind(),
                    subject.namespace(), subject.name(), e.getMessage());
            return Optional.of(e.getMessage());
        }
    }

    static Event event(Subject subject, String uid, Notice notice) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String message = notice.message().length() <= MAX_MESSAGE ? notice.message()
                : notice.message().substring(0, MAX_MESSAGE - 3) + "...";
        return new EventBuilder()
                .withNewMetadata()
                    .withName(subject.name() + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
                    .withNamespace(subject.namespace())
                    .withLabels(subject.labels())
                .endMetadata()
                .withNewInvolvedObject()
                    .withApiVersion(subject.apiVersion())
                    .withKind(subject.kind())
                    .withName(subject.name())
                    .withNamespace(subject.namespace())
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
