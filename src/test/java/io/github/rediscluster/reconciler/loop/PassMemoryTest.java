package io.github.rediscluster.reconciler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.act.StepOutcome;
import io.github.rediscluster.reconciler.apply.PodRelease;
import io.github.rediscluster.reconciler.observe.AuthSurvey;
import io.github.rediscluster.reconciler.plan.RedisCommand;
import io.github.rediscluster.reconciler.plan.TopologyPlan;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What one pass hands the next, from literal plans and outcomes. */
class PassMemoryTest {

    private static final Instant T0 = Instant.parse("2026-12-02T01:00:00Z");
    private static final TopologyStep FAILOVER = new TopologyStep(TopologyStep.Kind.FAILOVER, "redis-app-3", "restore the layout",
            List.of(new RedisCommand("redis-app-3", "10.0.0.4", List.of("CLUSTER", "FAILOVER"))), Optional.empty());
    private static final TopologyPlan NOTHING_TO_DO = new TopologyPlan(List.of(), List.of(), List.of());
    private static final AuthSurvey ALL_PROTECTED = new AuthSurvey(true, true, List.of(), List.of());

    private static PassMemory afterFailover(List<String> failures) {
        return PassMemory.FIRST.after(T0, 6, AuthSurvey.NONE, new TopologyPlan(List.of(FAILOVER), List.of(), List.of()),
                List.of(new StepOutcome(FAILOVER, failures)));
    }

    private static StepOutcome moved(int slots) {
        TopologyStep step = new TopologyStep(TopologyStep.Kind.REJOIN, "redis-app-1", "test", List.of(), Optional.empty());
        return new StepOutcome(step, List.of(), List.of(), new StepOutcome.MoveProgress(slots, 10, List.of(), StepOutcome.Pause.NONE));
    }

    @Test
    void aFailoverRequestedIsInFlightForItsPatienceThenForgotten() {
        PassMemory requested = afterFailover(List.of());

        assertThat(requested.failoversInFlight()).containsExactly("redis-app-3");
        assertThat(requested.lookingAt(T0.plus(PassMemory.FAILOVER_PATIENCE)).failoversInFlight()).containsExactly("redis-app-3");
        assertThat(requested.lookingAt(T0.plus(PassMemory.FAILOVER_PATIENCE).plusMillis(1)).failoversInFlight()).isEmpty();
    }

    @Test
    void aFailoverThatFailedIsNotInFlight() {
        assertThat(afterFailover(List.of("redis-app-3: ERR not a replica")).failoversInFlight()).isEmpty();
    }

    @Test
    void theReleaseDecisionAndTheAuthSurveyAreHandedOnAndAPassThatCannotLookHandsOnNeither() {
        TopologyPlan released = new TopologyPlan(List.of(), List.of(), List.of(), 0, Optional.of(6));

        PassMemory next = PassMemory.FIRST.after(T0, 6, ALL_PROTECTED, released, List.of());

        assertThat(next.release()).contains(new PodRelease(6, 6));
        assertThat(next.release().orElseThrow().allows(6)).isTrue();
        assertThat(next.authSurvey()).isEqualTo(ALL_PROTECTED);
        PassMemory blind = next.lookingAt(T0.plusSeconds(1));
        assertThat(blind.release()).isEmpty();
        assertThat(blind.authSurvey()).isEqualTo(AuthSurvey.NONE);
        assertThat(PassMemory.FIRST.after(T0, 6, ALL_PROTECTED, NOTHING_TO_DO, List.of()).release()).as("nothing released").isEmpty();
    }

    @Test
    void slotsMovedAddUpWhileSlotsRemainAndStartAgainOnceBalanced() {
        TopologyPlan moving = new TopologyPlan(List.of(), List.of(), List.of(), 100, Optional.empty());

        PassMemory first = PassMemory.FIRST.after(T0, 8, AuthSurvey.NONE, moving, List.of(moved(30)));
        PassMemory second = first.after(T0.plusSeconds(1), 8, AuthSurvey.NONE, moving, List.of(moved(20)));
        PassMemory balanced = second.after(T0.plusSeconds(2), 8, AuthSurvey.NONE, NOTHING_TO_DO, List.of());

        assertThat(first.slotsMoved()).isEqualTo(30);
        assertThat(second.slotsMoved()).isEqualTo(50);
        assertThat(second.lookingAt(T0.plusSeconds(2)).slotsMoved()).as("a pass that cannot look keeps the count").isEqualTo(50);
        assertThat(balanced.slotsMoved()).isZero();
    }

    @Test
    void failoversStayRememberedAcrossPassesUntilTheirPatienceEnds() {
        PassMemory later = afterFailover(List.of()).lookingAt(T0.plusSeconds(5))
                .after(T0.plusSeconds(5), 6, AuthSurvey.NONE, NOTHING_TO_DO, List.of());

        assertThat(later.failoversRequested()).containsEntry("redis-app-3", T0);
        assertThat(later.lookingAt(T0.plus(Duration.ofSeconds(16))).failoversInFlight()).isEmpty();
    }
}
