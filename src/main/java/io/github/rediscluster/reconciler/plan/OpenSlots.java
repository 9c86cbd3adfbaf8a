package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.ClusterFacts.view;

import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.OpenSlot;
import io.github.rediscluster.reconciler.observe.SlotRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Part of {@link SettleSlots}: a slot left MIGRATING/IMPORTING (a move cut short: the reconciler stopped, a pod
 * restarted, a MIGRATE failed, a master failed over) is finished when a master other than its owner already holds keys
 * of it, or when both sides are still open towards each other: the move goes on from where it stopped, toward the
 * master holding the keys. One that moved no key and lost a side (the source failed over, the target went) is rolled
 * back with SETSLOT STABLE, which loses nothing. Markers left on a node that no longer owns the slot are cleared the
 * same way, once it holds no key of it.
 *
 * <p>Rules that keep every key (issue 16), whatever failed in the middle:
 * <ul>
 * <li>a slot whose owner, as any node that answers lists it, does not answer is left alone and reported: its keys may
 * be there (a leaving pod without an IP for a moment comes back with the same NodeId and its keys);</li>
 * <li>a slot is assigned (SETSLOT NODE) only once every node listed as its owner answered and reported no key in it;</li>
 * <li>no STABLE or rollback before the slot's keys are counted on every master that answers (the observer counts an
 * open slot's keys on every master that holds keys, marked or not); keys on a master that does not own the slot are
 * not given up: the move is finished toward that master (after the importing master failed over, its replica holds the
 * moved keys without the IMPORTING mark); keys on two such masters are left to a human.</li>
 * </ul>
 */
final class OpenSlots {

    private OpenSlots() {
    }

    /** @param owners each slot's owner by the answering nodes' own lines */
    static void settle(ClusterFacts facts, Map<Integer, String> owners, StageResult.Builder out) {
        Map<Integer, List<ObservedPod>> markedBy = new TreeMap<>();
        facts.answering().forEach(pod -> view(pod).myself().openSlots()
                .forEach(open -> markedBy.computeIfAbsent(open.slot(), key -> new ArrayList<>()).add(pod)));
        Map<List<String>, List<Integer>> resumed = new LinkedHashMap<>();
        Map<Integer, List<RedisCommand>> closes = new TreeMap<>();
        for (Map.Entry<Integer, List<ObservedPod>> entry : markedBy.entrySet()) {
            int slot = entry.getKey();
            if (!facts.allPodsAnswer()) {
                out.await(WaitReason.SLOT_OPEN_AWAITS_PODS, "slot " + slot);
                continue;
            }
            List<String> silentOwners = facts.ownersListed(slot).stream().filter(id -> !facts.hasPod(id)).toList();
            if (!silentOwners.isEmpty()) {
                out.await(WaitReason.SLOT_OPEN_OWNER_SILENT, "slot " + slot,
                        ClusterFacts.compact(silentOwners.stream().map(facts::describe).toList()));
                continue;
            }
            ObservedPod owner = Optional.ofNullable(owners.get(slot)).map(facts::podOf).orElse(null);
            if (owners.get(slot) == null && finishUnownedImport(facts, slot, entry.getValue(), closes)) {
                continue;
            }
            List<ObservedPod> holders = keyHolders(facts, slot, owner);
            if (holders.size() > 1) {
                out.refuse(RefusalReason.OPEN_SLOT_KEYS_ON_NON_OWNER, "slot " + slot, ClusterFacts.names(holders)
                        + ", which all hold keys of it" + (owner == null ? " (no master owns it)" : " (" + owner.pod().name()
                        + " owns it)"));
                continue;
            }
            // One master other than the owner holds keys: the move goes on toward it. Unless it is itself migrating the
            // slot (a source that kept keys after the slot was handed over): that is left to a human, below.
            Optional<ObservedPod> holder = holders.stream().filter(pod -> !opens(pod, slot, OpenSlot.Direction.MIGRATING)).findFirst();
            Optional<ObservedPod> target = holder.isEmpty() ? moveTarget(facts, slot, owner, entry.getValue())
                    : holder.filter(pod -> owner != null && view(owner).myself().master());
            boolean resume = target.isPresent() && (facts.keysIn(slot, target.get()) > 0 || bothSidesOpen(slot, owner, target.get()));
            // A node importing a slot ignores what gossip says about its owner: opened on a node that had not learned
            // the owner yet, the slot stays unassigned there, its cluster_state fails and every MIGRATE to it is
            // refused (CLUSTERDOWN). Closing its side lets it learn the owner; the owner stays MIGRATING when keys
            // have moved, so that the next pass finishes the move.
            boolean targetBlind = resume && view(target.get()).nodes().stream().noneMatch(node -> !node.handshake() && node.owns(slot));
            if (targetBlind) {
                resume = false;
                if (facts.keysIn(slot, target.get()) > 0) {
                    closes.put(slot, reopenTowardBlindTarget(slot, owner, target.get()));
                    continue;
                }
            } else if (resume && !(view(owner).clusterStateOk() && view(target.get()).clusterStateOk())) {
                // Just after a restart a node needs a moment to see the cluster ok again; MIGRATE would be refused.
                out.await(WaitReason.SLOT_OPEN, "slot " + slot, "from " + owner.pod().name() + " to " + target.get().pod().name());
                continue;
            }
            List<RedisCommand> stable = new ArrayList<>();
            boolean blocked = false;
            for (ObservedPod marker : entry.getValue()) {
                if (resume && (marker == owner || marker == target.get())) {
                    continue;
                }
                if (marker != owner && facts.keysIn(slot, marker) > 0) {
                    out.refuse(RefusalReason.OPEN_SLOT_KEYS_ON_NON_OWNER, "slot " + slot, marker.pod().name() + ", which holds "
                            + facts.keysIn(slot, marker) + " keys of it but does not own it" + (owner == null
                                    ? " (no master owns it)" : " (" + owner.pod().name() + " does)"));
                    blocked = true;
                } else {
                    stable.add(RedisCommand.on(marker.pod(), "CLUSTER", "SETSLOT", String.valueOf(slot), "STABLE"));
                }
            }
            if (resume) {
                resumed.computeIfAbsent(List.of(view(owner).myId(), view(target.get()).myId()), key -> new ArrayList<>()).add(slot);
            }
            if (!blocked && !stable.isEmpty()) {
                closes.put(slot, stable);
            }
        }
        if (!closes.isEmpty()) {
            String slots = SlotRange.describe(closes.keySet());
            out.step(new TopologyStep(TopologyStep.Kind.CLOSE_SLOT, "slots " + slots, "slots " + slots + " were left open by"
                    + " a migration: rolled back where no key of them moved, finished where the new owner holds them all",
                    closes.values().stream().flatMap(List::stream).toList()));
        }
        resumed.forEach((ids, slots) -> {
            ObservedPod source = facts.podOf(ids.get(0));
            out.step(TopologyStep.move(facts.slotMove(source, facts.podOf(ids.get(1)), slots, emptiesLeavingPod(facts, source, slots)),
                    "a move cut short left " + slots.size() + " slot(s) open: going on with it"));
        });
    }

    /**
     * A slot nobody claims that one importing master holds all the keys of: the move stopped after the source gave it
     * away and before the target took it. The target takes it now, and every other master is told; but only when
     * every node listed as the slot's owner answered (checked before) and has no key in it: a source that still held
     * keys when it learned of the new owner would drop them.
     */
    private static boolean finishUnownedImport(ClusterFacts facts, int slot, List<ObservedPod> marked,
            Map<Integer, List<RedisCommand>> closes) {
        List<ObservedPod> importers = marked.stream().filter(pod -> opens(pod, slot, OpenSlot.Direction.IMPORTING)
                && view(pod).myself().master() && facts.keysIn(slot, pod) > 0).toList();
        long holders = facts.keysInSlots().getOrDefault(slot, Map.of()).values().stream().filter(count -> count > 0).count();
        if (importers.size() != 1 || holders != 1) {
            return false;
        }
        ObservedPod target = importers.get(0);
        boolean ownersEmpty = facts.ownersListed(slot).stream().filter(id -> !id.equals(view(target).myId()))
                .allMatch(id -> facts.hasPod(id) && facts.reportsNoKeys(slot, facts.podOf(id)));
        if (!ownersEmpty) {
            return false;
        }
        List<RedisCommand> commands = new ArrayList<>();
        commands.add(RedisCommand.on(target.pod(), "CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", view(target).myId()));
        facts.answering().stream().filter(pod -> pod != target && view(pod).myself().master())
                .forEach(pod -> commands.add(RedisCommand.on(pod.pod(), "CLUSTER", "SETSLOT", String.valueOf(slot), "NODE",
                        view(target).myId())));
        closes.put(slot, commands);
        return true;
    }

    /**
     * The target holds keys of the slot but does not see its owner (it imports, and an importing node ignores what
     * gossip says about the slot's owner: after the source failed over, or gave the slot up as a replica, the slot
     * stays unassigned there). Its side is closed so that it learns the owner; but first the owner is set MIGRATING
     * toward it, unless it already is: a STABLE alone, with an owner that is not migrating (it took the slot over by
     * a failover, without the mark), would leave the moved keys on a node that does not own the slot, where no mark
     * shows them and no pass would ever count them again (the soak's scale-in found this, issue 16). With the owner
     * migrating, the slot stays open and the next pass finishes the move toward the target.
     */
    private static List<RedisCommand> reopenTowardBlindTarget(int slot, ObservedPod owner, ObservedPod target) {
        List<RedisCommand> commands = new ArrayList<>();
        if (!view(owner).myself().openSlots().contains(new OpenSlot(slot, OpenSlot.Direction.MIGRATING, view(target).myId()))) {
            commands.add(RedisCommand.on(owner.pod(), "CLUSTER", "SETSLOT", String.valueOf(slot), "MIGRATING", view(target).myId()));
        }
        commands.add(RedisCommand.on(target.pod(), "CLUSTER", "SETSLOT", String.valueOf(slot), "STABLE"));
        return commands;
    }

    /**
     * The masters, other than the owner, that hold keys of the slot, marked open or not: after a failover of the
     * importing master, the master that took over holds the moved keys without the IMPORTING mark.
     */
    private static List<ObservedPod> keyHolders(ClusterFacts facts, int slot, ObservedPod owner) {
        return facts.answering().stream().filter(pod -> pod != owner && view(pod).myself().master() && facts.keysIn(slot, pod) > 0)
                .toList();
    }

    /**
     * Where an open slot was going: the master its owner migrates it to, or a master importing it; the one already
     * holding keys of it first, since those keys must end up with the rest.
     */
    private static Optional<ObservedPod> moveTarget(ClusterFacts facts, int slot, ObservedPod owner, List<ObservedPod> marked) {
        if (owner == null || !view(owner).myself().master()) {
            return Optional.empty();
        }
        List<ObservedPod> candidates = new ArrayList<>();
        view(owner).myself().openSlots().stream()
                .filter(open -> open.slot() == slot && open.direction() == OpenSlot.Direction.MIGRATING)
                .map(open -> facts.podOf(open.peerId())).filter(Objects::nonNull).forEach(candidates::add);
        marked.stream().filter(pod -> pod != owner && opens(pod, slot, OpenSlot.Direction.IMPORTING)).forEach(candidates::add);
        return candidates.stream().filter(pod -> view(pod).myself().master())
                .max(Comparator.comparingLong((ObservedPod pod) -> facts.keysIn(slot, pod)));
    }

    private static boolean bothSidesOpen(int slot, ObservedPod owner, ObservedPod target) {
        return view(owner).myself().openSlots().contains(new OpenSlot(slot, OpenSlot.Direction.MIGRATING, view(target).myId()))
                && view(target).myself().openSlots().contains(new OpenSlot(slot, OpenSlot.Direction.IMPORTING, view(owner).myId()));
    }

    private static boolean opens(ObservedPod pod, int slot, OpenSlot.Direction direction) {
        return view(pod).myself().openSlots().stream().anyMatch(open -> open.slot() == slot && open.direction() == direction);
    }

    /** These are the last slots of a master whose pod goes. */
    private static boolean emptiesLeavingPod(ClusterFacts facts, ObservedPod source, List<Integer> slots) {
        return facts.leaving(source) && view(source).myself().slotCount() == slots.size();
    }
}
