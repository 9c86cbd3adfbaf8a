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
        String info = "redis-cli" + RedisTls.redisCliFlags(spec) + " -h 127.0.0.1 -p " + spec.port() + " info replication 2>/dev/null";
        // Holds while the server is a master that has had a replica during the hook; one that showed none within the
        // first second stops. Not "until it has no replica": a coordinated failover disconnects the replica a moment
        // before the old master learns it is one itself, and SIGTERM must not land in that gap.
        return List.of("sh", "-c", "h=0; for i in $(seq 1 " + polls + "); do r=$(" + info + "); echo \"$r\" | grep -q"
                + " '^role:master' || exit 0; echo \"$r\" | grep -q '^connected_slaves:[1-9]' && h=1;"
                + " [ $h = 0 ] && [ $i -gt 2 ] && exit 0; sleep " + POLL.toMillis() / 1000.0 + "; done; exit 0");
    }
}
