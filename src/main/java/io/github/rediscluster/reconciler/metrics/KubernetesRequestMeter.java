package io.github.rediscluster.reconciler.metrics;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Counts every request the Kubernetes client sends, by verb (as the API server's own {@code apiserver_request_total}
 * names them: LIST and WATCH apart from GET; writes are POST, PUT, PATCH and DELETE), resource and status code.
 */
@ApplicationScoped
public class KubernetesRequestMeter implements Interceptor {

    private final MeterRegistry registry;
    private final ClusterTags tags;

    public KubernetesRequestMeter(MeterRegistry registry, ClusterTags tags) {
        this.registry = registry;
        this.tags = tags;
    }

    @Override
    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        count(request, String.valueOf(response.code()));
    }

    @Override
    public void afterConnectionFailure(HttpRequest request, Throwable failure) {
        count(request, "none");
    }

    private void count(HttpRequest request, String code) {
        ReconcilerMeter meter = ReconcilerMeter.KUBERNETES_REQUESTS;
        Counter.builder(meter.meterName()).description(meter.description()).tags(tags.tags())
                .tag("verb", verb(request.method(), request.uri())).tag("resource", resource(request.uri().getPath()))
                .tag("code", code).register(registry).increment();
    }

    /** GET of a collection is a LIST, GET with {@code watch=true} a WATCH; other methods as they are. */
    static String verb(String method, URI uri) {
        if (!"GET".equals(method)) {
            return method;
        }
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        if (("&" + query).contains("&watch=true")) {
            return "WATCH";
        }
        List<String> parts = parts(uri.getPath());
        boolean collection = parts.size() == 1 || parts.size() == 3 && parts.get(0).equals("namespaces");
        return collection ? "LIST" : "GET";
    }

    /**
     * The resource of an API path: {@code /api/v1/namespaces/ns/pods/name} is pods,
     * {@code /apis/apps/v1/namespaces/ns/statefulsets} statefulsets, {@code /api/v1/namespaces/ns} namespaces.
     */
    static String resource(String path) {
        List<String> parts = parts(path);
        if (parts.isEmpty()) {
            return "none";
        }
        if (parts.size() >= 3 && parts.get(0).equals("namespaces")) {
            parts = parts.subList(2, parts.size());
        }
        return parts.get(0);
    }

    /** The path after the group and version: {@code namespaces/ns/pods/name}. */
    private static List<String> parts(String path) {
        List<String> all = List.of(path.replaceAll("^/+|/+$", "").split("/+"));
        int skip = !all.isEmpty() && all.get(0).equals("api") ? 2 : !all.isEmpty() && all.get(0).equals("apis") ? 3 : 0;
        return skip >= all.size() ? List.of() : all.subList(skip, all.size());
    }
}
