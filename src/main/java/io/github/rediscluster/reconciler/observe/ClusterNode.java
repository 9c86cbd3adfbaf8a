package io.github.rediscluster.reconciler.observe;

import io.github.rediscluster.reconciler.redis.HostPort;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One line of CLUSTER NODES: how the node that answered sees one member of the cluster (itself when
 * {@link #myself()}).
 *
 * @param ip empty when the address is unknown ({@code noaddr}, or a node that has not learned its own yet)
 * @param masterId the master this node replicates, when it is a replica
 * @param linkConnected whether the answering node's cluster bus link to this node is up
 */
public record ClusterNode(
        String id,
        String ip,
        int port,
        int busPort,
        Optional<String> hostname,
        Set<String> flags,
        Optional<String> masterId,
        long configEpoch,
        boolean linkConnected,
        List<SlotRange> slots,
        List<OpenSlot> openSlots) {

    public ClusterNode {
        flags = Set.copyOf(flags);
        slots = List.copyOf(slots);
        openSlots = List.copyOf(openSlots);
    }

    public boolean myself() {
        return flags.contains("myself");
    }

    public boolean master() {
        return flags.contains("master");
    }

    public boolean replica() {
        return flags.contains("slave") || flags.contains("replica");
    }

    public boolean handshake() {
        return flags.contains("handshake");
    }

    public boolean noAddress() {
        return flags.contains("noaddr") || ip.isEmpty();
    }

    /** Flagged {@code fail} (agreed by a majority of masters) or {@code fail?} (this observer's suspicion). */
    public boolean failing() {
        return flags.contains("fail") || flags.contains("fail?");
    }

    public boolean ownsSlots() {
        return !slots.isEmpty();
    }

    public int slotCount() {
        return slots.stream().mapToInt(SlotRange::size).sum();
    }

    public boolean owns(int slot) {
        return slots.stream().anyMatch(range -> range.contains(slot));
    }

    public String address() {
        return HostPort.of(ip, port);
    }

    /** The short form used in logs and events: the first 8 characters of the NodeId, as redis-cli prints them. */
    public static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
