package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.ClusterFacts.names;
import static io.github.rediscluster.reconciler.plan.ClusterFacts.view;

import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisPod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the masters the spec wants among the pods that stay (those below the spec's pod count). The staying masters
 * that own slots are kept, lowest ordinals first, up to the spec's count. Fewer than that: staying empty masters (new
 * pods) are added, and when none is left, a staying replica of a master that goes is promoted with a coordinated
 * failover, which moves no data; failing that, a staying synced replica is reset to an empty master under
 * {@link ReplicaReset}'s narrow rule (a pod a scale-in drained comes back as a replica with a copy of another
 * master's keys). Roles are read from what each node says, never from pod ordinals: after failovers
 * any pod may be a master. A failover leaves the stages after this one to the next pass.
 */
final class ChooseRoles implements Stage {

    @Override
    public StageResult decide(ClusterFacts facts, PlanSoFar soFar) {
        StageResult.Builder out = new StageResult.Builder();
        int wanted = facts.spec().masters();
        List<ObservedPod> owners = facts.slotOwners();
        List<ObservedPod> keepers = new ArrayList<>(owners.stream().filter(pod -> !facts.leaving(pod))
                .sorted(Comparator.comparingInt(pod -> pod.pod().ordinal())).limit(wanted).toList());
        if (keepers.size() < wanted) {
            List<RedisPod> empty = facts.answering().stream().filter(pod -> !facts.leaving(pod) && ClusterFacts.emptyMaster(pod))
                    .map(ObservedPod::pod).toList();
            Layout.chooseMasters(empty, wanted - keepers.size()).forEach(pod -> keepers.add(facts.observed(pod)));
        }
        boolean newPodsPending = facts.answering().stream().filter(pod -> !facts.leaving(pod)).count() < facts.spec().podCount()
                || facts.answering().stream().anyMatch(pod -> !facts.leaving(pod) && view(pod).alone());
        if (keepers.size() < wanted && newPodsPending) {
            out.await(WaitReason.NEW_PODS_PENDING, wanted + " masters", String.valueOf(keepers.size()));
        } else if (keepers.size() < wanted) {
            promoteStayingReplica(facts, owners, keepers.size(), out);
        }
        Roles roles = new Roles(keepers, owners.stream().filter(pod -> !keepers.contains(pod)).toList());
        return out.stopIfSteps().withRoles(roles);
    }

    private static void promoteStayingReplica(ClusterFacts facts, List<ObservedPod> owners, int kept, StageResult.Builder out) {
        String wants = facts.spec().masters() + " masters among its " + facts.spec().podCount() + " pods";
        for (ObservedPod goes : owners.stream().filter(facts::leaving).toList()) {
            Optional<ObservedPod> replica = facts.answering().stream().filter(pod -> !facts.leaving(pod))
                    .filter(pod -> view(pod).myself().masterId().filter(view(goes).myId()::equals).isPresent()).findFirst();
            if (replica.isEmpty()) {
                continue;
            }
            TakeOver.ask(facts, replica.get(), goes.pod(), "the spec wants " + wants + " and " + kept + " of them are: "
                    + replica.get().pod().name() + " takes over from " + goes.pod().name() + ", which goes", out);
            return;
        }
        List<ObservedPod> resets = ReplicaReset.candidates(facts, facts.spec().masters() - kept);
        if (!resets.isEmpty()) {
            resets.forEach(replica -> out.step(ReplicaReset.step(replica, "the spec wants " + wants + " and " + kept + " of them are")));
            return;
        }
        List<ObservedPod> replicas = facts.answering().stream().filter(pod -> !facts.leaving(pod) && view(pod).myself().replica())
                .toList();
        out.refuse(RefusalReason.NOT_ENOUGH_EMPTY_NODES, wants, kept + " of them can be: the others (" + names(replicas) + ")");
    }
}
