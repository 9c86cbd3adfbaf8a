package io.github.rediscluster.reconciler.testing.sim;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One simulated cluster member: what its nodes.conf would hold (NodeId, role, epoch, whom it knows and at which of
 * their addresses) and its open slots. Guarded by the {@link SimCluster} it belongs to.
 */
final class SimNode {

    final int index;
    final String id;
    /** Its IP in each life: a restart on a new pod IP appends one. */
    final List<String> ips = new ArrayList<>();
    int master = -1;
    long configEpoch;
    /** The nodes it knows, itself included. */
    final BitSet known = new BitSet();
    /** For each node it knows, which of that node's lives (index into its {@link #ips}) it last heard of. */
    final int[] seenLife;
    final Map<Integer, String> migrating = new TreeMap<>();
    final Map<Integer, String> importing = new TreeMap<>();
    final Map<String, String> config = new HashMap<>();
    /** Its line in its peers' CLUSTER NODES, and the {@link SimCluster#changes()} it was built at. */
    byte[] peerLine;
    long peerLineAt = -1;

    SimNode(int index, String id, String ip, int size) {
        this.index = index;
        this.id = id;
        this.ips.add(ip);
        this.seenLife = new int[size];
        known.set(index);
    }

    String ip() {
        return ips.get(life());
    }

    int life() {
        return ips.size() - 1;
    }

    boolean master() {
        return master < 0;
    }

    /** Whether it has heard of {@code other}'s current address. */
    boolean seesCurrent(SimNode other) {
        return known.get(other.index) && seenLife[other.index] == other.life();
    }

    void learn(SimNode other, int life) {
        known.set(other.index);
        seenLife[other.index] = life;
    }
}
