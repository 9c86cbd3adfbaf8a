package io.github.rediscluster.reconciler.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A DELETE of a pod bound to a node is graceful, as on a real API server: the pod stays, with its deletionTimestamp
 * set, until the kubelet has run its preStop hook and stopped its containers ({@link PodTermination}), so that clients
 * (and the StatefulSet controller, which makes the pod again only once it is gone) see a terminating pod. The mock
 * removes an object at once unless a finalizer holds it, so the sandbox kubelet's finalizer is put on first. A delete
 * with gracePeriodSeconds 0 (kubectl delete --force), or of a pod never scheduled, removes it at once.
 */
final class GracefulPodDelete {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern POD = Pattern.compile("/api/v1/namespaces/[^/]+/pods/[^/]+");

    private GracefulPodDelete() {
    }

    /** Called before the mock sees the DELETE: holds the pod with the kubelet's finalizer when the delete is graceful. */
    static void hold(Dispatcher mock, RecordedRequest request, String path) {
        if (request.method() != HttpMethod.DELETE || !POD.matcher(path).matches() || immediate(request)) {
            return;
        }
        MockResponse found = mock.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.GET, path,
                request.getHeaders(), new Buffer()));
        if (found.code() != 200 || found.getBody() == null) {
            return;
        }
        try {
            ObjectNode pod = (ObjectNode) JSON.readTree(found.getBody().readUtf8());
            if (pod.path("spec").path("nodeName").asText("").isEmpty() || pod.path("metadata").has("deletionTimestamp")) {
                return;
            }
            ArrayNode finalizers = ((ObjectNode) pod.path("metadata")).withArray("finalizers");
            for (JsonNode finalizer : finalizers) {
                if (finalizer.asText().equals(PodTermination.FINALIZER)) {
                    return;
                }
            }
            finalizers.add(PodTermination.FINALIZER);
            mock.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.PUT, path, request.getHeaders(),
                    new Buffer(pod.toString().getBytes(StandardCharsets.UTF_8))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the mock returned a pod that is not JSON: " + path, e);
        }
    }

    private static boolean immediate(RecordedRequest request) {
        if (request.getPath().contains("gracePeriodSeconds=0")) {
            return true;
        }
        String body = request.getUtf8Body();
        if (body == null || body.isBlank()) {
            return false;
        }
        try {
            JsonNode options = JSON.readTree(body);
            return options.path("gracePeriodSeconds").isNumber() && options.path("gracePeriodSeconds").asLong() == 0;
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
