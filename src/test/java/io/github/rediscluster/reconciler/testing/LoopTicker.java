package io.github.rediscluster.reconciler.testing;

import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The reconcile loop ticking every second on a thread of its own, as the scheduler ticks it when deployed (the
 * scheduler is off in tests, so a test decides when the loop runs).
 */
public final class LoopTicker implements AutoCloseable {

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor();

    private LoopTicker() {
    }

    /** Asks for a pass and ticks from now on. */
    public static LoopTicker start(ReconcileLoop loop) {
        LoopTicker ticker = new LoopTicker();
        loop.requestPass();
        ticker.thread.scheduleWithFixedDelay(loop::tick, 0, 1, TimeUnit.SECONDS);
        return ticker;
    }

    /** Stops ticking, once a tick in progress has ended; closing again does nothing. */
    @Override
    public void close() throws InterruptedException {
        thread.shutdownNow();
        if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("a reconcile pass did not end within 30 s of stopping the ticks");
        }
    }
}
