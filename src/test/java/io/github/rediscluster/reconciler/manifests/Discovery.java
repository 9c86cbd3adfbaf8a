package io.github.rediscluster.reconciler.manifests;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The API discovery documents kubectl reads before it sends anything (/api, /apis and one resource list per group
 * version), for the kinds of the given objects, served by a mock API in expectations mode: everything else is 404, so
 * kubectl finds none of the objects.
 */
final class Discovery {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Discovery() {
    }

    static void serve(KubernetesMockServer server, List<HasMetadata> objects) {
        Map<String, ArrayNode> resourcesByGroupVersion = new TreeMap<>();
        for (HasMetadata object : objects) {
            String plural = object.getKind().toLowerCase() + "s";
            ArrayNode resources = resourcesByGroupVersion.computeIfAbsent(object.getApiVersion(), any -> JSON.createArrayNode());
            ObjectNode resource = resources.addObject().put("name", plural).put("singularName", "")
                    .put("namespaced", !object.getKind().startsWith("Cluster")).put("kind", object.getKind());
            resource.putArray("verbs").add("create").add("get").add("list").add("patch").add("update");
        }
        ObjectNode versions = JSON.createObjectNode().put("kind", "APIVersions");
        versions.putArray("versions").add("v1");
        versions.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0").put("serverAddress", "127.0.0.1");
        ObjectNode groups = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groupList = groups.putArray("groups");
        resourcesByGroupVersion.forEach((groupVersion, resources) -> {
            ObjectNode list = JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                    .put("groupVersion", groupVersion);
            list.set("resources", resources);
            boolean core = !groupVersion.contains("/");
            answer(server, core ? "/api/" + groupVersion : "/apis/" + groupVersion, list);
            if (!core) {
                ObjectNode group = groupList.addObject().put("name", groupVersion.substring(0, groupVersion.indexOf('/')));
                ObjectNode version = JSON.createObjectNode().put("groupVersion", groupVersion)
                        .put("version", groupVersion.substring(groupVersion.indexOf('/') + 1));
                group.putArray("versions").add(version);
                group.set("preferredVersion", version);
            }
        });
        answer(server, "/api", versions);
        answer(server, "/apis", groups);
    }

    /** kubectl's discovery requests carry its default request timeout as a query. */
    private static void answer(KubernetesMockServer server, String path, ObjectNode document) {
        for (String query : new String[] {"", "?timeout=32s"}) {
            server.expect().get().withPath(path + query).andReturn(200, document.toString()).always();
        }
    }

    static String kubeconfig(String server) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                users:
                - name: test
                  user:
                    token: test
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: test
                    namespace: default
                current-context: mock
                """.formatted(server.replaceAll("/$", ""));
    }
}
