package io.github.rediscluster.reconciler.plan;

import io.github.rediscluster.reconciler.observe.SlotRange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Which slots must move, and where, so that the masters to keep hold an even share each (within one slot) and the
 * masters to drain hold none: a pure function of the slot map, by NodeId.
 */
public final class SlotBalancer {

    /** Slots to move from one master to another. */
    public record Transfer(String sourceId, String targetId, List<Integer> slots) {

        public Transfer {
            slots = List.copyOf(slots);
        }
    }

    private SlotBalancer() {
    }

    /**
     * @param owned every master that owns slots (keepers and those to drain), with its slots
     * @param keepers the masters that keep slots, in order of preference when shares differ by one; a keeper may
     *        own nothing yet (a new master)
     * @return the transfers, each source's slots given from its highest slots down, so that what stays is contiguous
     */
    public static List<Transfer> transfers(Map<String, List<SlotRange>> owned, List<String> keepers) {
        if (keepers.isEmpty()) {
            return List.of();
        }
        int total = owned.values().stream().flatMap(List::stream).mapToInt(SlotRange::size).sum();
        Map<String, Integer> quota = quotas(owned, keepers, total);
        List<Integer> given = new ArrayList<>();
        Map<Integer, String> sourceOf = new HashMap<>();
        owned.forEach((id, ranges) -> {
            int excess = slotCount(ranges) - quota.getOrDefault(id, 0);
            TreeSet<Integer> slots = new TreeSet<>();
            ranges.forEach(range -> IntStream.rangeClosed(range.first(), range.last()).forEach(slots::add));
            for (int i = 0; i < excess; i++) {
                int slot = slots.pollLast();
                given.add(slot);
                sourceOf.put(slot, id);
            }
        });
        given.sort(Comparator.naturalOrder());
        Map<String, Map<String, List<Integer>>> bySourceAndTarget = new LinkedHashMap<>();
        int next = 0;
        for (String keeper : keepers) {
            int deficit = quota.get(keeper) - slotCount(owned.getOrDefault(keeper, List.of()));
            for (int i = 0; i < deficit && next < given.size(); i++, next++) {
                int slot = given.get(next);
                bySourceAndTarget.computeIfAbsent(sourceOf.get(slot), key -> new LinkedHashMap<>())
                        .computeIfAbsent(keeper, key -> new ArrayList<>()).add(slot);
            }
        }
        List<Transfer> transfers = new ArrayList<>();
        bySourceAndTarget.forEach((source, targets) -> targets.forEach((target, slots) ->
                transfers.add(new Transfer(source, target, slots))));
        return transfers;
    }

    /**
     * An even share for each keeper; the keepers holding the most get the one extra slot where the total does not
     * divide, so that fewer slots move.
     */
    static Map<String, Integer> quotas(Map<String, List<SlotRange>> owned, List<String> keepers, int total) {
        int base = total / keepers.size();
        int extra = total % keepers.size();
        List<String> byHolding = keepers.stream()
                .sorted(Comparator.comparingInt((String id) -> -slotCount(owned.getOrDefault(id, List.of()))))
                .toList();
        Map<String, Integer> quota = new LinkedHashMap<>();
        for (int i = 0; i < byHolding.size(); i++) {
            quota.put(byHolding.get(i), base + (i < extra ? 1 : 0));
        }
        return quota;
    }

    private static int slotCount(List<SlotRange> ranges) {
        return ranges.stream().mapToInt(SlotRange::size).sum();
    }
}
