package io.github.rediscluster.reconciler.testing;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The requests the mock API server received since the last drain, as "METHOD path" lines. */
public final class ApiRequestLog {

    private final KubernetesMockServer server;

    public ApiRequestLog(KubernetesMockServer server) {
        this.server = server;
    }

    public List<String> drain() {
        List<String> requests = new ArrayList<>();
        try {
            RecordedRequest request;
            while ((request = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
                requests.add(request.getMethod() + " " + request.getPath());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return requests;
    }

    public static List<String> writes(List<String> requests) {
        return requests.stream().filter(request -> !request.startsWith("GET ")).toList();
    }
}
