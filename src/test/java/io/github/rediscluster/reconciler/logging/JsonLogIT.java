package io.github.rediscluster.reconciler.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.github.rediscluster.reconciler.testing.Poll;
import io.github.rediscluster.reconciler.testing.ReconcilerProcess;
import io.github.rediscluster.reconciler.testing.SpecFile;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged service switched to JSON logs by configuration alone: every console line is one JSON object with the
 * level, the logger and the message, the INFO lines of a first pass included.
 */
class JsonLogIT {

    private static final Path DIRECTORY = Path.of("target", "json-log-it");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyLineIsAJsonObjectWhenSwitchedOn() throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        Path spec = DIRECTORY.resolve("spec").resolve("application.properties");
        Files.createDirectories(spec.getParent());
        Files.writeString(spec, SpecFile.CLASSIC);
        try (ReconcilerProcess service = ReconcilerProcess.start("json-logs", server.createClient().getMasterUrl().toString(),
                SpecFile.NAMESPACE, DIRECTORY, Map.of("reconciler.spec.locations", spec.toAbsolutePath().toString(),
                        "reconciler.leader-election.enabled", "false", "quarkus.log.console.json.enabled", "true"))) {
            List<JsonNode> lines = Poll.until("the first pass's INFO line about the StatefulSet it created",
                    Duration.ofSeconds(60), () -> parse(service), parsed -> parsed.stream().anyMatch(line ->
                            line.path("message").asText().equals("Created StatefulSet redis-test/redis-app")));

            assertThat(lines).allSatisfy(line -> {
                assertThat(line.path("level").asText()).isNotEmpty();
                assertThat(line.path("loggerName").asText()).isNotEmpty();
                assertThat(line.has("timestamp")).isTrue();
            });
        } finally {
            server.destroy();
        }
    }

    /** Every complete line of the service's log so far, each of which must be a JSON object. */
    private static List<JsonNode> parse(ReconcilerProcess service) {
        String text = service.logText();
        List<JsonNode> lines = new ArrayList<>();
        // The last line may be half written yet.
        for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                assertThat(node.isObject()).as("a JSON object: %s", line).isTrue();
                lines.add(node);
            } catch (IOException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }
        return lines;
    }
}
