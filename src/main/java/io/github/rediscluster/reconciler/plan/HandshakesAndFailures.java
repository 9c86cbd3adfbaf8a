package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.ClusterFacts.compact;
import static io.github.rediscluster.reconciler.plan.ClusterFacts.view;

import io.github.rediscluster.reconciler.observe.ClusterNode;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Gate: no other change while a handshake is in progress (it completes or times out by itself), nor while a node
 * still flags a live pod as failing or disconnected: Redis is healing (links reconnect, FAIL clears); wait for it.
 */
final class HandshakesAndFailures implements Stage {

    @Override
    public StageResult decide(ClusterFacts facts, PlanSoFar soFar) {
        StageResult.Builder out = new StageResult.Builder();
        List<String> busy = facts.answering().stream().filter(pod -> view(pod).inHandshake())
                .map(pod -> pod.pod().name()).toList();
        if (!busy.isEmpty()) {
            return out.await(WaitReason.HANDSHAKE, String.join(", ", busy)).stop();
        }
        Map<String, List<String>> seenFailingBy = new TreeMap<>();
        for (ObservedPod observer : facts.answering()) {
            for (ClusterNode peer : view(observer).nodes()) {
                if (!peer.myself() && !peer.handshake() && (peer.failing() || !peer.linkConnected()) && facts.hasPod(peer.id())) {
                    seenFailingBy.computeIfAbsent(facts.describe(peer.id()) + " as "
                            + (peer.failing() ? String.join(",", new TreeSet<>(peer.flags())) : "disconnected"),
                            key -> new ArrayList<>()).add(observer.pod().name());
                }
            }
        }
        seenFailingBy.forEach((seenAs, observers) -> out.await(WaitReason.FAILURE_FLAG, compact(observers), seenAs));
        return out.result(seenFailingBy.isEmpty());
    }
}
