package io.github.rediscluster.reconciler.report;

import io.github.rediscluster.reconciler.apply.ApplyOutcome;
import io.github.rediscluster.reconciler.spec.SpecStore;
import io.github.rediscluster.reconciler.act.ActionLog;
import io.github.rediscluster.reconciler.act.StepOutcome;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.observe.ClusterNode;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.OpenSlot;
import io.github.rediscluster.reconciler.observe.RedisView;
import io.github.rediscluster.reconciler.observe.SlotRange;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code GET /status} answers: the spec in force, the last pass and the topology it saw, and the newest
 * commands sent to Redis. Built only from what the service already holds (no API or Redis call), and from types
 * that hold no secret: the spec names a Secret at most, never its content.
 */
@RegisterForReflection(targets = {ClusterSpec.class, ClusterSpec.Storage.class, ClusterSpec.Resources.class, ClusterSpec.Auth.class,
        ClusterSpec.Resharding.class, TopologyReport.Summary.class})
public record ClusterStatus(Leader leader, SpecStatus spec, Optional<LastPass> lastPass, List<PodStatus> pods,
        List<String> recentActions) {

    /** Commands shown in {@link #recentActions}: enough to see the last few passes that changed something. */
    static final int RECENT_ACTIONS = 50;

    /**
     * @param leads whether this instance holds the Lease and reconciles (a follower has no last pass)
     * @param leader who holds the Lease, as far as this instance knows
     * @param lease namespace/name of the Lease, or why there is none
     */
    @RegisterForReflection
    public record Leader(String identity, boolean leads, Optional<String> leader, String lease) {
    }

    /**
     * @param inForce the spec the service works to
     * @param problem why the newest content of the spec file is not in force
     * @param change how the spec in force came to be (the first read, or the keys of the last accepted edit)
     */
    @RegisterForReflection
    public record SpecStatus(Optional<ClusterSpec> inForce, Optional<String> problem, Optional<String> change) {
    }

    /**
     * @param notConverged why the objects or the cluster are not yet as the spec wants them; empty when converged
     * @param dryRun the pass wrote nothing (redis-cluster.dry-run)
     * @param dryRunPlan what a dry-run pass would have done (see DryRunPlan); empty otherwise
     */
    @RegisterForReflection
    public record LastPass(String startedAt, long durationMillis, boolean converged, List<ObjectChange> objectChanges,
            List<Action> actions, List<String> notConverged, TopologyReport.Summary cluster, boolean dryRun,
            List<String> dryRunPlan) {
    }

    /** An object the pass created, rewrote, could not write, or would not change as asked. */
    @RegisterForReflection
    public record ObjectChange(String object, String action, List<String> drifted, List<String> refused, Optional<String> error) {
    }

    /** A Redis Cluster step the pass took, why, and what became of it. */
    @RegisterForReflection
    public record Action(String kind, String subject, String reason, boolean succeeded, List<String> failures, int commands) {
    }

    /**
     * A redis-server pod as the last pass saw it.
     *
     * @param error why it could not be asked (empty when it answered)
     * @param role master or replica, by its own CLUSTER NODES line
     * @param masterId for a replica, the NodeId of its master
     */
    @RegisterForReflection
    public record PodStatus(String name, int ordinal, String ip, String k8sNode, boolean answering, String error,
            Optional<String> nodeId, Optional<String> role, Optional<String> masterId, List<String> slots, List<String> openSlots,
            Optional<String> clusterState, Optional<Long> keys) {
    }

    public static ClusterStatus of(Leader leader, SpecStore.State spec, Optional<PassReport> lastPass,
            List<ActionLog.Action> actions) {
        List<String> recent = actions.subList(Math.max(0, actions.size() - RECENT_ACTIONS), actions.size()).stream()
                .map(ActionLog.Action::toString).toList();
        return new ClusterStatus(leader, new SpecStatus(spec.inForce(), spec.problem(), spec.change()), lastPass.map(ClusterStatus::lastPass),
                lastPass.map(pass -> pass.topology().observed().pods().stream().map(ClusterStatus::pod).toList()).orElse(List.of()),
                recent);
    }

    private static LastPass lastPass(PassReport pass) {
        List<String> notConverged = new ArrayList<>(pass.problems());
        notConverged.addAll(pass.topology().problems());
        return new LastPass(pass.startedAt().toString(), pass.duration().toMillis(), pass.converged(),
                pass.outcomes().stream().filter(outcome -> outcome.action() != ApplyOutcome.Action.UNCHANGED
                        || !outcome.refused().isEmpty()).map(ClusterStatus::objectChange).toList(),
                pass.topology().outcomes().stream().map(ClusterStatus::action).toList(), List.copyOf(notConverged),
                pass.topology().summary(), pass.dryRun(), pass.dryRun() ? DryRunPlan.of(pass) : List.of());
    }

    private static ObjectChange objectChange(ApplyOutcome outcome) {
        return new ObjectChange(outcome.object(), outcome.action().name().toLowerCase(Locale.ROOT), outcome.drifted(),
                outcome.refused(), Optional.ofNullable(outcome.error()));
    }

    private static Action action(StepOutcome outcome) {
        return new Action(outcome.step().kind().eventReason(), outcome.step().subject(), outcome.step().reason(),
                outcome.succeeded(), outcome.failures(), outcome.sent().size());
    }

    private static PodStatus pod(ObservedPod observed) {
        Optional<RedisView> view = observed.view();
        Optional<ClusterNode> myself = view.map(RedisView::myself);
        return new PodStatus(observed.pod().name(), observed.pod().ordinal(), observed.pod().ip(), observed.pod().k8sNode(),
                observed.answered(), observed.error(), view.map(RedisView::myId),
                myself.map(node -> node.master() ? "master" : node.replica() ? "replica" : String.join(",", node.flags())),
                myself.flatMap(ClusterNode::masterId),
                myself.map(node -> node.slots().stream().map(SlotRange::toString).toList()).orElse(List.of()),
                myself.map(node -> node.openSlots().stream().map(OpenSlot::toString).toList()).orElse(List.of()),
                view.map(v -> v.clusterInfo().getOrDefault("cluster_state", "")), view.map(RedisView::keys));
    }
}
