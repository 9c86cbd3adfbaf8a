package io.github.rediscluster.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.rediscluster.reconciler.testing.Specs;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A real API server drops empty lists and maps when it stores an object. If a desired object carried one,
 * every pass would see it missing live and rewrite the object forever; the mock server, which stores what
 * it is sent, would never show it. So the desired objects must not carry any.
 */
class DesiredJsonTest {

    @Test
    void desiredObjectsCarryNoEmptyListOrMap() {
        DesiredState desired = DesiredState.of(Specs.classic());
        KubernetesSerialization serialization = new KubernetesSerialization();

        List<String> empty = new ArrayList<>();
        Stream.concat(desired.persistentVolumes().stream(), Stream.<HasMetadata>of(desired.redisConfig(),
                desired.headlessService(), desired.accessService(), desired.statefulSet()))
                .forEach(object -> collectEmpty(serialization.convertValue(object, JsonNode.class),
                        object.getKind() + " " + object.getMetadata().getName(), empty));

        assertThat(empty).isEmpty();
    }

    private static void collectEmpty(JsonNode node, String path, List<String> out) {
        if ((node.isArray() || node.isObject()) && node.isEmpty()) {
            out.add(path);
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> collectEmpty(field.getValue(), path + "." + field.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectEmpty(node.get(i), path + "[" + i + "]", out);
            }
        }
    }
}
