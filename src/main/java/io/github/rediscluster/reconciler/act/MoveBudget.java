package io.github.rediscluster.reconciler.act;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the slot moves of one pass may still spend: keys (the spec's keys-per-pass) and time. No new batch of keys
 * starts once either is spent; slots left open are resumed by the next pass. The time bound keeps a pass short
 * whatever the keys weigh, well inside the liveness probe's stuck-after (see {@link #LONGEST_PASS_IN_MOVES}).
 */
final class MoveBudget {

    /** After this long moving keys, a pass starts no new batch. */
    static final Duration TIME_PER_PASS = Duration.ofMinutes(1);
    /**
     * The longest a pass spends in slot moves: {@link #TIME_PER_PASS}, then the batches in flight (at most
     * {@link KeyMigrator#WAVE_TIME} of MIGRATE timeouts), then closing the slots; rounded up. Liveness must wait longer.
     */
    static final Duration LONGEST_PASS_IN_MOVES = Duration.ofMinutes(2);

    private final Supplier<Instant> clock;
    private final Instant deadline;
    private long keysLeft;

    MoveBudget(long keys, Supplier<Instant> clock) {
        this.keysLeft = keys;
        this.clock = clock;
        this.deadline = clock.get().plus(TIME_PER_PASS);
    }

    MoveBudget(long keys) {
        this(keys, Instant::now);
    }

    /** Why no new batch may start, or empty when one may. */
    Optional<StepOutcome.Pause> spent() {
        if (keysLeft <= 0) {
            return Optional.of(StepOutcome.Pause.KEY_BUDGET);
        }
        return clock.get().isAfter(deadline) ? Optional.of(StepOutcome.Pause.TIME_BUDGET) : Optional.empty();
    }

    long keysLeft() {
        return keysLeft;
    }

    void spend(long keys) {
        keysLeft -= keys;
    }
}
