package io.github.rediscluster.reconciler.report;

import io.github.rediscluster.reconciler.observe.Diagnosis;
import io.github.rediscluster.reconciler.act.StepOutcome;
import io.github.rediscluster.reconciler.observe.ClusterNode;
import io.github.rediscluster.reconciler.observe.ObservedCluster;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisView;
import io.github.rediscluster.reconciler.observe.SlotRange;
import io.github.rediscluster.reconciler.plan.TopologyPlan;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import io.github.rediscluster.reconciler.plan.WaitReason;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the Redis side of one pass found and did.
 *
 * @param error why the pass could not look at Redis at all (the pods could not be listed)
 * @param observed the pods and what each redis-server answered (no pods when the pass could not look)
 * @param onlyRepeatedFailures every step failed exactly as it did in the pass before
 * @param pods why pods do not start, when some do not
 */
public record TopologyReport(Optional<String> error, Summary summary, ObservedCluster observed, TopologyPlan plan,
        List<StepOutcome> outcomes, boolean onlyRepeatedFailures, Diagnosis pods) {

    /**
     * The figures readiness shows.
     *
     * @param knownNodes distinct NodeIds the answering pods know, themselves included (handshakes aside): equal to
     *        the spec's pod count once every pod has joined and every departed node is forgotten
     * @param slotsToMove slots not yet on the masters the spec wants
     * @param slotsMoved slots moved since the masters were last balanced
     */
    public record Summary(int expectedPods, int pods, int answering, int clusterStateOk, int knownNodes, int mastersWithSlots,
            int slotsCovered, int slotsToMove, int slotsMoved) {

        static Summary of(int expectedPods, ObservedCluster observed, int slotsToMove, int slotsMoved) {
            List<RedisView> views = observed.pods().stream().map(ObservedPod::view).flatMap(Optional::stream).toList();
            BitSet covered = new BitSet(SlotRange.SLOTS);
            views.forEach(view -> view.myself().slots().forEach(range -> covered.set(range.first(), range.last() + 1)));
            int masters = (int) views.stream().map(RedisView::myself).filter(ClusterNode::master).filter(ClusterNode::ownsSlots).count();
            int ok = (int) views.stream().filter(RedisView::clusterStateOk).count();
            int known = (int) views.stream().flatMap(view -> view.knownIds().stream()).distinct().count();
            return new Summary(expectedPods, observed.pods().size(), views.size(), ok, known, masters, covered.cardinality(),
                    slotsToMove, slotsMoved);
        }
    }

    public TopologyReport {
        outcomes = List.copyOf(outcomes);
    }

    public static TopologyReport of(int expectedPods, ObservedCluster observed, TopologyPlan plan, List<StepOutcome> outcomes,
            boolean onlyRepeatedFailures, int slotsMoved) {
        return new TopologyReport(Optional.empty(), Summary.of(expectedPods, observed, plan.slotsToMove(), slotsMoved), observed,
                plan, outcomes, onlyRepeatedFailures, Diagnosis.NONE);
    }

    public static TopologyReport failed(String error) {
        return new TopologyReport(Optional.of(error), new Summary(0, 0, 0, 0, 0, 0, 0, 0, 0), new ObservedCluster(List.of()),
                new TopologyPlan(List.of(), List.of(), List.of()), List.of(), false, Diagnosis.NONE);
    }

    public TopologyReport withDiagnosis(Diagnosis diagnosis) {
        return new TopologyReport(error, summary, observed, plan, outcomes, onlyRepeatedFailures, diagnosis);
    }

    /** Steps whose effect is a handshake away (a fraction of a second) and whose next step waits for it. */
    private static final Set<TopologyStep.Kind> INTRODUCTIONS = EnumSet.of(TopologyStep.Kind.BOOTSTRAP,
            TopologyStep.Kind.MEET_ALL, TopologyStep.Kind.JOIN, TopologyStep.Kind.REJOIN, TopologyStep.Kind.ANNOUNCE_ADDRESS,
            TopologyStep.Kind.ANNOUNCE_SLOTS);

    /**
     * The next pass should come well before the next tick: this one introduced nodes to each other (forming, a
     * rejoin after pods moved), or waits for a replica to learn its master, and what comes next (attaching replicas,
     * meeting the pods that answered later) needs only the handshakes those MEETs start, which take a fraction of a
     * second. A full restart and forming are time-critical; other waits (gossip, a failover, a sync) are Redis's own
     * pace and keep the tick's.
     */
    public boolean followUpSoon() {
        return error.isEmpty() && (outcomes.stream().anyMatch(outcome -> outcome.succeeded()
                && INTRODUCTIONS.contains(outcome.step().kind()))
                || plan.waits().stream().anyMatch(wait -> wait.reason() == WaitReason.REPLICA_MASTER_UNKNOWN));
    }

    /** The cluster is as the spec wants it and nothing was changed. */
    public boolean converged() {
        return error.isEmpty() && pods.problems().isEmpty() && plan.converged();
    }

    /**
     * Nothing is in motion that the next tick should look at: no step was taken, and no wait has a reason Redis
     * settles by itself ({@link io.github.rediscluster.reconciler.plan.WaitReason#converging()}: a handshake, a
     * failover, gossip). Pods that do not exist or answer yet are awaited through the pod watch, which asks for a
     * pass when they change. Steps that only failed again as before are retried at the spec's interval. Otherwise
     * the next pass runs at the next tick.
     */
    public boolean settled() {
        return error.isEmpty() && (onlyRepeatedFailures || plan.steps().isEmpty() && !plan.converging());
    }

    /** Why the Redis side is not converged, one line each: empty when it is. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        error.ifPresent(problems::add);
        // First: a pod that cannot start explains most of what follows (it does not answer, its slots wait).
        pods.problems().forEach(problem -> problems.add("pod cannot start: " + problem.describe()));
        pods.readError().ifPresent(problems::add);
        outcomes.stream().filter(outcome -> !outcome.succeeded())
                .forEach(outcome -> problems.add(outcome.step() + " failed: " + String.join("; ", outcome.failures())));
        plan.steps().forEach(step -> problems.add("changing: " + step));
        plan.waits().forEach(wait -> problems.add(wait.text()));
        plan.refusals().forEach(refusal -> problems.add("needs a human: " + refusal.text()));
        return problems;
    }
}
