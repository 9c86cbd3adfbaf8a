package io.github.rediscluster.reconciler.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScaleInGuardTest {

    private static ObjectNode statefulSet(int replicas) {
        try {
            return (ObjectNode) new ObjectMapper().readTree("{\"spec\":{\"replicas\":" + replicas + "}}");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ScaleInGuard guard(int specPods, Integer releasedDownTo) {
        return new ScaleInGuard(Optional.ofNullable(releasedDownTo).map(ordinal -> new PodRelease(specPods, ordinal)));
    }

    @Test
    void aLowerPodCountWaitsUntilTheRedisSideReleasedThePodsThatGo() {
        ObjectNode merged = statefulSet(6);

        assertThat(guard(6, null).check(statefulSet(8), merged)).isEmpty();

        assertThat(merged).isEqualTo(statefulSet(8));
    }

    @Test
    void onceReleasedThePodCountGoesDown() {
        ObjectNode merged = statefulSet(6);

        assertThat(guard(6, 6).check(statefulSet(8), merged)).isEmpty();

        assertThat(merged).isEqualTo(statefulSet(6));
    }

    @Test
    void aReleaseSeenForAnotherSpecDoesNotCount() {
        ObjectNode merged = statefulSet(6);

        guard(4, 4).check(statefulSet(8), merged);

        assertThat(merged).as("released for a 4-pod spec, not for this 6-pod one").isEqualTo(statefulSet(8));
    }

    @Test
    void growingNeedsNoRelease() {
        ObjectNode merged = statefulSet(8);

        guard(8, null).check(statefulSet(6), merged);

        assertThat(merged).isEqualTo(statefulSet(8));
    }
}
