package io.github.rediscluster.reconciler.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the API server leaves out of the objects it returns: a field tagged {@code json:",omitempty"} in
 * staging/src/k8s.io/api/core/v1/types.go, apps/v1/types.go and apimachinery's ObjectMeta is not written when it holds
 * its zero value ("", 0, false, an empty list or map). Pointer fields ({@code *int32}, {@code *bool}, {@code *string},
 * e.g. replicas, a secretKeyRef's optional, a claim's storageClassName) keep an explicit zero, and fields without
 * omitempty (a container port's containerPort, a container status's ready and restartCount) are always written; so
 * only the value fields named here lose a zero. Empty lists, and empty maps (labels, selector, data, resource lists),
 * are always dropped: every list and map of these kinds is omitempty. An empty struct ({@code securityContext: {}})
 * stays, as Go's encoder never omits a struct.
 */
final class OmittedWhenEmpty {

    /** The fields of ObjectMeta that are value fields with omitempty. */
    private static final List<String> META = List.of("name", "generateName", "namespace", "uid", "resourceVersion",
            "generation", "creationTimestamp");
    private static final List<String> OBJECT_REFERENCE = List.of("kind", "namespace", "name", "uid", "apiVersion",
            "resourceVersion", "fieldPath");
    private static final List<String> PROBE = List.of("initialDelaySeconds", "timeoutSeconds", "periodSeconds",
            "successThreshold", "failureThreshold", "tcpSocket.host", "httpGet.path", "httpGet.host", "httpGet.scheme",
            "grpc.service");
    private static final List<String> CONTAINER = List.of("image", "workingDir", "terminationMessagePath",
            "terminationMessagePolicy", "imagePullPolicy", "stdin", "stdinOnce", "tty", "ports[].name",
            "ports[].hostPort", "ports[].protocol", "ports[].hostIP", "env[].value", "env[].valueFrom.fieldRef.apiVersion",
            "env[].valueFrom.secretKeyRef.name", "env[].valueFrom.configMapKeyRef.name", "volumeMounts[].readOnly",
            "volumeMounts[].subPath", "volumeMounts[].subPathExpr");
    private static final List<String> POD_SPEC = List.of("restartPolicy", "dnsPolicy", "serviceAccountName",
            "serviceAccount", "nodeName", "hostNetwork", "hostPID", "hostIPC", "hostname", "subdomain", "schedulerName",
            "priorityClassName", "volumes[].configMap.name", "volumes[].secret.secretName",
            "volumes[].persistentVolumeClaim.readOnly", "volumes[].nfs.readOnly");
    private static final List<String> CLAIM = List.of("spec.volumeName", "status.phase");
    private static final List<String> POD_STATUS = List.of("phase", "message", "reason", "nominatedNodeName", "hostIP",
            "podIP", "qosClass", "conditions[].reason", "conditions[].message",
            "containerStatuses[].containerID", "containerStatuses[].state.waiting.reason",
            "containerStatuses[].state.waiting.message",
            "containerStatuses[].state.terminated.reason", "containerStatuses[].state.terminated.message",
            "containerStatuses[].state.terminated.containerID", "containerStatuses[].state.terminated.signal");

    /** Kind -> paths (from the object's root) of the omitempty value fields of that kind's own types. */
    private static final Map<String, List<String>> BY_KIND = Map.of(
            "PersistentVolume", concat(prefixed("spec.claimRef.", OBJECT_REFERENCE), List.of("spec.storageClassName",
                    "spec.persistentVolumeReclaimPolicy", "spec.nfs.readOnly", "spec.hostPath.type", "status.phase",
                    "status.message", "status.reason")),
            "PersistentVolumeClaim", CLAIM,
            "Service", List.of("spec.clusterIP", "spec.type", "spec.sessionAffinity", "spec.loadBalancerIP",
                    "spec.externalName", "spec.externalTrafficPolicy", "spec.healthCheckNodePort",
                    "spec.publishNotReadyAddresses", "spec.ports[].name", "spec.ports[].protocol",
                    "spec.ports[].targetPort", "spec.ports[].nodePort"),
            "StatefulSet", List.of("spec.serviceName", "spec.podManagementPolicy", "spec.minReadySeconds",
                    "spec.updateStrategy.type", "status.observedGeneration", "status.readyReplicas",
                    "status.currentReplicas", "status.updatedReplicas", "status.currentRevision", "status.updateRevision"),
            "Pod", prefixed("status.", POD_STATUS),
            "Secret", List.of("type"),
            "ConfigMap", List.of(),
            "Event", List.of("type", "reason", "message", "source.component", "source.host", "count",
                    "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                    "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath"));

    /** Where a pod spec sits in a kind, and where more objects with their own ObjectMeta and claims sit. */
    private static final Map<String, String> POD_SPECS = Map.of("Pod", "spec", "StatefulSet", "spec.template.spec");

    /** Maps of these names are always omitempty in these kinds (labels, selectors, data, resource lists). */
    private static final Set<String> MAPS = Set.of("labels", "annotations", "selector", "matchLabels", "data",
            "binaryData", "stringData", "requests", "limits", "capacity", "allocatable", "nodeSelector");

    private OmittedWhenEmpty() {
    }

    /** Drops what the server would not write, in place. */
    static void drop(ObjectNode object) {
        String kind = object.path("kind").asText();
        List<String> paths = new ArrayList<>(BY_KIND.getOrDefault(kind, List.of()));
        paths.addAll(prefixed("metadata.", META));
        String podSpec = POD_SPECS.get(kind);
        if (podSpec != null) {
            paths.addAll(prefixed(podSpec + ".", POD_SPEC));
            for (String containers : new String[] {"containers[].", "initContainers[]."}) {
                paths.addAll(prefixed(podSpec + "." + containers, CONTAINER));
                for (String probe : new String[] {"livenessProbe.", "readinessProbe.", "startupProbe."}) {
                    paths.addAll(prefixed(podSpec + "." + containers + probe, PROBE));
                }
            }
        }
        if (kind.equals("StatefulSet")) {
            paths.addAll(prefixed("spec.template.metadata.", META));
            paths.addAll(prefixed("spec.volumeClaimTemplates[].metadata.", META));
            paths.addAll(prefixed("spec.volumeClaimTemplates[].", CLAIM));
        }
        paths.forEach(path -> {
            String[] parentAndField = JsonPaths.parentAndField(path);
            JsonPaths.each(object, parentAndField[0], parent -> {
                if (ApiServerDefaults.isEmpty(parent.get(parentAndField[1]))) {
                    parent.remove(parentAndField[1]);
                }
            });
        });
        dropEmptyCollections(object);
    }

    private static void dropEmptyCollections(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> empty = new ArrayList<>();
            object.fields().forEachRemaining(field -> {
                dropEmptyCollections(field.getValue());
                JsonNode value = field.getValue();
                if ((value.isArray() || (value.isObject() && MAPS.contains(field.getKey()))) && value.isEmpty()) {
                    empty.add(field.getKey());
                }
            });
            object.remove(empty);
        } else if (node.isArray()) {
            node.forEach(OmittedWhenEmpty::dropEmptyCollections);
        }
    }

    private static List<String> prefixed(String prefix, List<String> paths) {
        return paths.stream().map(path -> prefix + path).toList();
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
