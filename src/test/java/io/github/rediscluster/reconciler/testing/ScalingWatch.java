package io.github.rediscluster.reconciler.testing;

import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Waits of the whole-cluster tests that scale: polls the sandbox's pods and the cluster ({@link ClusterCheck}) until
 * the cluster is balanced, or a move is in a state the test acts on; on timeout it fails with what it saw last and
 * what the reconciler's last pass said was not converged.
 */
public final class ScalingWatch {

    private final SandboxCluster run;
    private final int port;
    private final Duration deadline;

    public ScalingWatch(SandboxCluster run, int port, Duration deadline) {
        this.run = run;
        this.port = port;
        this.deadline = deadline;
    }

    /**
     * What a wait saw last, printed when it times out: the pods while they are not the spec's {@code wantedPods} all
     * Ready, then the cluster; and what the reconciler's last pass said was not converged.
     */
    public record Seen(List<SandboxPod> pods, int wantedPods, ClusterCheck.Snapshot cluster, List<String> reconciler) {

        @Override
        public String toString() {
            return (cluster == null ? pods.size() + " pods, waiting for " + wantedPods + " all Ready: "
                    + pods.stream().map(SandboxPod::describe).toList() : SlotMap.describe(cluster))
                    + "\nreconciler's last pass: " + reconciler;
        }
    }

    public ClusterCheck.Snapshot awaitBalanced(String what, int masters, int replicasPerMaster) {
        return awaitBalanced(what, masters, replicasPerMaster, pods -> true);
    }

    /** Polls until the spec's pods are Ready and as wanted, the cluster passes every check, and the slots are even. */
    public ClusterCheck.Snapshot awaitBalanced(String what, int masters, int replicasPerMaster,
            Predicate<List<SandboxPod>> podsAsWanted) {
        return Poll.until(what + ": healthy with " + masters + " masters x " + replicasPerMaster
                + " replicas, slots spread evenly", deadline, () -> see(masters, replicasPerMaster, podsAsWanted),
                seen -> seen.cluster() != null && seen.cluster().healthy() && SlotMap.even(seen.cluster(), masters)).cluster();
    }

    /** Polls until {@code masters x (1 + replicasPerMaster)} pods are Ready and the cluster they form is {@code as wanted}. */
    public ClusterCheck.Snapshot await(String what, int masters, int replicasPerMaster, Predicate<ClusterCheck.Snapshot> asWanted) {
        return Poll.until(what, deadline, () -> see(masters, replicasPerMaster, pods -> true),
                seen -> seen.cluster() != null && asWanted.test(seen.cluster())).cluster();
    }

    /** The pods, and when the spec's are all Ready and as wanted, the cluster they form. */
    public Seen see(int masters, int replicasPerMaster, Predicate<List<SandboxPod>> podsAsWanted) {
        List<SandboxPod> pods = run.sandbox().pods();
        int wanted = masters * (1 + replicasPerMaster);
        List<String> reconciler = run.loop().status().lastPass().map(pass -> Stream.concat(pass.problems().stream(),
                pass.topology().problems().stream()).toList()).orElse(List.of("no pass yet"));
        if (!ClusterCheck.podsReady(pods, masters, replicasPerMaster, podsAsWanted)) {
            return new Seen(pods, wanted, null, reconciler);
        }
        return new Seen(pods, wanted, ClusterCheck.take(run.redis(), port, pods, masters, replicasPerMaster), reconciler);
    }

    /** The pods Ready now: a client's seeds, as through the access Service. */
    public List<String> readyIps() {
        return run.sandbox().pods().stream().filter(SandboxPod::ready).map(SandboxPod::ip).toList();
    }
}
