package io.github.rediscluster.reconciler.observe;

/**
 * A slot left half-way through a migration on one node: CLUSTER NODES writes {@code [slot->-peer]} on the
 * source (MIGRATING to peer) and {@code [slot-<-peer]} on the target (IMPORTING from peer).
 */
public record OpenSlot(int slot, Direction direction, String peerId) {

    public enum Direction { MIGRATING, IMPORTING }

    @Override
    public String toString() {
        return "[" + slot + (direction == Direction.MIGRATING ? "->-" : "-<-") + peerId + "]";
    }
}
