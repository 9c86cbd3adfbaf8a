package io.github.rediscluster.reconciler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.sandbox.Sandbox;
import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Continuous SET + WAIT 1 writes against a sandbox cluster while a change is made to it, every acknowledged key read
 * back at the end: what the end-to-end tests of live changes and rollouts share.
 */
public final class WritesUnderChange implements AutoCloseable {

    public static final int PORT = 6379;

    /** What the writes saw: the figures printed, and the longest window in which every write failed. */
    public record Outcome(SoakWorkload.Stats stats, Duration longestErrorWindow, List<String> lost, String redisVersion) {
    }

    private final Sandbox sandbox;
    private final int masters;
    private final Duration timeout;
    private final RedisCalls redis = new RedisCalls();
    private SoakWorkload writes;

    public WritesUnderChange(Sandbox sandbox, int masters, Duration timeout) {
        this.sandbox = sandbox;
        this.masters = masters;
        this.timeout = timeout;
    }

    public RedisCalls redis() {
        return redis;
    }

    public void start() {
        writes = new SoakWorkload(() -> sandbox.pods().stream().map(SandboxPod::ip).filter(ip -> ip != null).toList(), PORT)
                .start();
        Poll.until("the first acknowledged writes", timeout, () -> writes.stats().acknowledged(), count -> count >= 100);
    }

    /** Writes on until some are acknowledged after the change, then stops them and reads back every acknowledged key. */
    public Outcome finish(String change) throws Exception {
        long now = writes.stats().acknowledged();
        Poll.until("acknowledged writes after the change", timeout, () -> writes.stats().acknowledged(),
                count -> count >= now + 200);
        writes.stop();
        awaitHealthy("healthy before the read-back", pods -> true);
        SoakWorkload.Stats stats = writes.stats();
        Outcome outcome = new Outcome(stats, writes.longestErrorWindow(), writes.lostAcknowledged(), redisVersion());
        System.out.printf("%s on Redis %s: %d writes, %d acknowledged, %d not acknowledged, %d errors %s, %d acknowledged"
                        + " writes lost; longest client error window %d ms%n", change, outcome.redisVersion(), stats.writes(),
                stats.acknowledged(), stats.notAcknowledged(), stats.errors(), stats.errorKinds(), outcome.lost().size(),
                outcome.longestErrorWindow().toMillis());
        return outcome;
    }

    /** As {@link #finish}, and no acknowledged write may be lost. */
    public Outcome finishLosingNothing(String change) throws Exception {
        Outcome outcome = finish(change);
        assertThat(outcome.lost()).as("acknowledged writes lost").isEmpty();
        return outcome;
    }

    public ClusterCheck.Snapshot awaitHealthy(String what, Predicate<List<SandboxPod>> podsAsWanted) {
        return Poll.until(what + ", then a healthy cluster", timeout, () -> {
            List<SandboxPod> pods = sandbox.pods();
            if (!ClusterCheck.podsReady(pods, masters, 1, podsAsWanted)) {
                return null;
            }
            return ClusterCheck.take(redis, PORT, pods, masters, 1);
        }, snapshot -> snapshot != null && snapshot.healthy());
    }

    public String redisVersion() throws Exception {
        return redisVersion(sandbox.pods().get(0));
    }

    public String redisVersion(SandboxPod pod) throws Exception {
        String info = redis.call(pod.ip(), PORT, "INFO", "server");
        return info.lines().filter(line -> line.startsWith("redis_version:")).map(line -> line.substring(14).strip())
                .findFirst().orElse("?");
    }

    @Override
    public void close() throws InterruptedException {
        if (writes != null) {
            writes.close();
        }
        redis.close();
    }
}
