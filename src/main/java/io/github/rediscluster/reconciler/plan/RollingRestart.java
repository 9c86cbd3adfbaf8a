package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.ClusterFacts.compact;
import static io.github.rediscluster.reconciler.plan.ClusterFacts.view;

import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.PodRevisions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rolling restart of pods made from an outdated template (image, resources, a restart-only redis.conf directive,
 * auth, exporter): the StatefulSet is OnDelete, so nothing restarts until this says which pod goes. Pure and
 * level-triggered: every pass decides afresh from the pods' revision labels and what each redis-server answers, so a
 * rollout resumes where it stands after a reconciler restart or a change of leader.
 *
 * <ul>
 * <li>one pod at a time: nothing while a pod of the spec is missing, terminating, silent, or of the new template and
 * not Ready (the last one restarted has not come back yet), or while the rest of the pass changes the cluster;</li>
 * <li>only on a healthy cluster: cluster_state ok and every pod known on every node, every slot served, and every
 * replica in sync (link up, offset within {@link #MAX_BEHIND_BYTES} of its master's) but the one to restart;</li>
 * <li>replicas first, highest ordinal first;</li>
 * <li>then masters: a master is first replaced by its synced replica (the coordinated CLUSTER FAILOVER, which pauses
 * the master's clients until the replica has every write), and restarted only once a later pass sees it a replica
 * (the failover has happened): since only replicas are ever restarted, a master and its replica are never down
 * together. A master whose spec wants no replica is restarted as it is (its slots wait for it).</li>
 * </ul>
 */
public final class RollingRestart {

    /**
     * How far a replica's offset may trail its master's, read a moment apart under writes, and still count as in sync:
     * the coordinated failover closes such a gap in milliseconds while the master pauses its clients.
     */
    static final long MAX_BEHIND_BYTES = 1024 * 1024;

    /**
     * The waits of the rest of the pass that a rollout goes on through: restarts are what the config waits need (a
     * directive read only at start; one the old Redis version does not know), and it judges replicas' sync itself.
     */
    private static final Set<WaitReason> TOLERATED = Set.of(WaitReason.CONFIG_RESTART_PENDING,
            WaitReason.CONFIG_DIRECTIVE_UNKNOWN, WaitReason.REPLICA_NOT_SYNCED);

    private RollingRestart() {
    }

    /**
     * @param facts what every pod answered this pass
     * @param revisions which template each pod was made from, and the current one
     * @param rest what the rest of the pass decided (topology, live config, drains): the rollout waits while it changes
     *        anything, or waits for anything but a restart
     */
    public static Rollout plan(ClusterFacts facts, PodRevisions revisions, TopologyPlan rest) {
        List<ObservedPod> spec = facts.pods().stream().filter(pod -> !facts.leaving(pod)).toList();
        List<ObservedPod> outdatedPods = spec.stream().filter(pod -> revisions.outdated(pod.pod().name()))
                .sorted(Comparator.comparingInt((ObservedPod pod) -> pod.pod().ordinal()).reversed()).toList();
        List<String> outdated = outdatedPods.stream().map(pod -> pod.pod().name()).toList();
        String subject = outdated.size() == 1 ? "1 pod (" + outdated.get(0) + ")"
                : outdated.size() + " pods (" + compact(outdated) + ")";
        if (!revisions.controllerCaughtUp()) {
            return paused(outdated, WaitReason.ROLLOUT_AWAITS_CONTROLLER, facts.spec().name(),
                    "status.observedGeneration is behind metadata.generation");
        }
        if (outdated.isEmpty()) {
            return Rollout.NOTHING;
        }
        Optional<String> busy = busy(rest);
        if (busy.isPresent()) {
            return paused(outdated, WaitReason.ROLLOUT_HELD, subject, busy.get());
        }
        // Readiness counts for pods of the current template only (the one restarted last has to be back). An outdated
        // pod's readiness comes from the outdated probe: one started without the password fails it as soon as the user
        // sets requirepass to turn auth on, and only its restart cures that; what Redis answers gates it instead.
        List<String> away = spec.stream().filter(pod -> !pod.answered()
                        || revisions.unready().contains(pod.pod().name()) && !revisions.outdated(pod.pod().name()))
                .map(pod -> pod.pod().name() + " (" + (pod.answered() ? "not Ready yet" : pod.error()) + ")").toList();
        if (spec.size() < facts.spec().podCount() || !away.isEmpty()) {
            return paused(outdated, WaitReason.ROLLOUT_AWAITS_PODS, subject, away.isEmpty()
                    ? spec.size() + " of " + facts.spec().podCount() + " pods exist" : compact(away));
        }
        Optional<String> unhealthy = RolloutHealth.problem(facts);
        if (unhealthy.isPresent()) {
            return paused(outdated, WaitReason.ROLLOUT_AWAITS_HEALTH, subject, unhealthy.get());
        }
        ObservedPod next = outdatedPods.stream().filter(pod -> view(pod).myself().replica()).findFirst()
                .orElse(outdatedPods.get(0));
        List<String> behind = RolloutHealth.replicasBehind(facts, next);
        if (!behind.isEmpty()) {
            return paused(outdated, WaitReason.ROLLOUT_REPLICA_NOT_SYNCED, subject, compact(behind));
        }
        StageResult.Builder out = new StageResult.Builder();
        String progress = outdated.size() + " of " + spec.size() + " pods run an older template ("
                + revisions.byPod().get(next.pod().name()) + ", the StatefulSet's is " + revisions.updateRevision() + ")";
        if (view(next).myself().replica()) {
            out.step(restart(next, progress + "; " + next.pod().name() + " is a replica: restarted first"));
        } else {
            failOverOrRestart(facts, next, revisions, progress, out);
        }
        StageResult decided = out.proceed();
        return new Rollout(outdated, decided.steps(), decided.waits());
    }

    private static void failOverOrRestart(ClusterFacts facts, ObservedPod master, PodRevisions revisions, String progress,
            StageResult.Builder out) {
        String masterId = view(master).myId();
        List<ObservedPod> replicas = facts.answering().stream()
                .filter(pod -> view(pod).myself().masterId().filter(masterId::equals).isPresent()).toList();
        if (replicas.isEmpty() && facts.spec().replicasPerMaster() == 0) {
            out.step(restart(master, progress + "; " + master.pod().name() + " is a master and the spec wants no replica:"
                    + " its slots are unavailable until it is back"));
            return;
        }
        Optional<ObservedPod> synced = replicas.stream().filter(pod -> RolloutHealth.inSync(facts, pod))
                .max(Comparator.comparing((ObservedPod pod) -> !revisions.outdated(pod.pod().name()))
                        .thenComparingLong(RolloutHealth::offset));
        if (synced.isEmpty()) {
            out.await(WaitReason.ROLLOUT_NO_SYNCED_REPLICA, master.pod().name(), replicas.isEmpty() ? "it has no replica"
                    : compact(replicas.stream().map(pod -> pod.pod().name()).toList()));
            return;
        }
        TakeOver.ask(facts, synced.get(), master.pod(), progress + "; " + master.pod().name() + " is a master: its synced"
                + " replica " + synced.get().pod().name() + " takes over before it restarts", out);
    }

    private static TopologyStep restart(ObservedPod pod, String reason) {
        return new TopologyStep(TopologyStep.Kind.RESTART_POD, pod.pod().name(), reason + "; the StatefulSet makes it"
                + " again from the new template", List.of());
    }

    /** Why the rest of the pass keeps the rollout waiting: a step it takes, or a wait or refusal other than tolerated. */
    private static Optional<String> busy(TopologyPlan rest) {
        if (!rest.steps().isEmpty()) {
            return Optional.of(rest.steps().get(0).toString());
        }
        List<Finding> blocking = new ArrayList<>(rest.refusals());
        rest.waits().stream().filter(wait -> !TOLERATED.contains(wait.reason())).forEach(blocking::add);
        return blocking.stream().findFirst().map(Finding::text);
    }

    private static Rollout paused(List<String> outdated, WaitReason reason, String subject, String detail) {
        return new Rollout(outdated, List.of(), List.of(new Wait(reason, subject, detail)));
    }
}
