package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.ClusterFacts.compact;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reports the pods the spec has that do not exist yet, and those that do not answer (grouped by why), except a pod
 * beyond the spec's pod count that has no IP any more: it is going away and no longer waited for. When no pod
 * answers, nothing else can be decided; and nothing is known to live beyond the spec's pods unless such pods exist.
 */
final class MissingPods implements Stage {

    @Override
    public StageResult decide(ClusterFacts facts, PlanSoFar soFar) {
        StageResult.Builder out = new StageResult.Builder();
        Set<Integer> present = facts.pods().stream().map(pod -> pod.pod().ordinal()).collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        for (int ordinal = 0; ordinal < facts.spec().podCount(); ordinal++) {
            if (!present.contains(ordinal)) {
                missing.add(facts.spec().name() + "-" + ordinal);
            }
        }
        if (!missing.isEmpty()) {
            out.await(WaitReason.POD_MISSING, compact(missing));
        }
        Map<String, List<String>> unansweredByReason = new TreeMap<>();
        facts.pods().stream().filter(pod -> !pod.answered() && !(facts.leaving(pod) && pod.pod().ip().isEmpty()))
                .forEach(pod -> unansweredByReason.computeIfAbsent(pod.error(), key -> new ArrayList<>()).add(pod.pod().name()));
        unansweredByReason.forEach((reason, names) -> out.await(WaitReason.POD_NOT_ANSWERING, compact(names), reason));
        if (!facts.answering().isEmpty()) {
            return out.proceed();
        }
        StageResult none = out.stop();
        return facts.pods().stream().noneMatch(facts::leaving) ? none.releasingLeavingPods() : none;
    }
}
