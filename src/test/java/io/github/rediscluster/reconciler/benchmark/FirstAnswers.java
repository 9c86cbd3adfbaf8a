package io.github.rediscluster.reconciler.benchmark;

import io.github.rediscluster.reconciler.sandbox.Sandbox;
import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import io.github.rediscluster.reconciler.testing.RedisCalls;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * When each pod's redis-server first answered PING on an address it did not have before (e.g. after a full
 * restart): a thread polls the sandbox's pods every 20 ms and pings, all at once, those not heard yet. The heal
 * of a full restart is counted from the last of these answers: before it, no reconciler could have healed.
 */
final class FirstAnswers implements AutoCloseable {

    private final Sandbox sandbox;
    private final int port;
    private final Set<String> oldIps;
    private final RedisCalls redis = new RedisCalls();
    private final Map<String, Instant> answeredAt = new ConcurrentHashMap<>();
    private final ExecutorService pingers = Executors.newFixedThreadPool(16, runnable -> {
        Thread thread = new Thread(runnable, "first-answers");
        thread.setDaemon(true);
        return thread;
    });
    private final Thread watcher;
    private volatile boolean stopped;

    private FirstAnswers(Sandbox sandbox, int port, Set<String> oldIps) {
        this.sandbox = sandbox;
        this.port = port;
        this.oldIps = oldIps;
        this.watcher = new Thread(this::watch, "first-answers-watch");
        this.watcher.setDaemon(true);
    }

    /** Starts watching for pods on addresses other than {@code oldIps}. */
    static FirstAnswers watch(Sandbox sandbox, int port, Set<String> oldIps) {
        FirstAnswers answers = new FirstAnswers(sandbox, port, oldIps);
        answers.watcher.start();
        return answers;
    }

    /** The moment the last of {@code pods} first answered at its current IP; empty if one has not yet. */
    Optional<Instant> lastAnswer(List<SandboxPod> pods) {
        Instant last = Instant.MIN;
        for (SandboxPod pod : pods) {
            Instant at = pod.ip() == null ? null : answeredAt.get(pod.ip());
            if (at == null) {
                return Optional.empty();
            }
            last = at.isAfter(last) ? at : last;
        }
        return Optional.of(last);
    }

    private void watch() {
        while (!stopped) {
            List<CompletableFuture<Void>> pings = sandbox.pods().stream()
                    .filter(pod -> pod.ip() != null && !oldIps.contains(pod.ip()) && !answeredAt.containsKey(pod.ip()))
                    .map(pod -> CompletableFuture.runAsync(() -> {
                        if (redis.pings(pod.ip(), port)) {
                            answeredAt.putIfAbsent(pod.ip(), Instant.now());
                        }
                    }, pingers)).toList();
            pings.forEach(CompletableFuture::join);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        watcher.join(10_000);
        pingers.shutdownNow();
        redis.close();
    }
}
