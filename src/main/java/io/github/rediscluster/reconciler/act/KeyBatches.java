package io.github.rediscluster.reconciler.act;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits the keys found in slots into MIGRATE batches: one slot per batch (MIGRATE refuses keys of different slots),
 * at most {@code maxKeys} keys and {@code maxBytes} bytes each, so that no MIGRATE blocks its source for long, since
 * a source blocked past cluster-node-timeout is failed over mid-move. A key larger than {@code maxBytes} goes alone.
 * Pure: sizes are what the source answered to MEMORY USAGE.
 */
final class KeyBatches {

    /** The keys of one MIGRATE. */
    record Batch<K>(int slot, List<K> keys, long bytes) {

        Batch {
            keys = List.copyOf(keys);
        }
    }

    private KeyBatches() {
    }

    /**
     * @param keys slot to the keys found in it, in the order to move them
     * @param sizes slot to each key's size in bytes, in the same order
     * @param budget no more keys than this in all: the pass's key budget
     */
    static <K> List<Batch<K>> split(Map<Integer, List<K>> keys, Map<Integer, List<Long>> sizes, int maxKeys, long maxBytes,
            long budget) {
        List<Batch<K>> batches = new ArrayList<>();
        long left = budget;
        for (Map.Entry<Integer, List<K>> slot : keys.entrySet()) {
            List<K> names = slot.getValue();
            List<Long> bytes = sizes.get(slot.getKey());
            List<K> current = new ArrayList<>();
            long currentBytes = 0;
            for (int i = 0; i < names.size() && left > 0; i++, left--) {
                long size = Math.max(0, bytes.get(i));
                if (!current.isEmpty() && (current.size() == maxKeys || currentBytes + size > maxBytes)) {
                    batches.add(new Batch<>(slot.getKey(), current, currentBytes));
                    current = new ArrayList<>();
                    currentBytes = 0;
                }
                current.add(names.get(i));
                currentBytes += size;
            }
            if (!current.isEmpty()) {
                batches.add(new Batch<>(slot.getKey(), current, currentBytes));
            }
        }
        return batches;
    }
}
