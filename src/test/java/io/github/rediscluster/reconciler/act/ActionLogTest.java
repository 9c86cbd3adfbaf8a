package io.github.rediscluster.reconciler.act;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.plan.RedisCommand;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The action log keeps each command sent, with its step and whether the step failed, and only the newest ones. */
class ActionLogTest {

    private static final Instant AT = Instant.parse("2026-11-26T12:00:00Z");

    private final ActionLog log = new ActionLog();

    @Test
    void eachCommandOfEachStepIsKeptInOrderWithItsStepAndOutcome() {
        TopologyStep rejoin = new TopologyStep(TopologyStep.Kind.REJOIN, "redis-app-1", "moved", List.of(
                new RedisCommand("redis-app-0", "10.0.0.1", List.of("CLUSTER", "MEET", "10.0.0.9", "6379")),
                new RedisCommand("redis-app-2", "10.0.0.3", List.of("CLUSTER", "MEET", "10.0.0.9", "6379"))));
        TopologyStep forget = new TopologyStep(TopologyStep.Kind.FORGET, "abc", "gone", List.of(
                new RedisCommand("redis-app-0", "10.0.0.1", List.of("CLUSTER", "FORGET", "abc"))));

        log.record(AT, List.of(new StepOutcome(rejoin, List.of()), new StepOutcome(forget, List.of("redis-app-0: ERR"))));

        assertThat(log.actions()).extracting(action -> action.kind() + " " + action.command() + " " + action.stepFailed())
                .containsExactly("REJOIN redis-app-0: CLUSTER MEET 10.0.0.9 6379 false",
                        "REJOIN redis-app-2: CLUSTER MEET 10.0.0.9 6379 false",
                        "FORGET redis-app-0: CLUSTER FORGET abc true");
        assertThat(log.actions()).allSatisfy(action -> assertThat(action.at()).isEqualTo(AT));
    }

    @Test
    void pastItsCapacityTheOldestGo() {
        TopologyStep step = new TopologyStep(TopologyStep.Kind.REJOIN, "redis-app-1", "moved", List.of(
                new RedisCommand("redis-app-0", "10.0.0.1", List.of("CLUSTER", "MEET", "10.0.0.9", "6379"))));
        log.record(AT.minusSeconds(1), List.of(new StepOutcome(step, List.of())));
        for (int i = 1; i < ActionLog.CAPACITY; i++) {
            log.record(AT, List.of(new StepOutcome(step, List.of())));
        }
        log.record(AT.plusSeconds(1), List.of(new StepOutcome(step, List.of())));

        assertThat(log.actions()).hasSize(ActionLog.CAPACITY);
        assertThat(log.actions().get(0).at()).as("the oldest, recorded first, is gone").isEqualTo(AT);
        assertThat(log.actions().get(ActionLog.CAPACITY - 1).at()).isEqualTo(AT.plusSeconds(1));
        assertThat(log.since(AT)).as("since the oldest kept").hasValueSatisfying(kept -> assertThat(kept).hasSize(ActionLog.CAPACITY));
        assertThat(log.since(AT.plusSeconds(1))).hasValueSatisfying(kept -> assertThat(kept).hasSize(1));
        assertThat(log.since(AT.minusSeconds(1))).as("since the dropped one: incomplete").isEmpty();
    }
}
