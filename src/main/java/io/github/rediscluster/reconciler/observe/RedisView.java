package io.github.rediscluster.reconciler.observe;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one redis-server answered: CLUSTER MYID, CLUSTER NODES (parsed), CLUSTER INFO, INFO server and
 * replication (as key/value pairs), and DBSIZE.
 */
public record RedisView(String myId, List<ClusterNode> nodes, Map<String, String> clusterInfo, Map<String, String> info,
        long keys) {

    public RedisView {
        nodes = List.copyOf(nodes);
        clusterInfo = Map.copyOf(clusterInfo);
        info = Map.copyOf(info);
    }

    /** Its own line; a node always lists itself. */
    public ClusterNode myself() {
        return nodes.stream().filter(ClusterNode::myself).findFirst()
                .orElseThrow(() -> new IllegalStateException("CLUSTER NODES of " + myId + " has no myself line"));
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
        return nodes.stream().filter(node -> node.id().equals(id)).findFirst();
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
        return nodes.stream().anyMatch(node -> node.handshake() && node.ip().equals(ip) && node.port() == port);
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
}
