package io.github.rediscluster.reconciler.benchmark;

import io.github.rediscluster.reconciler.testing.ClusterCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Where the time of forming or a heal goes, as the benchmark's checks saw it: when every node first knew every pod
 * (gossip, handshakes), when every replica was first attached and synced, and when every node first said
 * cluster_state ok (slot owners known, Redis's own delays), each from the start of the measure. A phase is taken at
 * the start of the first check that saw it, so its resolution is a check's time.
 */
final class HealPhases {

    private final Instant start;
    private final int pods;
    private final int masters;
    private Instant allKnown;
    private Instant replicasSynced;
    private Instant stateOk;

    HealPhases(Instant start, int pods, int masters) {
        this.start = start;
        this.pods = pods;
        this.masters = masters;
    }

    void saw(Instant at, ClusterCheck.Snapshot snapshot) {
        if (snapshot.nodes().size() != pods) {
            return;
        }
        if (allKnown == null && snapshot.nodes().stream()
                .allMatch(node -> String.valueOf(pods).equals(node.info().get("cluster_known_nodes")))) {
            allKnown = at;
        }
        if (replicasSynced == null && snapshot.nodes().stream().filter(node -> node.myself().replica()).count() == pods - masters
                && snapshot.nodes().stream().filter(node -> node.myself().replica())
                        .allMatch(node -> "up".equals(node.info().get("master_link_status")))) {
            replicasSynced = at;
        }
        if (stateOk == null && snapshot.nodes().stream().allMatch(node -> "ok".equals(node.info().get("cluster_state")))) {
            stateOk = at;
        }
    }

    /** {@code all known 1.2 s, replicas synced 0.9 s, state ok 2.0 s} from the start. */
    String describe() {
        return "all known " + since(allKnown) + ", replicas synced " + since(replicasSynced) + ", state ok " + since(stateOk);
    }

    private String since(Instant at) {
        return at == null ? "-" : String.format(Locale.ROOT, "%.1f s", Duration.between(start, at).toMillis() / 1000.0);
    }
}
