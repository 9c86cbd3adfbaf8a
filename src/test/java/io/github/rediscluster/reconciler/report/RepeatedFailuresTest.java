package io.github.rediscluster.reconciler.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.act.StepOutcome;
import io.github.rediscluster.reconciler.plan.RedisCommand;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A step that fails the same way pass after pass is told once and stops the fast pace; anything new is told. */
class RepeatedFailuresTest {

    private static final TopologyStep REPLICATE = new TopologyStep(TopologyStep.Kind.REPLICATE, "redis-app-3", "test",
            List.of(new RedisCommand("redis-app-3", "10.0.0.4", List.of("CLUSTER", "REPLICATE", "abc"))));
    private static final TopologyStep MEET = new TopologyStep(TopologyStep.Kind.REJOIN, "redis-app-1", "test",
            List.of(new RedisCommand("redis-app-0", "10.0.0.1", List.of("CLUSTER", "MEET", "10.0.0.2", "6379"))));

    private final RepeatedFailures failures = new RepeatedFailures();

    @Test
    void aFailureIsToldTheFirstTimeAndNotWhenItRepeatsExactly() {
        StepOutcome refused = new StepOutcome(REPLICATE, List.of("redis-app-3: ERR refused"));

        RepeatedFailures.Verdict first = failures.judge(List.of(refused));
        RepeatedFailures.Verdict second = failures.judge(List.of(refused));

        assertThat(first.toTell()).containsExactly(refused);
        assertThat(first.onlyRepeats()).isFalse();
        assertThat(second.toTell()).isEmpty();
        assertThat(second.onlyRepeats()).isTrue();
    }

    @Test
    void aDifferentFailureASuccessOrAPassInBetweenIsToldAgain() {
        StepOutcome refused = new StepOutcome(REPLICATE, List.of("redis-app-3: ERR refused"));
        StepOutcome timedOut = new StepOutcome(REPLICATE, List.of("redis-app-3: no answer within 3000 ms"));
        StepOutcome met = new StepOutcome(MEET, List.of());

        failures.judge(List.of(refused));
        assertThat(failures.judge(List.of(timedOut)).toTell()).containsExactly(timedOut);
        assertThat(failures.judge(List.of(timedOut, met))).satisfies(verdict -> {
            assertThat(verdict.toTell()).containsExactly(met);
            assertThat(verdict.onlyRepeats()).isFalse();
        });
        failures.judge(List.of());
        assertThat(failures.judge(List.of(timedOut)).toTell()).containsExactly(timedOut);
    }

    @Test
    void aPassWithoutStepsIsNotARepeat() {
        assertThat(failures.judge(List.of()).onlyRepeats()).isFalse();
    }
}
