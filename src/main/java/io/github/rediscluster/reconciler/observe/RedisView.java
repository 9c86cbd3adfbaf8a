package io.github.rediscluster.reconciler.observe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one redis-server answered: CLUSTER MYID, CLUSTER NODES (parsed), CLUSTER INFO, INFO server and
 * replication (as key/value pairs), and DBSIZE. The lines are kept sorted by NodeId, so that finding one is a binary
 * search: the planner asks every view about every node, and at 1,000 pods a scan each time is a billion steps.
 */
public final class RedisView {

    /** By NodeId, then address (only handshakes share one, a made-up id each); a plain method, sorted a million times. */
    private static final Comparator<ClusterNode> BY_ID = RedisView::compare;

    private final String myId;
    private final List<ClusterNode> nodes;
    private final Map<String, String> clusterInfo;
    private final Map<String, String> info;
    private final long keys;
    private final ClusterNode myself;
    /** Handshakes in progress, apart: asked about for every pair of pods, and almost always none. */
    private final List<ClusterNode> handshakes;

    public RedisView(String myId, List<ClusterNode> nodes, Map<String, String> clusterInfo, Map<String, String> info,
            long keys) {
        this.myId = myId;
        ClusterNode[] sorted = sorted(nodes);
        this.nodes = Collections.unmodifiableList(Arrays.asList(sorted));
        this.clusterInfo = Map.copyOf(clusterInfo);
        this.info = Map.copyOf(info);
        this.keys = keys;
        ClusterNode own = null;
        List<ClusterNode> inHandshake = new ArrayList<>(0);
        for (ClusterNode node : sorted) {
            own = own == null && node.myself() ? node : own;
            if (node.handshake()) {
                inHandshake.add(node);
            }
        }
        this.myself = own;
        this.handshakes = List.copyOf(inHandshake);
    }

    /**
     * The lines {@link #BY_ID}, sorted as longs: each line's index under the first 6 characters of its NodeId (when
     * they are ASCII), which order the lines as the ids do but for ties, then only ties compared as Strings. A pass
     * sorts a view per pod (a million lines at 1,000 pods), and comparing Strings was a large part of it.
     */
    private static ClusterNode[] sorted(List<ClusterNode> nodes) {
        ClusterNode[] sorted = nodes.toArray(ClusterNode[]::new);
        if (sorted.length > 1 << 16) {
            Arrays.sort(sorted, BY_ID);
            return sorted;
        }
        long[] keys = new long[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            long prefix = prefix(sorted[i].id());
            if (prefix < 0) {
                Arrays.sort(sorted, BY_ID);
                return sorted;
            }
            keys[i] = prefix << 16 | i;
        }
        Arrays.sort(keys);
        ClusterNode[] byKey = new ClusterNode[sorted.length];
        for (int i = 0; i < keys.length; i++) {
            byKey[i] = sorted[(int) (keys[i] & 0xFFFF)];
        }
        for (int tie = 0; tie < keys.length; ) {
            int end = tie + 1;
            while (end < keys.length && keys[end] >>> 16 == keys[tie] >>> 16) {
                end++;
            }
            if (end - tie > 1) {
                Arrays.sort(byKey, tie, end, BY_ID);
            }
            tie = end;
        }
        return byKey;
    }

    /** The first 6 characters of {@code id}, 8 bits each (0 past its end), as a positive long; -1 if one is not ASCII. */
    private static long prefix(String id) {
        long prefix = 0;
        for (int i = 0; i < 6; i++) {
            char c = i < id.length() ? id.charAt(i) : 0;
            if (c > 0x7F) {
                return -1;
            }
            prefix = prefix << 8 | c;
        }
        return prefix;
    }

    private static int compare(ClusterNode one, ClusterNode other) {
        if (one == other) {
            return 0;
        }
        int order = one.id().compareTo(other.id());
        if (order != 0) {
            return order;
        }
        order = one.ip().compareTo(other.ip());
        return order != 0 ? order : Integer.compare(one.port(), other.port());
    }

    public String myId() {
        return myId;
    }

    /** Every line, by NodeId. */
    public List<ClusterNode> nodes() {
        return nodes;
    }

    public Map<String, String> clusterInfo() {
        return clusterInfo;
    }

    public Map<String, String> info() {
        return info;
    }

    public long keys() {
        return keys;
    }

    /** Its own line; a node always lists itself. */
    public ClusterNode myself() {
        if (myself == null) {
            throw new IllegalStateException("CLUSTER NODES of " + myId + " has no myself line");
        }
        return myself;
    }

    /** It knows no other node: a fresh node, or one whose nodes.conf was lost. */
    public boolean alone() {
        return nodes.stream().allMatch(ClusterNode::myself);
    }

    /** Knows no other node and holds no slot and no key: safe to make part of any cluster. */
    public boolean empty() {
        return alone() && !myself().ownsSlots() && keys == 0;
    }

    public Optional<ClusterNode> node(String id) {
        int index = indexOf(id);
        return index < 0 ? Optional.empty() : Optional.of(nodes.get(index));
    }

    /** The first line with this NodeId, by binary search; -1 when none. */
    private int indexOf(String id) {
        int low = 0;
        int high = nodes.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            String candidate = nodes.get(middle).id();
            int order = candidate == id ? 0 : candidate.compareTo(id);
            if (order < 0) {
                low = middle + 1;
            } else if (order > 0) {
                high = middle - 1;
            } else {
                // Equal NodeIds are next to each other; a handshake's made-up id is never asked for.
                while (middle > 0 && nodes.get(middle - 1).id().equals(id)) {
                    middle--;
                }
                return middle;
            }
        }
        return -1;
    }

    /** Peers it knows by NodeId: every line but its own and handshakes in progress (which have made-up ids). */
    public List<ClusterNode> peers() {
        return nodes.stream().filter(node -> !node.myself() && !node.handshake()).toList();
    }

    /** Every NodeId it knows, itself included, handshakes in progress aside. */
    public Set<String> knownIds() {
        return nodes.stream().filter(node -> !node.handshake()).map(ClusterNode::id).collect(Collectors.toSet());
    }

    public boolean handshakeWith(String ip, int port) {
        return !handshakes.isEmpty() && handshakes.stream().anyMatch(node -> node.ip().equals(ip) && node.port() == port);
    }

    public boolean inHandshake() {
        return !handshakes.isEmpty();
    }

    /** Whether it knows the NodeId {@code id} (handshakes aside); a binary search, unlike {@link #knownIds()}. */
    public boolean knows(String id) {
        int index = indexOf(id);
        return index >= 0 && !nodes.get(index).handshake();
    }

    /**
     * Whether it lists the very same NodeId instances as {@code other}, in the same order and equally in handshake: then
     * both know the same NodeIds. A reference comparison a line, where the ids of a pass are one instance each
     * ({@link NodeLines}); false (though maybe the same) where they are not.
     */
    public boolean sameIdsAs(RedisView other) {
        if (other.nodes.size() != nodes.size()) {
            return false;
        }
        for (int i = 0; i < nodes.size(); i++) {
            ClusterNode one = nodes.get(i);
            ClusterNode theOther = other.nodes.get(i);
            if (one != theOther && (one.id() != theOther.id() || one.handshake() != theOther.handshake())) {
                return false;
            }
        }
        return true;
    }

    public boolean clusterStateOk() {
        return "ok".equals(clusterInfo.get("cluster_state"));
    }

    /** CLUSTER ADDSLOTSRANGE came with Redis 7.0. */
    public boolean hasAddSlotsRange() {
        String version = info.getOrDefault("redis_version", "0");
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot)) >= 7;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** For a replica: the master address it replicates from now, and whether its link is up and synced. */
    public String masterHost() {
        return info.getOrDefault("master_host", "");
    }

    public boolean replicationLinkUp() {
        return "up".equals(info.get("master_link_status")) && "0".equals(info.getOrDefault("master_sync_in_progress", "0"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RedisView view && myId.equals(view.myId) && nodes.equals(view.nodes)
                && clusterInfo.equals(view.clusterInfo) && info.equals(view.info) && keys == view.keys;
    }

    /**
     * Its NodeId and key count only: consistent with {@link #equals}, and cheap, where hashing every line made each
     * lookup of an {@link ObservedPod} in a map (Rejoin's order of the pods, its MEETs by target) cost a whole view:
     * a million of them after a full restart of 1,000 pods was 46 s of planning.
     */
    @Override
    public int hashCode() {
        return Objects.hash(myId, keys);
    }

    @Override
    public String toString() {
        return "RedisView[" + myId + ", " + nodes.size() + " nodes, " + keys + " keys]";
    }
}
