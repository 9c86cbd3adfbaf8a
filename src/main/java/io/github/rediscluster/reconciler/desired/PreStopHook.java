package io.github.rediscluster.reconciler.desired;

import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.time.Duration;
import java.util.List;

/**
 * The redis-server container's preStop hook: while the server is still a master with replicas, SIGTERM waits (at most
 * {@link #LONGEST_WAIT}, well inside the default 30 s grace), so that the reconciler, woken by the pod's
 * deletionTimestamp, can hand its slots to a synced replica with a coordinated failover first. A replica, a master
 * without replicas and a server that does not answer stop at once. The hook decides nothing itself: the reconciler
 * chooses the replica, and the hook only gives it the time.
 */
public final class PreStopHook {

    public static final Duration LONGEST_WAIT = Duration.ofSeconds(20);
    static final Duration POLL = Duration.ofMillis(500);

    private PreStopHook() {
    }

    public static List<String> command(ClusterSpec spec) {
        long polls = LONGEST_WAIT.toMillis() / POLL.toMillis();
        return List.of("sh", "-c", "for i in $(seq 1 " + polls + "); do redis-cli -h 127.0.0.1 -p " + spec.port()
                + " info replication 2>/dev/null | awk -F: '/^role:/ {r=$2} /^connected_slaves:/ {c=$2+0}"
                + " END {exit !(r ~ /^master/ && c > 0)}' || exit 0; sleep " + POLL.toMillis() / 1000.0 + "; done");
    }
}
