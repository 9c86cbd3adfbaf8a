package io.github.rediscluster.reconciler.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.github.rediscluster.reconciler.apiserver.StoredForm;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The sandbox API's layer between its clients and the fabric8 mock, which stores exactly what it is sent: every object
 * written (POST, PUT, and the result of a PATCH) is stored as kube-apiserver v1.34 stores it, with its kind's defaults,
 * without the empty fields the API types omit, with canonical quantities ({@link StoredForm}), and with the addresses
 * a Service is allocated ({@link ServiceAllocations}). So a client that takes the server's form of an object for a
 * change it must write back (phantom drift) writes on every pass here too, as it would on a real cluster. Requests
 * are recorded by the mock as they were sent; the layer's own reads and writes are not recorded.
 */
public final class ApiServerBehaviour extends Dispatcher {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Dispatcher mock;
    private final ServiceAllocations services = new ServiceAllocations();

    public ApiServerBehaviour(Dispatcher mock) {
        this.mock = mock;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        HttpMethod method = request.method();
        if (method == HttpMethod.POST || method == HttpMethod.PUT) {
            Optional<ObjectNode> object = object(request.getUtf8Body());
            if (object.isPresent()) {
                return mock.dispatch(withBody(request, method, stored(object.get(), request)));
            }
        }
        GracefulPodDelete.hold(mock, request, pathOf(request));
        MockResponse response = mock.dispatch(request);
        if (method == HttpMethod.PATCH && response.code() / 100 == 2 && response.getBody() != null) {
            // The mock patched what it had; the server would store the patched object in its stored form.
            Optional<ObjectNode> patched = object(response.getBody().readUtf8());
            if (patched.isPresent()) {
                return mock.dispatch(withBody(request, HttpMethod.PUT, StoredForm.of(patched.get())));
            }
        }
        return response;
    }

    private ObjectNode stored(ObjectNode sent, RecordedRequest request) {
        ObjectNode stored = StoredForm.of(sent);
        String path = pathOf(request);
        if (stored.path("kind").asText().equals("Service") && !path.endsWith("/status")) {
            Optional<JsonNode> before = request.method() == HttpMethod.PUT ? read(request, path) : Optional.empty();
            services.allocate(stored, before);
        }
        return stored;
    }

    private Optional<JsonNode> read(RecordedRequest request, String path) {
        MockResponse response = mock.dispatch(new RecordedRequest(request.getHttpVersion(), HttpMethod.GET, path,
                request.getHeaders(), new Buffer()));
        return response.code() == 200 && response.getBody() != null ? object(response.getBody().readUtf8()).map(JsonNode.class::cast)
                : Optional.empty();
    }

    private static String pathOf(RecordedRequest request) {
        String path = request.getPath();
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    private static RecordedRequest withBody(RecordedRequest request, HttpMethod method, ObjectNode body) {
        String path = method == request.method() ? request.getPath() : pathOf(request);
        return new RecordedRequest(request.getHttpVersion(), method, path, request.getHeaders(),
                new Buffer(body.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The body as a JSON object with a kind, else empty (no body, a list, a JSON patch, a DeleteOptions...). */
    private static Optional<ObjectNode> object(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(body);
            return node instanceof ObjectNode object && object.hasNonNull("kind") && !object.has("items")
                    ? Optional.of(object) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    @Override
    public void shutdown() {
        mock.shutdown();
    }
}
