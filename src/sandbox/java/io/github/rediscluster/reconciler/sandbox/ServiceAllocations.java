package io.github.rediscluster.reconciler.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What kube-apiserver's Service registry assigns, as opposed to defaulting (pkg/registry/core/service/storage): a
 * cluster IP unless the Service is headless ("None"), clusterIPs, ipFamilies and ipFamilyPolicy (single-stack IPv4
 * here), and a node port for each port of a NodePort or LoadBalancer Service. An update that leaves them out keeps
 * the ones allocated before (patchAllocatedValues), so a client that PUTs its own form of a Service never loses them.
 */
final class ServiceAllocations {

    private final AtomicInteger nextIp = new AtomicInteger(10);
    private final AtomicInteger nextNodePort = new AtomicInteger(30000);

    /**
     * @param service the Service being stored, changed in place
     * @param before the stored Service it replaces, if any
     */
    void allocate(ObjectNode service, Optional<JsonNode> before) {
        ObjectNode spec = service.withObject("/spec");
        JsonNode old = before.map(stored -> stored.path("spec")).orElse(spec.missingNode());
        if (blank(spec.get("clusterIP"))) {
            spec.set("clusterIP", old.hasNonNull("clusterIP") ? old.get("clusterIP")
                    : spec.textNode("10.96.0." + nextIp.getAndIncrement()));
        }
        if (!spec.has("clusterIPs")) {
            spec.putArray("clusterIPs").add(spec.get("clusterIP").asText());
        }
        if (!spec.has("ipFamilies")) {
            spec.putArray("ipFamilies").add("IPv4");
        }
        if (!spec.has("ipFamilyPolicy")) {
            spec.put("ipFamilyPolicy", "SingleStack");
        }
        if (needsNodePorts(spec)) {
            boolean hadNodePorts = needsNodePorts(old);
            spec.path("ports").forEach(item -> {
                ObjectNode port = (ObjectNode) item;
                if (blank(port.get("nodePort"))) {
                    int kept = hadNodePorts ? nodePortOf(old.path("ports"), port.path("port").asInt()) : 0;
                    port.put("nodePort", kept != 0 ? kept : nextNodePort.getAndIncrement());
                }
            });
        }
    }

    private static boolean needsNodePorts(JsonNode spec) {
        String type = spec.path("type").asText();
        return type.equals("NodePort") || type.equals("LoadBalancer");
    }

    private static int nodePortOf(JsonNode ports, int port) {
        for (JsonNode item : ports) {
            if (item.path("port").asInt() == port) {
                return item.path("nodePort").asInt();
            }
        }
        return 0;
    }

    private static boolean blank(JsonNode value) {
        return value == null || value.isNull() || value.asText().isEmpty() || (value.isNumber() && value.asInt() == 0);
    }
}
