package io.github.rediscluster.reconciler.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;

/** The requests the mock API server received since the last drain, as "METHOD path" lines. */
public final class ApiRequestLog {

    private final AgentRequestLog calls;

    public ApiRequestLog(KubernetesMockServer server) {
        this.calls = new AgentRequestLog(server);
    }

    public List<String> drain() {
        return calls.drain().stream().map(AgentRequestLog.Call::request).toList();
    }

    public static List<String> writes(List<String> requests) {
        return requests.stream().filter(request -> !request.startsWith("GET ")).toList();
    }
}
