package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.ClusterFacts.compact;
import static io.github.rediscluster.reconciler.plan.ClusterFacts.names;
import static io.github.rediscluster.reconciler.plan.ClusterFacts.view;

import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.SlotRange;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Moves slots with their keys from the masters to drain, and from keepers above their even share, to the keepers
 * below it ({@link SlotBalancer}), at most the spec's slots per pass. Only with every pod answering, no failover under
 * way and nothing else awaited this pass: a move needs both sides and tells every master the new owner, and a node
 * that has not learned every slot's owner yet would never learn those it is asked to import. Counts the slots still to
 * move either way; a move leaves the stages after this one to the next pass.
 */
final class MoveSlots implements Stage {

    @Override
    public StageResult decide(ClusterFacts facts, PlanSoFar soFar) {
        Roles roles = soFar.chosenRoles();
        StageResult.Builder out = new StageResult.Builder();
        Map<String, List<SlotRange>> owned = new LinkedHashMap<>();
        Map<String, ObservedPod> byId = new HashMap<>();
        for (ObservedPod master : Stream.concat(roles.keepers().stream(), roles.drains().stream()).toList()) {
            owned.put(view(master).myId(), view(master).myself().slots());
            byId.put(view(master).myId(), master);
        }
        List<SlotBalancer.Transfer> transfers = SlotBalancer.transfers(owned,
                roles.keepers().stream().map(master -> view(master).myId()).toList());
        int slotsToMove = transfers.stream().mapToInt(transfer -> transfer.slots().size()).sum();
        if (transfers.isEmpty()) {
            return out.proceed().withSlotsToMove(slotsToMove);
        }
        String what = slotsToMove + " slots to move" + (roles.drains().isEmpty() ? " to even out the masters"
                : " off " + names(roles.drains()));
        List<String> unsettled = unsettledNodes(facts);
        if (!facts.allPodsAnswer()) {
            out.await(WaitReason.MOVES_AWAIT_PODS, what);
        } else if (!facts.failoversInFlight().isEmpty()) {
            out.await(WaitReason.MOVES_AWAIT_FAILOVER, what, String.join(", ", new TreeSet<>(facts.failoversInFlight())));
        } else if (!unsettled.isEmpty()) {
            out.await(WaitReason.MOVES_AWAIT_NODES, what, compact(unsettled));
        } else if (!soFar.waits().isEmpty()) {
            out.await(WaitReason.MOVES_AWAIT_OTHER_CHANGES, what);
        } else {
            move(facts, roles, transfers, owned, byId, slotsToMove, out);
        }
        return out.stopIfSteps().withSlotsToMove(slotsToMove);
    }

    private static void move(ClusterFacts facts, Roles roles, List<SlotBalancer.Transfer> transfers,
            Map<String, List<SlotRange>> owned, Map<String, ObservedPod> byId, int slotsToMove, StageResult.Builder out) {
        int budget = facts.spec().resharding().slotsPerPass();
        Map<String, Integer> leftWith = new HashMap<>();
        owned.forEach((id, ranges) -> leftWith.put(id, ranges.stream().mapToInt(SlotRange::size).sum()));
        for (SlotBalancer.Transfer transfer : transfers) {
            if (budget == 0) {
                break;
            }
            List<Integer> slots = transfer.slots().subList(0, Math.min(budget, transfer.slots().size()));
            budget -= slots.size();
            ObservedPod source = byId.get(transfer.sourceId());
            ObservedPod target = byId.get(transfer.targetId());
            boolean emptiesSource = leftWith.merge(transfer.sourceId(), -slots.size(), Integer::sum) == 0;
            out.step(TopologyStep.move(facts.slotMove(source, target, slots, emptiesSource && facts.leaving(source)), (roles.keeps(source)
                    ? source.pod().name() + " holds more than its even share"
                    : source.pod().name() + " is to hold no slot (" + (facts.leaving(source) ? "its pod goes" : "the spec wants "
                            + facts.spec().masters() + " masters") + ")") + "; " + slotsToMove + " slots left to move in all"));
        }
    }

    /** Nodes that do not see cluster_state ok, or do not know every pod's node yet. */
    private static List<String> unsettledNodes(ClusterFacts facts) {
        return facts.answering().stream()
                .filter(pod -> !view(pod).clusterStateOk() || !view(pod).knownIds().containsAll(facts.podIds()))
                .map(pod -> pod.pod().name()).toList();
    }
}
