package io.github.rediscluster.reconciler.testing.sim;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The shared model behind the fake redis-servers of a simulation: n nodes, one slot table (every node agrees on the
 * owners, as a settled cluster does), and who knows whom at which address. CLUSTER MEET makes both sides know each
 * other at their current addresses; {@link #gossipRound()} lets each node learn the nodes that one random peer knows,
 * and the current address of a peer it holds at an old one when that peer sees it current (as in Redis's cluster.c:
 * a gossiped address replaces a known one only for a node the receiver flags failing and the sender does not; a
 * stale address here shows as {@code fail?}, so gossip rounds between passes stand for at least
 * {@code cluster-node-timeout} of real time). Every method is synchronized: the servers' event loops call in at once.
 */
public final class SimCluster {

    public static final int SLOTS = 16384;

    final SimNode[] nodes;
    private final Map<String, SimNode> byIp = new HashMap<>();
    private final Map<String, SimNode> byId = new HashMap<>();
    final int[] owner = new int[SLOTS];
    private final String version;
    private final Random random = new Random(20);
    private long currentEpoch;
    private long slotsVersion;
    private long rangesVersion = -1;
    private String[] ranges;
    private final Map<String, LongAdder> commands = new ConcurrentHashMap<>();
    /** Bumped by every change of any node's state, so that cached replies are known stale. */
    private long changes;

    /** @param ips each node's first address; @param version what INFO server answers as redis_version */
    public SimCluster(List<String> ips, String version) {
        this.version = version;
        this.nodes = new SimNode[ips.size()];
        for (int i = 0; i < nodes.length; i++) {
            // Random-looking like Redis's NodeIds (40 hex digits), which differ from the first digit on.
            Random seeded = new Random(i);
            String id = String.format("%016x%016x%08x", seeded.nextLong(), seeded.nextLong(), seeded.nextInt());
            nodes[i] = new SimNode(i, id, ips.get(i), nodes.length);
            byIp.put(ips.get(i), nodes[i]);
            byId.put(nodes[i].id, nodes[i]);
        }
        java.util.Arrays.fill(owner, -1);
    }

    public int size() {
        return nodes.length;
    }

    public String version() {
        return version;
    }

    public synchronized String ip(int node) {
        return nodes[node].ip();
    }

    public synchronized String id(int node) {
        return nodes[node].id;
    }

    /**
     * A formed, settled cluster as {@code masters} masters with the slots split evenly and the rest their replicas
     * in turn, every node knowing every other at its current address.
     */
    public synchronized void formSettled(int masters) {
        changes++;
        for (int i = 0; i < SLOTS; i++) {
            owner[i] = (int) ((long) i * masters / SLOTS);
        }
        for (SimNode node : nodes) {
            node.master = node.index < masters ? -1 : (node.index - masters) % masters;
            node.configEpoch = node.index + 1;
            for (SimNode other : nodes) {
                node.learn(other, other.life());
            }
        }
        currentEpoch = nodes.length;
        slotsVersion++;
    }

    /** Every node restarts on a new address ({@code newIps}), keeping its nodes.conf: all peers' addresses are stale. */
    public synchronized void restartAll(List<String> newIps) {
        changes++;
        byIp.clear();
        for (SimNode node : nodes) {
            node.ips.add(newIps.get(node.index));
            byIp.put(node.ip(), node);
            node.seenLife[node.index] = node.life();
        }
    }

    /** Nodes from {@code from} on start empty and alone (new pods of a scale-out): no slot, no peer, master. */
    public synchronized void freshFrom(int from) {
        changes++;
        for (int i = from; i < nodes.length; i++) {
            for (SimNode node : nodes) {
                if (node.index != i) {
                    node.known.clear(i);
                    nodes[i].known.clear(node.index);
                }
            }
            nodes[i].master = -1;
        }
        for (int slot = 0; slot < SLOTS; slot++) {
            if (owner[slot] >= from) {
                owner[slot] = -1;
            }
        }
        slotsVersion++;
    }

    /**
     * Each node learns from one random peer (that it sees at its current address) the nodes it does not know, and the
     * current address of those it holds at an old one and the peer sees current.
     */
    public synchronized boolean gossipRound() {
        changes++;
        boolean learned = false;
        for (SimNode node : nodes) {
            // A node gossips with the peers it reaches: those it holds at their current address.
            int[] reached = node.known.stream().filter(i -> i != node.index && node.seesCurrent(nodes[i])).toArray();
            if (reached.length == 0) {
                continue;
            }
            SimNode peer = nodes[reached[random.nextInt(reached.length)]];
            for (int i = peer.known.nextSetBit(0); i >= 0; i = peer.known.nextSetBit(i + 1)) {
                boolean mends = node.known.get(i) && !node.seesCurrent(nodes[i]) && peer.seesCurrent(nodes[i]);
                if (!node.known.get(i) || mends) {
                    node.learn(nodes[i], peer.seenLife[i]);
                    learned = true;
                }
            }
        }
        return learned;
    }

    /** Gossip rounds until five in a row teach nobody anything; how many rounds taught something. */
    public int settleGossip() {
        int rounds = 0;
        for (int idle = 0; idle < 5; ) {
            if (gossipRound()) {
                rounds++;
                idle = 0;
            } else {
                idle++;
            }
        }
        return rounds;
    }

    /** Whether every node knows every other at its current address. */
    public synchronized boolean fullyMeshed() {
        for (SimNode node : nodes) {
            for (SimNode other : nodes) {
                if (!node.seesCurrent(other)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** What every node answers to CONFIG GET (and keeps until CONFIG SET): a node as the ConfigMap started it. */
    public synchronized void configure(Map<String, String> directives) {
        for (SimNode node : nodes) {
            node.config.putAll(directives);
        }
    }

    /** Commands the fake servers answered, by name ("CLUSTER MEET", "INFO"), since the last {@link #resetCounts()}. */
    public Map<String, Long> counts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        commands.forEach((name, count) -> out.put(name, count.sum()));
        return out;
    }

    public long count(String name) {
        LongAdder count = commands.get(name);
        return count == null ? 0 : count.sum();
    }

    public long totalCommands() {
        return commands.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public void resetCounts() {
        commands.clear();
    }

    void counted(String name) {
        commands.computeIfAbsent(name, key -> new LongAdder()).increment();
    }

    // ---- for SimCommands, under the lock ----

    SimNode byIp(String ip) {
        return byIp.get(ip);
    }

    SimNode byId(String id) {
        return byId.get(id);
    }

    long currentEpoch() {
        return currentEpoch;
    }

    long bumpEpoch() {
        return ++currentEpoch;
    }

    void raiseEpoch(long epoch) {
        currentEpoch = Math.max(currentEpoch, epoch);
    }

    void slotsChanged() {
        slotsVersion++;
    }

    void changed() {
        changes++;
    }

    long changes() {
        return changes;
    }

    /** Each node's slot ranges as CLUSTER NODES lists them, rebuilt only after the slot table changed. */
    String ranges(SimNode node) {
        if (rangesVersion != slotsVersion) {
            StringBuilder[] built = new StringBuilder[nodes.length];
            for (int slot = 0; slot < SLOTS; ) {
                int holder = owner[slot];
                int last = slot;
                while (last + 1 < SLOTS && owner[last + 1] == holder) {
                    last++;
                }
                if (holder >= 0) {
                    StringBuilder text = built[holder] == null ? built[holder] = new StringBuilder() : built[holder];
                    text.append(' ').append(slot);
                    if (last > slot) {
                        text.append('-').append(last);
                    }
                }
                slot = last + 1;
            }
            ranges = new String[nodes.length];
            for (int i = 0; i < nodes.length; i++) {
                ranges[i] = built[i] == null ? "" : built[i].toString();
            }
            rangesVersion = slotsVersion;
        }
        return ranges[node.index];
    }
}
