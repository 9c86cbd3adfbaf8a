package io.github.rediscluster.reconciler.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconcileLoopLivenessTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final Duration STUCK_AFTER = Duration.ofMinutes(5);

    private static Optional<String> stuck(Instant lastTick, Instant passRunningSince) {
        return ReconcileLoopLiveness.stuck(new ReconcileLoop.Status(Optional.ofNullable(lastTick),
                Optional.ofNullable(passRunningSince), Optional.empty(), false), NOW, STUCK_AFTER);
    }

    @Test
    void aliveWhileTicking() {
        assertThat(stuck(NOW.minusSeconds(1), null)).isEmpty();
        assertThat(stuck(null, null)).as("not ticked yet: the startup probe covers that").isEmpty();
        assertThat(stuck(NOW.minusSeconds(1), NOW.minusSeconds(299))).isEmpty();
    }

    @Test
    void aPassRunningTooLongIsStuck() {
        assertThat(stuck(NOW.minusSeconds(301), NOW.minusSeconds(301)))
                .contains("a reconcile pass has been running since 2026-11-26T09:54:59Z");
    }

    @Test
    void aLoopThatStoppedTickingIsStuck() {
        assertThat(stuck(NOW.minusSeconds(600), null)).contains("the loop has not ticked since 2026-11-26T09:50:00Z");
    }

    @Test
    void stuckAfterMustLeaveRoomForTheLongestSlotMovesOfAPass() {
        assertThat(ReconcileLoopLiveness.checked(STUCK_AFTER)).as("the default").isEqualTo(STUCK_AFTER);
        assertThatThrownBy(() -> ReconcileLoopLiveness.checked(Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("reconciler.liveness.stuck-after must be at least 4m (a pass may spend up to 2m moving slots), got PT1M");
    }
}
