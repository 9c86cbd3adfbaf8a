package io.github.rediscluster.reconciler.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the API server allows when a kind of object is changed in place.
 *
 * @param guards changes refused in place: fields that cannot change once the object exists, and more
 * @param beforeWrite adjusts the merged object so the API server accepts it (removes what the new values forbid)
 */
public record KindRules(List<ChangeGuard> guards, Consumer<ObjectNode> beforeWrite) {

    public KindRules {
        guards = List.copyOf(guards);
    }

    /** These rules and one more guard. */
    public KindRules with(ChangeGuard guard) {
        List<ChangeGuard> more = new ArrayList<>(guards);
        more.add(guard);
        return new KindRules(more, beforeWrite);
    }

    /** No guard: for comparing a whole object, when what differs is only reported or handled apart. */
    static final KindRules COMPARE_ONLY = new KindRules(List.of(), merged -> {
    });

    public static final KindRules CONFIG_MAP = new KindRules(List.of(), merged -> {
    });

    /** policy/v1: every field of a PodDisruptionBudget's spec may change in place. */
    public static final KindRules DISRUPTION_BUDGET = new KindRules(List.of(), merged -> {
    });

    /** networking/v1: every field of a NetworkPolicy's spec may change in place. */
    public static final KindRules NETWORK_POLICY = new KindRules(List.of(), merged -> {
    });

    public static final KindRules PERSISTENT_VOLUME = new KindRules(List.of(
            new ImmutableField("/spec/nfs", "the volume source of a PersistentVolume cannot change, and the service "
                    + "never deletes one: move the data, delete PV {name} by hand, and the next pass recreates it"),
            new ImmutableField("/spec/claimRef/namespace", "the PV stays bound to the claim of its old pod: "
                    + "release it by hand (after saving its data) if it should serve the new claim"),
            new ImmutableField("/spec/claimRef/name", "the PV stays bound to the claim of its old pod: "
                    + "release it by hand (after saving its data) if it should serve the new claim"),
            new NoShrink("/spec/capacity/storage", "a volume never gets smaller: put redis-cluster.storage.size back")),
            merged -> {
            });

    public static final KindRules SERVICE = new KindRules(List.of(
            new ImmutableField("/spec/clusterIP", "a Service cannot become headless or stop being so in place: "
                    + "delete it (kubectl -n {namespace} delete service {name}) and the next pass recreates it")),
            KindRules::dropNodePortFieldsOfClusterIp);

    static final String RECREATE_STATEFULSET = "delete the StatefulSet without its pods "
            + "(kubectl -n {namespace} delete statefulset {name} --cascade=orphan); the next pass recreates it and "
            + "the pods keep their data";

    public static final KindRules STATEFUL_SET = new KindRules(List.of(
            new ImmutableField("/spec/selector", RECREATE_STATEFULSET),
            new ImmutableField("/spec/serviceName", RECREATE_STATEFULSET),
            new ImmutableField("/spec/podManagementPolicy", RECREATE_STATEFULSET),
            new ClaimTemplateGuard()),
            KindRules::dropRollingUpdateOfOnDelete);

    /**
     * The API server refuses {@code rollingUpdate} beside {@code type: OnDelete}, and a StatefulSet that rolled by itself
     * before carries one (partition 0, the default): switching to OnDelete must drop it.
     */
    private static void dropRollingUpdateOfOnDelete(ObjectNode statefulSet) {
        JsonNode strategy = statefulSet.path("spec").path("updateStrategy");
        if (strategy.isObject() && "OnDelete".equals(strategy.path("type").asText())) {
            ((ObjectNode) strategy).remove("rollingUpdate");
        }
    }

    /** A ClusterIP Service may carry neither node ports nor an external traffic policy, which NodePort left. */
    private static void dropNodePortFieldsOfClusterIp(ObjectNode service) {
        JsonNode spec = service.path("spec");
        if (!spec.isObject() || !"ClusterIP".equals(spec.path("type").asText("ClusterIP"))) {
            return;
        }
        ((ObjectNode) spec).remove("externalTrafficPolicy");
        spec.path("ports").forEach(port -> ((ObjectNode) port).remove("nodePort"));
    }
}
