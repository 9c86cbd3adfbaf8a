package io.github.rediscluster.reconciler.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The revisions read from the StatefulSet as the model or as the JSON the objects side read: the same either way. */
class PodRevisionsTest {

    private static final List<Pod> PODS = List.of(pod("redis-app-0", "app-1"), pod("redis-app-1", "app-2"));

    @Test
    void theControllerCaughtUpTellsWhichPodIsOutdated() {
        StatefulSet set = statefulSet(3L, 3L, "app-2");

        for (PodRevisions revisions : both(set)) {
            assertThat(revisions.controllerCaughtUp()).isTrue();
            assertThat(revisions.updateRevision()).isEqualTo("app-2");
            assertThat(revisions.outdated("redis-app-0")).isTrue();
            assertThat(revisions.outdated("redis-app-1")).isFalse();
        }
    }

    @Test
    void aTemplateTheControllerHasNotSeenYetIsNotCaughtUp() {
        for (PodRevisions revisions : both(statefulSet(4L, 3L, "app-2"))) {
            assertThat(revisions.controllerCaughtUp()).isFalse();
        }
    }

    @Test
    void withoutAStatusNothingIsOutdated() {
        StatefulSet set = statefulSet(1L, 1L, "app-1");
        set.setStatus(null);

        for (PodRevisions revisions : both(set)) {
            assertThat(revisions.updateRevision()).isEmpty();
            assertThat(revisions.controllerCaughtUp()).isTrue();
            assertThat(revisions.outdated("redis-app-0")).isFalse();
        }
    }

    private static List<PodRevisions> both(StatefulSet set) {
        JsonNode json = Serialization.jsonMapper().valueToTree(set);
        return List.of(PodRevisions.of(Optional.of(set), PODS), PodRevisions.of(json, PODS));
    }

    private static StatefulSet statefulSet(long generation, long observed, String updateRevision) {
        return new StatefulSetBuilder().withNewMetadata().withName("redis-app").withGeneration(generation).endMetadata()
                .withNewStatus().withObservedGeneration(observed).withUpdateRevision(updateRevision).endStatus().build();
    }

    private static Pod pod(String name, String revision) {
        return new PodBuilder().withNewMetadata().withName(name).addToLabels(PodRevisions.LABEL, revision).endMetadata()
                .build();
    }
}
