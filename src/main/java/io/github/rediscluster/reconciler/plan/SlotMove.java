package io.github.rediscluster.reconciler.plan;

import io.github.rediscluster.reconciler.observe.RedisPod;
import io.github.rediscluster.reconciler.observe.SlotRange;

import java.util.List;

/**
 * Slots to move with their keys from one master to another, the way {@code redis-cli --cluster reshard} does:
 * IMPORTING on the target, MIGRATING on the source, the keys moved in batches, then the new owner set on the
 * target, the source and every other master. The same move resumes a migration left open: opening is idempotent.
 *
 * @param otherMasters every other master that answers, told the new owner so that it redirects clients at once
 * @param keepSourceMaster these are the last slots of a source whose pod goes: it is to stay an empty master (see
 *        {@code SlotMover}), so that the pod can come back as a master when the spec grows again
 */
public record SlotMove(RedisPod source, String sourceId, RedisPod target, String targetId, List<Integer> slots,
        List<RedisPod> otherMasters, boolean keepSourceMaster) {

    public SlotMove {
        slots = List.copyOf(slots);
        otherMasters = List.copyOf(otherMasters);
    }

    @Override
    public String toString() {
        return slots.size() + " slot(s) " + SlotRange.describe(slots) + " from " + source.name() + " to " + target.name();
    }
}
