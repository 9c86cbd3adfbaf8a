package io.github.rediscluster.reconciler.testing;

import io.github.rediscluster.reconciler.observe.SlotRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hot slots, for moves cut short on purpose: {@value #SLOTS} slots, one per band of 16384 / {@value #SLOTS} (so any
 * 1024 contiguous slots given away hold one), each with {@value #KEYS_PER_SLOT} keys: more than one MIGRATE carries
 * (100) and than a pass with {@code keys-per-pass=50} moves, so such a slot stays open, its keys on both sides, from
 * one pass to the next. A test polls for that open slot and acts on it.
 */
public final class HotSlots {

    public static final int SLOTS = 32;
    public static final int KEYS_PER_SLOT = 120;

    private final List<String> prefixes;

    private HotSlots(List<String> prefixes) {
        this.prefixes = prefixes;
    }

    /** Writes the keys through {@code keys}; {@code redis} finds the hash tags (CLUSTER KEYSLOT on {@code seeds[0]}). */
    public static HotSlots write(RedisCalls redis, ClusterKeys keys, List<String> seeds, int port) throws Exception {
        Map<Integer, String> prefixByBand = new TreeMap<>();
        for (int tag = 0; prefixByBand.size() < SLOTS && tag < 100_000; tag++) {
            int slot = Integer.parseInt(redis.call(seeds.get(0), port, "CLUSTER", "KEYSLOT", "hot-" + tag));
            prefixByBand.putIfAbsent(slot * SLOTS / SlotRange.SLOTS, "{hot-" + tag + "}:");
        }
        HotSlots hot = new HotSlots(List.copyOf(prefixByBand.values()));
        for (String prefix : hot.prefixes) {
            keys.write(seeds, port, prefix, KEYS_PER_SLOT);
        }
        return hot;
    }

    /** The keys written that do not read back with their value. */
    public List<String> missing(ClusterKeys keys, List<String> seeds, int port) {
        List<String> missing = new ArrayList<>();
        prefixes.forEach(prefix -> missing.addAll(keys.missing(seeds, port, prefix, KEYS_PER_SLOT)));
        return missing;
    }
}
