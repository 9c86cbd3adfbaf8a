package io.github.rediscluster.reconciler.plan;

import io.github.rediscluster.reconciler.observe.ClusterNode;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Gate: no topology change while at most half of the masters that own slots answer. Without a majority the cluster
 * cannot fail a master over or agree on a new owner, and what the minority says may be stale.
 */
final class MajorityOfMasters implements Stage {

    @Override
    public StageResult decide(ClusterFacts facts, PlanSoFar soFar) {
        Set<String> masters = facts.knownIds().stream().filter(id -> facts.line(id).filter(ClusterNode::master)
                .filter(ClusterNode::ownsSlots).isPresent()).collect(Collectors.toCollection(TreeSet::new));
        long answeringMasters = masters.stream().filter(facts::hasPod).count();
        if (!masters.isEmpty() && answeringMasters * 2 <= masters.size()) {
            return new StageResult.Builder()
                    .await(WaitReason.MAJORITY_LOST, answeringMasters + " of " + masters.size() + " masters").stop();
        }
        return StageResult.proceed();
    }
}
