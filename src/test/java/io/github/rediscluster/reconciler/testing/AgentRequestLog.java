package io.github.rediscluster.reconciler.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The requests the mock API server received since the last drain, each with the user agent that sent it: several
 * processes share one mock and each sends its own agent ({@code -Dkubernetes.user.agent}).
 */
public final class AgentRequestLog {

    /** One request: its user agent and "METHOD path". */
    public record Call(String agent, String request) {

        public boolean isWrite() {
            return !request.startsWith("GET ");
        }

        @Override
        public String toString() {
            return agent + ": " + request;
        }
    }

    private final KubernetesMockServer server;

    public AgentRequestLog(KubernetesMockServer server) {
        this.server = server;
    }

    public List<Call> drain() {
        List<Call> calls = new ArrayList<>();
        try {
            RecordedRequest request;
            while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
                calls.add(new Call(userAgent(request), request.getMethod() + " " + request.getPath()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return calls;
    }

    private static String userAgent(RecordedRequest request) {
        return request.getHeaders().toMultimap().entrySet().stream()
                .filter(header -> header.getKey().equalsIgnoreCase("User-Agent"))
                .flatMap(header -> header.getValue().stream()).findFirst().orElse("");
    }
}
