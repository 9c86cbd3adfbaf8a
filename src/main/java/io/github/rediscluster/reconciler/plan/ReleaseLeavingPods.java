package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.ClusterFacts.compact;
import static io.github.rediscluster.reconciler.plan.ClusterFacts.view;

import io.github.rediscluster.reconciler.observe.ObservedPod;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Lets the pods beyond the spec's pod count go (the next pass lowers the StatefulSet) only once the pods that stay
 * hold every slot and every replica the spec asks: no pod that goes owns a slot or, as a master, a key, and no pod
 * that stays replicates one that goes. A pod that goes and does not answer holds nothing the cluster needs once those
 * hold (its slots would be missing from the slot map). Their data directories stay on their PersistentVolumes.
 */
final class ReleaseLeavingPods implements Stage {

    @Override
    public StageResult decide(ClusterFacts facts, PlanSoFar soFar) {
        Roles roles = soFar.chosenRoles();
        List<String> listed = facts.pods().stream().filter(facts::leaving).map(pod -> pod.pod().name()).toList();
        if (listed.isEmpty()) {
            return StageResult.proceed().releasingLeavingPods();
        }
        int masters = facts.spec().masters();
        int replicas = facts.spec().replicasPerMaster();
        List<ObservedPod> going = facts.answering().stream().filter(facts::leaving).toList();
        Set<String> goingIds = going.stream().map(pod -> view(pod).myId()).collect(Collectors.toSet());
        List<String> holding = new ArrayList<>();
        going.stream().filter(pod -> view(pod).myself().ownsSlots() || view(pod).myself().master() && view(pod).keys() > 0)
                .forEach(pod -> holding.add(pod.pod().name() + " still holds " + (view(pod).myself().ownsSlots()
                        ? view(pod).myself().slotCount() + " slots" : view(pod).keys() + " keys")));
        facts.answering().stream().filter(pod -> !facts.leaving(pod))
                .filter(pod -> view(pod).myself().masterId().filter(goingIds::contains).isPresent())
                .forEach(pod -> holding.add(pod.pod().name() + " replicates a pod that goes"));
        if (roles.keepers().size() != masters) {
            holding.add(roles.keepers().size() + " of the pods that stay are masters, the spec wants " + masters);
        }
        facts.replicaCounts(roles.keepers()).forEach((master, count) -> {
            if (count != replicas) {
                holding.add(master.name() + " has " + count + " replicas among the pods that stay, the spec wants " + replicas);
            }
        });
        StageResult.Builder out = new StageResult.Builder();
        if (holding.isEmpty()) {
            return out.await(WaitReason.LEAVING_PODS_RELEASED, compact(listed), String.valueOf(facts.spec().podCount()))
                    .proceed().releasingLeavingPods();
        }
        return out.await(WaitReason.LEAVING_PODS_HOLD_DATA, compact(listed), compact(holding)).proceed();
    }
}
