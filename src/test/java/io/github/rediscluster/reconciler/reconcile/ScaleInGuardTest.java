package io.github.rediscluster.reconciler.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScaleInGuardTest {

    private final ScaleInGuard guard = new ScaleInGuard();

    private static ObjectNode statefulSet(Integer specPods, int replicas) {
        String annotations = specPods == null ? "{}" : "{\"redis-cluster-reconciler/spec-pods\":\"" + specPods + "\"}";
        try {
            return (ObjectNode) new ObjectMapper().readTree(
                    "{\"metadata\":{\"annotations\":" + annotations + "},\"spec\":{\"replicas\":" + replicas + "}}");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void aLowerPodCountInTheSpecIsRefusedAndLeftAsItIs() {
        ObjectNode merged = statefulSet(4, 4);

        Optional<String> refusal = guard.check(statefulSet(6, 6), merged);

        assertThat(refusal).hasValueSatisfying(text -> assertThat(text)
                .startsWith("spec.replicas: the spec lowers the pod count from 6 to 4; removing pods before their slots")
                .contains("the StatefulSet keeps 6 pods"));
        assertThat(merged).isEqualTo(statefulSet(6, 6));
    }

    @Test
    void withoutTheAnnotationEveryLivePodCountsAsWanted() {
        ObjectNode merged = statefulSet(4, 4);

        assertThat(guard.check(statefulSet(null, 6), merged)).isPresent();
        assertThat(merged.at("/spec/replicas").asInt()).isEqualTo(6);
        assertThat(merged.at("/metadata/annotations").isEmpty()).isTrue();
    }

    @Test
    void podsAddedByHandBeyondTheSpecAreRemoved() {
        ObjectNode merged = statefulSet(6, 6);

        assertThat(guard.check(statefulSet(6, 8), merged)).isEmpty();
        assertThat(merged).isEqualTo(statefulSet(6, 6));
    }

    @Test
    void growingIsAllowed() {
        assertThat(guard.check(statefulSet(6, 6), statefulSet(8, 8))).isEmpty();
        assertThat(guard.check(statefulSet(6, 2), statefulSet(6, 6))).isEmpty();
    }
}
