package io.github.rediscluster.reconciler.testing;

import io.github.rediscluster.reconciler.observe.OpenSlot;
import io.github.rediscluster.reconciler.observe.SlotRange;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a {@link ClusterCheck.Snapshot} says about the slots while they move: who owns how many, which are open where,
 * as each master says of itself (its CLUSTER NODES myself line). For the tests that scale, and that act mid-move.
 */
public final class SlotMap {

    private SlotMap() {
    }

    /** Slots owned, by the pod of each master that owns some. */
    public static Map<String, Integer> slotsPerMaster(ClusterCheck.Snapshot cluster) {
        Map<String, Integer> slots = new TreeMap<>();
        cluster.nodes().stream().filter(node -> node.myself().master() && node.myself().ownsSlots())
                .forEach(node -> slots.put(node.pod().name(), node.myself().slotCount()));
        return slots;
    }

    /** Each of {@code masters} owns 16384 / masters slots, give or take one. */
    public static boolean even(ClusterCheck.Snapshot cluster, int masters) {
        Map<String, Integer> slots = slotsPerMaster(cluster);
        return slots.size() == masters
                && slots.values().stream().allMatch(owned -> Math.abs(owned * masters - SlotRange.SLOTS) <= masters);
    }

    /** Each pod's open slots, for the pods that have any. */
    public static Map<String, List<OpenSlot>> openSlots(ClusterCheck.Snapshot cluster) {
        Map<String, List<OpenSlot>> open = new TreeMap<>();
        cluster.nodes().stream().filter(node -> !node.myself().openSlots().isEmpty())
                .forEach(node -> open.put(node.pod().name(), node.myself().openSlots()));
        return open;
    }

    public static boolean hasOpenSlot(ClusterCheck.Snapshot cluster) {
        return !openSlots(cluster).isEmpty();
    }

    /** Slots owned by masters other than {@code originalMasters}: moved to them. */
    public static int slotsMovedTo(ClusterCheck.Snapshot cluster, Set<String> originalMasters) {
        return slotsPerMaster(cluster).entrySet().stream().filter(owner -> !originalMasters.contains(owner.getKey()))
                .mapToInt(Map.Entry::getValue).sum();
    }

    /** A master opening a slot in {@code direction} right now (giving it away: MIGRATING; taking it: IMPORTING). */
    public static Optional<String> opening(ClusterCheck.Snapshot cluster, OpenSlot.Direction direction) {
        return cluster.nodes().stream().filter(node -> node.myself().master())
                .filter(node -> node.myself().openSlots().stream().anyMatch(open -> open.direction() == direction))
                .map(node -> node.pod().name()).findFirst();
    }

    /** Slots per master, then each pod's open slots in short (how many, the first), then the full check. */
    public static String describe(ClusterCheck.Snapshot cluster) {
        Map<String, String> open = new TreeMap<>();
        openSlots(cluster).forEach((pod, slots) -> open.put(pod, slots.size() + " open, first " + slots.get(0)));
        return "slots per master " + slotsPerMaster(cluster) + ", open " + open + "; " + cluster;
    }
}
