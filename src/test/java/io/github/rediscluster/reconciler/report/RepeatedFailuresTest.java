package io.github.rediscluster.reconciler.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.act.StepOutcome;
import io.github.rediscluster.reconciler.plan.RedisCommand;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import io.github.rediscluster.reconciler.report.ClusterEvents.Notice;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A step that fails the same way pass after pass is told once and stops the fast pace; anything new is told. */
class RepeatedFailuresTest {

    private static final TopologyStep REPLICATE = new TopologyStep(TopologyStep.Kind.REPLICATE, "redis-app-3", "test",
            List.of(new RedisCommand("redis-app-3", "10.0.0.4", List.of("CLUSTER", "REPLICATE", "abc"))));
    private static final TopologyStep MEET = new TopologyStep(TopologyStep.Kind.REJOIN, "redis-app-1", "test",
            List.of(new RedisCommand("redis-app-0", "10.0.0.1", List.of("CLUSTER", "MEET", "10.0.0.2", "6379"))));

    private final Announced announced = new Announced();

    /** What a pass with these outcomes tells, and whether they only repeated what was told. */
    private record Pass(List<Notice> told, boolean onlyRepeats) {
    }

    private Pass pass(StepOutcome... outcomes) {
        boolean onlyRepeats = RepeatedFailures.onlyRepeats(announced.told, List.of(outcomes));
        return new Pass(announced.tell(StepNotices.of(List.of(outcomes))), onlyRepeats);
    }

    private static String subject(Notice notice) {
        return notice.reason() + " " + notice.message();
    }

    @Test
    void aFailureIsToldTheFirstTimeAndNotWhenItRepeatsExactly() {
        StepOutcome refused = new StepOutcome(REPLICATE, List.of("redis-app-3: ERR refused"));

        Pass first = pass(refused);
        Pass second = pass(refused);

        assertThat(first.told()).extracting(RepeatedFailuresTest::subject)
                .containsExactly("NodeReplicateFailed redis-app-3: redis-app-3: ERR refused (reason for it: test)");
        assertThat(first.onlyRepeats()).isFalse();
        assertThat(second.told()).isEmpty();
        assertThat(second.onlyRepeats()).isTrue();
    }

    @Test
    void aDifferentFailureASuccessOrAPassInBetweenIsToldAgain() {
        StepOutcome refused = new StepOutcome(REPLICATE, List.of("redis-app-3: ERR refused"));
        StepOutcome timedOut = new StepOutcome(REPLICATE, List.of("redis-app-3: no answer within 3000 ms"));
        StepOutcome met = new StepOutcome(MEET, List.of());

        pass(refused);
        assertThat(pass(timedOut).told()).extracting(Notice::message).singleElement().asString().contains("no answer within 3000 ms");
        assertThat(pass(timedOut, met)).satisfies(both -> {
            assertThat(both.told()).extracting(Notice::message).singleElement().asString().startsWith("redis-app-1: test");
            assertThat(both.onlyRepeats()).isFalse();
        });
        pass();
        assertThat(pass(timedOut).told()).extracting(Notice::message).singleElement().asString().contains("no answer within 3000 ms");
    }

    @Test
    void aPassWithoutStepsIsNotARepeat() {
        assertThat(pass().onlyRepeats()).isFalse();
    }
}
