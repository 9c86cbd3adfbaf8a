package io.github.rediscluster.reconciler.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.rediscluster.reconciler.leader.Fence;
import io.github.rediscluster.reconciler.leader.Leadership;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Makes one live object match its desired form: create when missing, rewrite the owned fields when they
 * drifted, do nothing otherwise. Writes use get + create/update (PUT with the live resourceVersion) rather
 * than server-side apply, so they behave the same on a real API server and on the fabric8 mock; a
 * concurrent change makes the update fail with a conflict and the next pass tries again.
 */
@ApplicationScoped
public class ResourceApplier {

    private static final Logger LOG = Logger.getLogger(ResourceApplier.class);

    private final KubernetesClient client;
    private final KubernetesSerialization serialization;
    private final ObjectDrift.Comparer comparer;
    private final Fence fence;
    private final Pass pass;

    /**
     * How one pass may write: a dry run reads and compares as usual and reports what it would write (WOULD_CREATE,
     * WOULD_UPDATE with the diff) instead of writing; {@code adopt} takes over objects made by someone else.
     */
    public record Pass(boolean dryRun, boolean adopt) {

        static final Pass WRITING = new Pass(false, false);
    }

    /** Each write first asks {@code fence} (the service's {@link Leadership}) whether this pass may still write. */
    @Inject
    public ResourceApplier(KubernetesClient client, Leadership fence) {
        this(client, (Fence) fence);
    }

    public ResourceApplier(KubernetesClient client, Fence fence) {
        this(client, ObjectDrift::compare, fence);
    }

    /** Never fenced: for one instance on its own (tests). */
    public ResourceApplier(KubernetesClient client) {
        this(client, ObjectDrift::compare, Fence.OPEN);
    }

    /** With another comparison: the tests show with a naive one what a real API server makes of it. */
    public ResourceApplier(KubernetesClient client, ObjectDrift.Comparer comparer) {
        this(client, comparer, Fence.OPEN);
    }

    public ResourceApplier(KubernetesClient client, ObjectDrift.Comparer comparer, Fence fence) {
        this(client, comparer, fence, Pass.WRITING);
    }

    private ResourceApplier(KubernetesClient client, ObjectDrift.Comparer comparer, Fence fence, Pass pass) {
        this.client = client;
        this.serialization = client.getKubernetesSerialization();
        this.comparer = comparer;
        this.fence = fence;
        this.pass = pass;
    }

    /** This applier, writing (or not) and adopting (or not) as {@code pass} says: the write gate of a pass. */
    public ResourceApplier forPass(Pass pass) {
        return new ResourceApplier(client, comparer, fence, pass);
    }

    public boolean dryRun() {
        return pass.dryRun();
    }

    public <T extends HasMetadata> ApplyOutcome apply(T desired, KindRules rules) {
        return apply(desired, rules, () -> client.resource(desired).get());
    }

    /**
     * Applies the PersistentVolumes after reading every live one with one LIST instead of a GET each: a cluster of 100
     * pods has 100 of them, read every pass. Every PV, not only ours: a foreign PV may hold one of our names, or the NFS
     * directory of one of ours ({@link SharedNfsPaths}); either is refused and nothing is written to it.
     */
    public List<ApplyOutcome> applyPersistentVolumes(List<PersistentVolume> desired) {
        Map<String, PersistentVolume> listed;
        try {
            listed = client.persistentVolumes().list().getItems().stream()
                    .collect(Collectors.toMap(volume -> volume.getMetadata().getName(), Function.identity()));
        } catch (KubernetesClientException e) {
            String reason = "listing PersistentVolumes: " + explain(e);
            return desired.stream().map(volume -> ApplyOutcome.failed(describe(volume), reason)).toList();
        }
        return ClaimBindings.keepingLive(desired, listed).stream().map(volume -> SharedNfsPaths.refusal(volume, listed.values())
                .map(refusal -> ApplyOutcome.unchanged(describe(volume), List.of(refusal)))
                .orElseGet(() -> apply(volume, KindRules.PERSISTENT_VOLUME, () -> listed.get(volume.getMetadata().getName()))))
                .toList();
    }

    /**
     * Creates the object when it does not exist, and leaves an existing one alone whoever made it: for an object whose
     * content must never change once made (a generated password). {@code withContent} is only called to create it.
     */
    public ApplyOutcome createIfMissing(HasMetadata identity, Supplier<? extends HasMetadata> withContent) {
        String object = describe(identity);
        try {
            if (client.resource(identity).get() != null) {
                return ApplyOutcome.unchanged(object, List.of());
            }
            if (pass.dryRun()) {
                return ApplyOutcome.wouldCreate(object);
            }
            Optional<String> fenced = fence.breach();
            if (fenced.isPresent()) {
                return notWritten(object, fenced.get());
            }
            client.resource(withContent.get()).create();
            return ApplyOutcome.created(object);
        } catch (KubernetesClientException e) {
            return ApplyOutcome.failed(object, explain(e));
        }
    }

    private <T extends HasMetadata> ApplyOutcome apply(T desired, KindRules rules, Supplier<T> readLive) {
        String object = describe(desired);
        try {
            T live = readLive.get();
            if (live == null) {
                if (pass.dryRun()) {
                    return ApplyOutcome.wouldCreate(object);
                }
                Optional<String> fenced = fence.breach();
                if (fenced.isPresent()) {
                    return notWritten(object, fenced.get());
                }
                client.resource(desired).create();
                return ApplyOutcome.created(object);
            }
            Optional<String> notOurs = Ownership.refusal(live, desired, pass.adopt());
            ObjectDrift.Result drift = comparer.compare(tree(live), tree(desired), rules);
            if (notOurs.isPresent() && !Ownership.handable(live)) {
                return ApplyOutcome.unchanged(object, List.of(notOurs.get()));
            }
            if (notOurs.isPresent()) {
                // Left alone, but compared: the user sees what taking it over would change before handing it over.
                return ApplyOutcome.unchanged(object, List.of(notOurs.get() + (drift.hasDrift()
                        ? "; taking it over would change " + String.join("; ", drift.diff()) : "; it is as the spec wants it")));
            }
            if (!drift.hasDrift()) {
                return ApplyOutcome.unchanged(object, drift.refused());
            }
            if (pass.dryRun()) {
                return ApplyOutcome.wouldUpdate(object, drift.diff(), drift.refused());
            }
            @SuppressWarnings("unchecked")
            T merged = (T) serialization.convertValue(drift.merged(), desired.getClass());
            Optional<String> fenced = fence.breach();
            if (fenced.isPresent()) {
                return notWritten(object, fenced.get());
            }
            client.resource(merged).update();
            return ApplyOutcome.updated(object, drift.drifted(), drift.refused());
        } catch (KubernetesClientException e) {
            return ApplyOutcome.failed(object, explain(e));
        } catch (RuntimeException e) {
            // A bug, not a state of the cluster: keep the stack trace, and let the pass report the object as failed.
            LOG.errorf(e, "Unexpected error while reconciling %s", object);
            return ApplyOutcome.failed(object, "unexpected " + e);
        }
    }

    /** A write the fence stopped: failed for this pass; the next leader applies the object from what it reads. */
    static ApplyOutcome notWritten(String object, String breach) {
        return ApplyOutcome.failed(object, "not written: " + breach);
    }

    private ObjectNode tree(HasMetadata resource) {
        return (ObjectNode) serialization.convertValue(resource, JsonNode.class);
    }

    static String describe(HasMetadata resource) {
        String namespace = resource.getMetadata().getNamespace();
        return resource.getKind() + " " + (namespace == null ? "" : namespace + "/") + resource.getMetadata().getName();
    }

    private static String explain(KubernetesClientException e) {
        return switch (e.getCode()) {
            case HttpURLConnection.HTTP_CONFLICT -> "changed by someone else meanwhile (HTTP 409); the next pass retries";
            case HttpURLConnection.HTTP_FORBIDDEN -> "forbidden (HTTP 403): the service account lacks RBAC for this: "
                    + e.getMessage();
            default -> e.getMessage();
        };
    }
}
