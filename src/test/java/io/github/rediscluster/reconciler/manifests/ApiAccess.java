package io.github.rediscluster.reconciler.manifests;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One kind of access to the API, as RBAC sees it: read from a recorded request line such as
 * {@code GET /apis/apps/v1/namespaces/ns/statefulsets/redis-app}.
 *
 * @param namespaced false for cluster-scoped resources, which only a ClusterRole can grant
 */
record ApiAccess(boolean namespaced, String group, String resource, String verb) {

    private static final Pattern PATH = Pattern.compile(
            "/(?:api/v1|apis/(?<group>[^/]+)/[^/]+)(?:/namespaces/(?<namespace>[^/]+))?/(?<resource>[^/?]+)(?:/(?<name>[^/?]+))?(?:/[^?]*)?(?<query>\\?.*)?");

    static ApiAccess of(String requestLine) {
        String[] parts = requestLine.split(" ", 2);
        Matcher path = PATH.matcher(parts[1]);
        if (!path.matches()) {
            throw new IllegalArgumentException("not an API resource request: " + requestLine);
        }
        String query = path.group("query") == null ? "" : path.group("query");
        boolean named = path.group("name") != null;
        String verb = switch (parts[0]) {
            case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> throw new IllegalArgumentException("unexpected method in " + requestLine);
        };
        String group = path.group("group") == null ? "" : path.group("group");
        return new ApiAccess(path.group("namespace") != null, group, path.group("resource"), verb);
    }

    /** Every access the rules of a Role ({@code namespaced}) and of a ClusterRole grant, one per group, resource and verb. */
    static Set<ApiAccess> granted(List<PolicyRule> roleRules, List<PolicyRule> clusterRoleRules) {
        Set<ApiAccess> granted = new HashSet<>();
        addAll(granted, true, roleRules);
        addAll(granted, false, clusterRoleRules);
        return granted;
    }

    private static void addAll(Set<ApiAccess> granted, boolean namespaced, List<PolicyRule> rules) {
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        granted.add(new ApiAccess(namespaced, group, resource, verb));
                    }
                }
            }
        }
    }
}
