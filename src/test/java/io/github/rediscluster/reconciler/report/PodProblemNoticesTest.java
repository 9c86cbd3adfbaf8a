package io.github.rediscluster.reconciler.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.observe.Diagnosis;
import io.github.rediscluster.reconciler.observe.PodProblem;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.Specs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PodProblemNoticesTest {

    private static final ClusterSpec SPEC = Specs.classic();
    private static final PodProblem DENIED = new PodProblem("redis-app-2", "NfsAccessDenied", "mount.nfs: access denied by server",
            "export it");
    private static final PodProblem PULL = new PodProblem("redis-app-1", "ImagePullFailed", "ImagePullBackOff", "fix the image");

    /** Records what would be sent to the API, and refuses while {@code refusing} is set. */
    private static final class RecordedEvents extends ClusterEvents {
        final List<Notice> sent = new ArrayList<>();
        boolean refusing;

        RecordedEvents() {
            super(null, "redis-cluster-reconciler-config");
        }

        @Override
        public Optional<String> record(ClusterSpec spec, List<Notice> notices) {
            if (refusing && !notices.isEmpty()) {
                return Optional.of("forbidden");
            }
            sent.addAll(notices);
            return Optional.empty();
        }
    }

    private final RecordedEvents events = new RecordedEvents();
    private final PodProblemNotices notices = new PodProblemNotices(events);

    private static Diagnosis found(PodProblem... problems) {
        return new Diagnosis(List.of(problems), Optional.empty());
    }

    @Test
    void eachProblemIsOneWarningEventWhileItLasts() {
        notices.tell(SPEC, found(DENIED));
        notices.tell(SPEC, found(new PodProblem("redis-app-2", "NfsAccessDenied", "reworded by the kubelet", "export it")));
        notices.tell(SPEC, found(DENIED, PULL));

        assertThat(events.sent).extracting(ClusterEvents.Notice::reason, ClusterEvents.Notice::warning)
                .containsOnly(org.assertj.core.groups.Tuple.tuple("PodNotStarting", true));
        assertThat(events.sent).extracting(ClusterEvents.Notice::message)
                .containsExactly(DENIED.describe(), PULL.describe());
    }

    @Test
    void aProblemThatClearedAndCameBackIsToldAgain() {
        notices.tell(SPEC, found(DENIED));
        notices.tell(SPEC, Diagnosis.NONE);
        notices.tell(SPEC, found(DENIED));

        assertThat(events.sent).hasSize(2);
    }

    @Test
    void aFailedReadClearsNothingAndARefusedEventIsTriedAgain() {
        notices.tell(SPEC, found(DENIED));
        notices.tell(SPEC, Diagnosis.failed("could not read the Events"));
        notices.tell(SPEC, found(DENIED));
        assertThat(events.sent).as("still the same problem after a failed read").hasSize(1);

        events.refusing = true;
        notices.tell(SPEC, found(DENIED, PULL));
        events.refusing = false;
        notices.tell(SPEC, found(DENIED, PULL));

        assertThat(events.sent).extracting(ClusterEvents.Notice::message).containsExactly(DENIED.describe(), PULL.describe());
    }
}
