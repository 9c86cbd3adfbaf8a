package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.ClusterFacts.view;

import io.github.rediscluster.reconciler.observe.ClusterNode;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.SlotRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Makes every slot have exactly one owner that answers, and none open: waits while two nodes claim a slot (Redis
 * settles that by config epoch); finishes or rolls back migrations left open ({@link OpenSlots}); marks keys a master
 * without slots holds in slots others own, so that they move with their slots ({@link StrayKeys}); waits for the
 * replica of a silent owner to take over, or refuses when no pod has the owner any more; gives slots nobody owns to
 * the node holding their keys, else to a master ({@link UncoveredSlots}).
 *
 * <p>The stages after this one run only once the slots are settled and nothing so far needs a human: roles and
 * moves are decided on a slot map that is whole.
 */
final class SettleSlots implements Stage {

    @Override
    public StageResult decide(ClusterFacts facts, PlanSoFar soFar) {
        StageResult.Builder out = new StageResult.Builder();
        Map<Integer, String> owners = new HashMap<>();
        for (ObservedPod pod : facts.answering()) {
            ClusterNode myself = view(pod).myself();
            for (SlotRange range : myself.slots()) {
                for (int slot = range.first(); slot <= range.last(); slot++) {
                    String other = owners.putIfAbsent(slot, myself.id());
                    if (other != null) {
                        return out.await(WaitReason.SLOT_CLAIMED_TWICE, "slot " + slot,
                                pod.pod().name() + " and " + facts.describe(other)).stop();
                    }
                }
            }
        }
        OpenSlots.settle(facts, owners, out);
        if (!out.hasSteps() && owners.size() == SlotRange.SLOTS) {
            StrayKeys.mark(facts, owners, out);
        }
        if (out.hasSteps()) {
            return out.stop();
        }
        Map<String, List<Integer>> elsewhere = new TreeMap<>();
        List<Integer> uncovered = new ArrayList<>();
        for (int slot = 0; slot < SlotRange.SLOTS; slot++) {
            if (!owners.containsKey(slot)) {
                Optional<String> owner = facts.ownerSeen(slot);
                if (owner.isPresent()) {
                    elsewhere.computeIfAbsent(owner.get(), key -> new ArrayList<>()).add(slot);
                } else {
                    uncovered.add(slot);
                }
            }
        }
        elsewhere.forEach((owner, slots) -> reportSlotsOfSilentNode(facts, owner, slots, out));
        if (!uncovered.isEmpty()) {
            UncoveredSlots.assign(facts, uncovered, out);
        }
        return out.result(!out.hasSteps() && elsewhere.isEmpty() && uncovered.isEmpty() && !out.hasRefusals()
                && soFar.refusals().isEmpty());
    }

    private static void reportSlotsOfSilentNode(ClusterFacts facts, String owner, List<Integer> slots, StageResult.Builder out) {
        String ranges = "slots " + SlotRange.of(slots);
        List<String> replicas = facts.knownIds().stream().map(facts::line).flatMap(Optional::stream)
                .filter(node -> node.masterId().filter(owner::equals).isPresent())
                .filter(node -> facts.hasPod(node.id())).map(node -> facts.describe(node.id())).toList();
        if (!replicas.isEmpty()) {
            out.await(WaitReason.SLOT_OWNER_FAILING_OVER, ranges, facts.describe(owner) + ", which does not answer; its replica "
                    + String.join(" or ", replicas));
        } else if (facts.allPodsAnswer() && !facts.leavingPodWithoutIp()) {
            // A leaving pod without an IP for a moment may be this owner: it comes back with its NodeId and its keys.
            out.refuse(RefusalReason.SLOTS_LOST, ranges, facts.describe(owner));
        } else {
            out.await(WaitReason.SLOT_OWNER_SILENT, ranges, facts.describe(owner));
        }
    }
}
