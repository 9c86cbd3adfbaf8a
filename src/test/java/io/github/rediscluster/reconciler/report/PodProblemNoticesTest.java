package io.github.rediscluster.reconciler.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.observe.Diagnosis;
import io.github.rediscluster.reconciler.observe.PodProblem;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodProblemNoticesTest {

    private static final PodProblem DENIED = new PodProblem("redis-app-2", "NfsAccessDenied", "mount.nfs: access denied by server",
            "export it");
    private static final PodProblem PULL = new PodProblem("redis-app-1", "ImagePullFailed", "ImagePullBackOff", "fix the image");

    private final Announced announced = new Announced();
    private final RecordedEvents events = announced.events;

    private static Diagnosis found(PodProblem... problems) {
        return new Diagnosis(List.of(problems), Optional.empty());
    }

    @Test
    void eachProblemIsOneWarningEventWhileItLasts() {
        tell(found(DENIED));
        tell(found(new PodProblem("redis-app-2", "NfsAccessDenied", "reworded by the kubelet", "export it")));
        tell(found(DENIED, PULL));

        assertThat(events.sent).extracting(ClusterEvents.Notice::reason, ClusterEvents.Notice::warning)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("PodNotStarting", true));
        assertThat(events.sent).extracting(ClusterEvents.Notice::message)
                .containsExactly(DENIED.describe(), PULL.describe());
    }

    @Test
    void aProblemThatClearedAndCameBackIsToldAgain() {
        tell(found(DENIED));
        tell(Diagnosis.NONE);
        tell(found(DENIED));

        assertThat(events.sent).hasSize(2);
    }

    @Test
    void aFailedReadClearsNothingAndARefusedEventIsTriedAgain() {
        tell(found(DENIED));
        tell(Diagnosis.failed("could not read the Events"));
        tell(found(DENIED));
        assertThat(events.sent).as("still the same problem after a failed read").hasSize(1);

        events.refusing = true;
        tell(found(DENIED, PULL));
        events.refusing = false;
        tell(found(DENIED, PULL));

        assertThat(events.sent).extracting(ClusterEvents.Notice::message).containsExactly(DENIED.describe(), PULL.describe());
    }

    private void tell(Diagnosis diagnosis) {
        announced.tell(PodProblemNotices.of(diagnosis));
    }
}
