package io.github.rediscluster.reconciler.observe;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** Hash slots {@code first..last}, both included, as CLUSTER NODES and CLUSTER ADDSLOTSRANGE write them. */
public record SlotRange(int first, int last) {

    public static final int SLOTS = 16384;

    public SlotRange {
        if (first < 0 || last >= SLOTS || first > last) {
            throw new IllegalArgumentException("not a slot range: " + first + "-" + last);
        }
    }

    public int size() {
        return last - first + 1;
    }

    public boolean contains(int slot) {
        return slot >= first && slot <= last;
    }

    /** The fewest ranges that hold exactly these slots, in order. */
    public static List<SlotRange> of(Collection<Integer> slots) {
        List<SlotRange> ranges = new ArrayList<>();
        Integer first = null;
        Integer last = null;
        for (int slot : new TreeSet<>(slots)) {
            if (last != null && slot == last + 1) {
                last = slot;
                continue;
            }
            if (first != null) {
                ranges.add(new SlotRange(first, last));
            }
            first = slot;
            last = slot;
        }
        if (first != null) {
            ranges.add(new SlotRange(first, last));
        }
        return ranges;
    }

    /** {@code masters} contiguous ranges that differ in size by at most one slot, covering all 16384. */
    public static List<SlotRange> evenSplit(int masters) {
        List<SlotRange> ranges = new ArrayList<>();
        for (int i = 0; i < masters; i++) {
            ranges.add(new SlotRange(i * SLOTS / masters, (i + 1) * SLOTS / masters - 1));
        }
        return ranges;
    }

    /** The slots as ranges, at most five of them and then how many more: one readable line however scattered. */
    public static String describe(Collection<Integer> slots) {
        List<String> ranges = of(slots).stream().map(SlotRange::toString).toList();
        return ranges.size() <= 5 ? String.join(",", ranges)
                : String.join(",", ranges.subList(0, 5)) + " and " + (ranges.size() - 5) + " more ranges";
    }

    @Override
    public String toString() {
        return first == last ? String.valueOf(first) : first + "-" + last;
    }
}
