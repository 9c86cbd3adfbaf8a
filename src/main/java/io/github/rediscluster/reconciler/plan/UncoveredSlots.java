package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.ClusterFacts.view;

import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisPod;
import io.github.rediscluster.reconciler.observe.SlotRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Part of {@link SettleSlots}: slots nobody owns (a bootstrap cut short, or a human's CLUSTER DELSLOTS) go where their
 * keys are, or, when no node has a key in them, to the masters with the fewest slots (masters without slots first,
 * while the spec wants more masters than own slots), up to an even share each; keys on several nodes are left to a
 * human.
 */
final class UncoveredSlots {

    private UncoveredSlots() {
    }

    static void assign(ClusterFacts facts, List<Integer> uncovered, StageResult.Builder out) {
        if (!facts.allPodsAnswer()) {
            out.await(WaitReason.SLOTS_UNCOVERED_AWAITS_PODS, "slots " + SlotRange.of(uncovered));
            return;
        }
        List<ObservedPod> candidates = slotCandidates(facts);
        if (candidates.isEmpty()) {
            out.await(WaitReason.SLOTS_UNCOVERED, "slots " + SlotRange.of(uncovered));
            return;
        }
        Map<ObservedPod, List<Integer>> assigned = new LinkedHashMap<>();
        List<Integer> free = new ArrayList<>();
        List<Integer> contested = new ArrayList<>();
        for (int slot : uncovered) {
            List<String> holders = facts.keysInSlots().getOrDefault(slot, Map.of()).entrySet().stream()
                    .filter(entry -> entry.getValue() > 0).map(Map.Entry::getKey).toList();
            ObservedPod holder = holders.size() == 1 ? facts.podOf(holders.get(0)) : null;
            if (holders.isEmpty()) {
                free.add(slot);
            } else if (holder != null && candidates.contains(holder)) {
                assigned.computeIfAbsent(holder, key -> new ArrayList<>()).add(slot);
            } else {
                contested.add(slot);
            }
        }
        int owned = candidates.stream().mapToInt(master -> view(master).myself().slotCount()).sum();
        int share = (owned + free.size() + candidates.size() - 1) / candidates.size();
        int next = 0;
        for (ObservedPod master : candidates.stream().sorted(Comparator.comparingInt((ObservedPod master) -> view(master)
                .myself().slotCount()).thenComparingInt(master -> master.pod().ordinal())).toList()) {
            int take = Math.min(Math.max(0, share - view(master).myself().slotCount()), free.size() - next);
            assigned.computeIfAbsent(master, key -> new ArrayList<>()).addAll(free.subList(next, next + take));
            next += take;
        }
        if (!contested.isEmpty()) {
            out.refuse(RefusalReason.SLOTS_CONTESTED, "slots " + SlotRange.of(contested), "");
        }
        assigned.forEach((master, slots) -> {
            if (!slots.isEmpty()) {
                out.step(new TopologyStep(TopologyStep.Kind.ASSIGN_SLOTS, master.pod().name(), "slots " + SlotRange.of(slots)
                        + " had no owner" + (slots.stream().anyMatch(facts.keysInSlots()::containsKey)
                                ? " (the keys of some are on this node)" : " and no node holds keys for them"),
                        SlotRange.of(slots).stream().map(range -> ClusterFacts.addSlots(master, range)).toList()));
            }
        });
    }

    /** Masters that own slots, plus as many slotless masters as the spec still wants. */
    private static List<ObservedPod> slotCandidates(ClusterFacts facts) {
        List<ObservedPod> owners = facts.slotOwners();
        List<RedisPod> more = Layout.chooseMasters(facts.answering().stream()
                .filter(pod -> view(pod).myself().master() && !view(pod).myself().ownsSlots() && !view(pod).alone())
                .map(ObservedPod::pod).toList(), Math.max(0, facts.spec().masters() - owners.size()));
        List<ObservedPod> candidates = new ArrayList<>(owners);
        facts.answering().stream().filter(pod -> more.contains(pod.pod())).forEach(candidates::add);
        return candidates;
    }
}
