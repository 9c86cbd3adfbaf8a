package io.github.rediscluster.reconciler.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Waits for a condition with a deadline; on timeout fails with the last state seen, never with a bare "false". */
public final class Poll {

    private Poll() {
    }

    /**
     * Polls {@code state} until {@code done} holds for it; returns that state, or fails after {@code timeout}
     * with {@code what} and the last state.
     */
    public static <T> T until(String what, Duration timeout, Supplier<T> state, java.util.function.Predicate<T> done) {
        Instant deadline = Instant.now().plus(timeout);
        T last = null;
        RuntimeException lastError = null;
        while (true) {
            try {
                last = state.get();
                lastError = null;
                if (done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                lastError = e;
            }
            if (Instant.now().isAfter(deadline)) {
                AssertionError failure = new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for "
                        + what + "; last state seen: " + last);
                if (lastError != null) {
                    failure.addSuppressed(lastError);
                }
                throw failure;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
