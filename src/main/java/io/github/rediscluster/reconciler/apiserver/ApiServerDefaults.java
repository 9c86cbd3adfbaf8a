package io.github.rediscluster.reconciler.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The defaulting kube-apiserver v1.34 applies to the kinds the service and the sandbox read or write, before it stores
 * an object. Taken from the Kubernetes source: pkg/apis/core/v1/defaults.go (SetDefaults_PodSpec, _Container, _Probe,
 * _Service, _PersistentVolume, _PersistentVolumeClaim(Spec), _ConfigMapVolumeSource, _ObjectFieldSelector, _Secret,
 * _Pod), pkg/apis/apps/v1/defaults.go (SetDefaults_StatefulSet, with the StatefulSetAutoDeletePVC gate on, GA since
 * 1.32) and the {@code +default} markers of staging/src/k8s.io/api/core/v1/types.go (port protocols). Go's defaulting
 * sees a missing field and its zero value alike, except for pointer fields ({@code *int64}...), which it fills only
 * when missing: hence {@link #ifEmpty} and {@link #ifMissing}.
 *
 * <p>Left out, as they are no defaulting: values the registry assigns (uid, resourceVersion, a Service's clusterIP and
 * nodePorts, ipFamilies; see the sandbox's API layer) and what admission plugins add to pods (service account token
 * volume, tolerations, priority).
 */
final class ApiServerDefaults {

    private ApiServerDefaults() {
    }

    /** Fills in the defaults of the object's kind, in place. */
    static void apply(ObjectNode object) {
        switch (object.path("kind").asText()) {
            case "PersistentVolume" -> persistentVolume(object);
            case "PersistentVolumeClaim" -> persistentVolumeClaim(object);
            case "Service" -> service(object);
            case "StatefulSet" -> statefulSet(object);
            case "Pod" -> pod(object);
            case "Secret" -> ifEmpty(object, "type", "Opaque");
            default -> {
                // ConfigMap (data defaults to an empty map, which is then omitted), Event, Lease, Node: nothing shows.
            }
        }
    }

    private static void persistentVolume(ObjectNode volume) {
        ifEmpty(volume.withObject("/status"), "phase", "Pending");
        JsonPaths.each(volume, "spec", spec -> {
            ifEmpty(spec, "persistentVolumeReclaimPolicy", "Retain");
            ifMissing(spec, "volumeMode", "Filesystem");
        });
    }

    private static void persistentVolumeClaim(ObjectNode claim) {
        ifEmpty(claim.withObject("/status"), "phase", "Pending");
        JsonPaths.each(claim, "spec", spec -> ifMissing(spec, "volumeMode", "Filesystem"));
    }

    private static void service(ObjectNode service) {
        JsonPaths.each(service, "spec", spec -> {
            ifEmpty(spec, "sessionAffinity", "None");
            if (spec.path("sessionAffinity").asText().equals("None")) {
                spec.remove("sessionAffinityConfig");
            }
            ifEmpty(spec, "type", "ClusterIP");
            String type = spec.path("type").asText();
            spec.path("ports").forEach(item -> {
                ObjectNode port = (ObjectNode) item;
                ifEmpty(port, "protocol", "TCP");
                if (isEmpty(port.get("targetPort"))) {
                    port.set("targetPort", port.path("port"));
                }
            });
            boolean external = type.equals("NodePort") || type.equals("LoadBalancer")
                    || (type.equals("ClusterIP") && !spec.path("externalIPs").isEmpty());
            if (external) {
                ifEmpty(spec, "externalTrafficPolicy", "Cluster");
            }
            if (type.equals("NodePort") || type.equals("LoadBalancer") || type.equals("ClusterIP")) {
                ifMissing(spec, "internalTrafficPolicy", "Cluster");
            }
            if (type.equals("LoadBalancer")) {
                ifMissing(spec, "allocateLoadBalancerNodePorts", true);
            }
        });
    }

    private static void statefulSet(ObjectNode statefulSet) {
        JsonPaths.each(statefulSet, "spec", spec -> {
            ifEmpty(spec, "podManagementPolicy", "OrderedReady");
            ObjectNode strategy = spec.withObject("/updateStrategy");
            if (isEmpty(strategy.get("type"))) {
                strategy.put("type", "RollingUpdate");
                strategy.withObject("/rollingUpdate");
            }
            if (strategy.path("type").asText().equals("RollingUpdate") && strategy.path("rollingUpdate").isObject()) {
                ifMissing(strategy.withObject("/rollingUpdate"), "partition", 0);
            }
            ObjectNode retention = spec.withObject("/persistentVolumeClaimRetentionPolicy");
            ifEmpty(retention, "whenDeleted", "Retain");
            ifEmpty(retention, "whenScaled", "Retain");
            ifMissing(spec, "replicas", 1);
            ifMissing(spec, "revisionHistoryLimit", 10);
            JsonPaths.each(spec, "template.spec", ApiServerDefaults::podSpec);
            spec.path("volumeClaimTemplates").forEach(claim -> persistentVolumeClaim((ObjectNode) claim));
        });
    }

    /** SetDefaults_Pod adds to a pod what a pod template does not get. */
    private static void pod(ObjectNode pod) {
        JsonPaths.each(pod, "spec", spec -> {
            podSpec(spec);
            ifMissing(spec, "enableServiceLinks", true);
            JsonPaths.each(spec, "containers[].resources", resources -> requestsFromLimits(resources));
            JsonPaths.each(spec, "initContainers[].resources", resources -> requestsFromLimits(resources));
        });
    }

    private static void requestsFromLimits(ObjectNode resources) {
        resources.path("limits").fields().forEachRemaining(limit -> {
            if (!resources.path("requests").has(limit.getKey())) {
                resources.withObject("/requests").set(limit.getKey(), limit.getValue());
            }
        });
    }

    private static void podSpec(ObjectNode spec) {
        ifEmpty(spec, "dnsPolicy", "ClusterFirst");
        ifEmpty(spec, "restartPolicy", "Always");
        ifMissing(spec, "securityContext", spec.objectNode());
        ifMissing(spec, "terminationGracePeriodSeconds", 30);
        ifEmpty(spec, "schedulerName", "default-scheduler");
        JsonPaths.each(spec, "containers[]", ApiServerDefaults::container);
        JsonPaths.each(spec, "initContainers[]", ApiServerDefaults::container);
        JsonPaths.each(spec, "volumes[]", volume -> {
            if (volume.size() == 1 && volume.has("name")) {
                volume.putObject("emptyDir");
            }
            for (String source : new String[] {"configMap", "secret", "downwardAPI", "projected"}) {
                JsonPaths.each(volume, source, mode -> ifMissing(mode, "defaultMode", 420));
            }
        });
    }

    private static void container(ObjectNode container) {
        ifEmpty(container, "imagePullPolicy", "latest".equals(tag(container.path("image").asText()))
                ? "Always" : "IfNotPresent");
        ifEmpty(container, "terminationMessagePath", "/dev/termination-log");
        ifEmpty(container, "terminationMessagePolicy", "File");
        JsonPaths.each(container, "ports[]", port -> ifEmpty(port, "protocol", "TCP"));
        JsonPaths.each(container, "env[].valueFrom.fieldRef", field -> ifEmpty(field, "apiVersion", "v1"));
        for (String probe : new String[] {"livenessProbe", "readinessProbe", "startupProbe"}) {
            JsonPaths.each(container, probe, ApiServerDefaults::probe);
        }
    }

    private static void probe(ObjectNode probe) {
        ifEmpty(probe, "timeoutSeconds", 1);
        ifEmpty(probe, "periodSeconds", 10);
        ifEmpty(probe, "successThreshold", 1);
        ifEmpty(probe, "failureThreshold", 3);
        JsonPaths.each(probe, "httpGet", get -> {
            ifEmpty(get, "path", "/");
            ifEmpty(get, "scheme", "HTTP");
        });
    }

    /**
     * The tag as parsers.ParseImageName reads it: after the last colon of the last path segment, without a digest;
     * "latest" when there is neither tag nor digest.
     */
    static String tag(String image) {
        int at = image.indexOf('@');
        String named = at < 0 ? image : image.substring(0, at);
        int colon = named.lastIndexOf(':');
        if (colon > named.lastIndexOf('/')) {
            return named.substring(colon + 1);
        }
        return at < 0 ? "latest" : "";
    }

    /** For a value field: Go cannot tell a missing value from its zero value. */
    private static void ifEmpty(ObjectNode node, String field, Object value) {
        if (isEmpty(node.get(field))) {
            node.set(field, json(node, value));
        }
    }

    /** For a pointer field: only a missing one is filled; an explicit zero (0, false, "") stays. */
    private static void ifMissing(ObjectNode node, String field, Object value) {
        if (node.get(field) == null || node.get(field).isNull()) {
            node.set(field, json(node, value));
        }
    }

    private static JsonNode json(ObjectNode factory, Object value) {
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof Integer number) {
            return factory.numberNode(number);
        }
        if (value instanceof Boolean bool) {
            return factory.booleanNode(bool);
        }
        return factory.textNode((String) value);
    }

    static boolean isEmpty(JsonNode value) {
        return value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty())
                || (value.isNumber() && value.asDouble() == 0) || (value.isBoolean() && !value.asBoolean());
    }
}
