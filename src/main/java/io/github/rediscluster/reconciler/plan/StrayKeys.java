package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.ClusterFacts.view;

import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.SlotRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Part of {@link SettleSlots}: keys a master holds in slots that other masters own, left there by a move cut short
 * and closed on the wrong side (before issue 16's fix, an importer that could not see the slot's owner was closed
 * while holding the moved keys), or by a failover in the middle of a move that took both sides' marks with it (the
 * target's replica, promoted, holds the moved keys). No mark shows such keys, so they are found by counting every
 * slot on a master without slots that holds keys, and on one promoted master a pass (see
 * {@code observe.StrayKeySearch}); here any key a master holds in a slot another master owns is marked: the holder is set IMPORTING from the owner, as
 * {@code redis-cli --cluster fix} does ("Found keys about slot ... in non-owner node ... Set as importing in"). The
 * slot is then open, its keys are counted on every master, and {@link OpenSlots} finishes it toward the node holding
 * them; the owner migrates, so on a key both hold the owner's copy, the one clients were served, is kept (redis-cli
 * instead copies the stray keys onto the owner with REPLACE, which can overwrite newer data). The slots then leave the
 * holder like any other when the masters are balanced. Nothing is dropped. Only once every pod answers, no slot is
 * open anywhere and every such slot's owner is an answering master.
 */
final class StrayKeys {

    private StrayKeys() {
    }

    static void mark(ClusterFacts facts, Map<Integer, String> owners, StageResult.Builder out) {
        boolean openAnywhere = facts.answering().stream().anyMatch(pod -> !view(pod).myself().openSlots().isEmpty());
        if (openAnywhere || !facts.allPodsAnswer()) {
            return;
        }
        for (ObservedPod holder : facts.answering()) {
            if (!view(holder).myself().master() || view(holder).keys() == 0 || view(holder).alone()) {
                continue;
            }
            Map<Integer, ObservedPod> ownerOf = new TreeMap<>();
            long keys = 0;
            for (Map.Entry<Integer, Map<String, Long>> slot : facts.keysInSlots().entrySet()) {
                long count = slot.getValue().getOrDefault(view(holder).myId(), 0L);
                ObservedPod owner = owners.get(slot.getKey()) == null ? null : facts.podOf(owners.get(slot.getKey()));
                if (count > 0 && owner != null && owner != holder && view(owner).myself().master()) {
                    ownerOf.put(slot.getKey(), owner);
                    keys += count;
                }
            }
            if (ownerOf.isEmpty()) {
                continue;
            }
            List<RedisCommand> commands = new ArrayList<>();
            ownerOf.forEach((slot, owner) -> commands.add(RedisCommand.on(holder.pod(), "CLUSTER", "SETSLOT", String.valueOf(slot),
                    "IMPORTING", view(owner).myId())));
            out.step(new TopologyStep(TopologyStep.Kind.MARK_STRAY_KEYS, holder.pod().name(), "a master that holds "
                    + keys + " keys of slots " + SlotRange.describe(ownerOf.keySet()) + ", which other masters own: marking them"
                    + " importing on it, so that the next passes count those keys and move them with their slots, never"
                    + " dropping one", commands));
        }
    }
}
