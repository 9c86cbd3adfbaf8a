package io.github.rediscluster.reconciler.testing.sim;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a simulated node answers to each command the reconciler sends, read from and written to the shared
 * {@link SimCluster} under its lock. Anything else is answered with an error, so that a new command the service starts
 * sending shows up in the benchmark instead of passing silently.
 */
final class SimCommands {

    /** Commands that change nothing: any other one invalidates the nodes' CLUSTER NODES texts. */
    private static final Set<String> READS = Set.of("PING", "HELLO", "AUTH", "DBSIZE", "INFO SERVER", "INFO REPLICATION",
            "ROLE", "CONFIG GET", "CLUSTER MYID", "CLUSTER NODES", "CLUSTER INFO", "CLUSTER COUNTKEYSINSLOT",
            "CLUSTER GETKEYSINSLOT");

    private final SimCluster cluster;
    private final int port;

    SimCommands(SimCluster cluster, int port) {
        this.cluster = cluster;
        this.port = port;
    }

    /** The reply of the node listening on {@code ip} to {@code args}. */
    Object answer(String ip, List<String> args) {
        String name = args.get(0).toUpperCase(Locale.ROOT);
        String sub = args.size() > 1 ? args.get(1).toUpperCase(Locale.ROOT) : "";
        String counted = name.equals("CLUSTER") || name.equals("CONFIG") || name.equals("INFO") ? name + " " + sub : name;
        cluster.counted(counted);
        synchronized (cluster) {
            if (!READS.contains(counted)) {
                cluster.changed();
            }
            SimNode node = cluster.byIp(ip);
            if (node == null) {
                return new Resp.Error("ERR no simulated node at " + ip);
            }
            return switch (name) {
                case "PING" -> new Resp.Simple("PONG");
                case "HELLO" -> List.of("server", "redis", "version", cluster.version(), "proto", 2L, "id", 1L, "mode",
                        "cluster", "role", node.master() ? "master" : "replica", "modules", List.of());
                case "AUTH" -> new Resp.Error("ERR AUTH <password> called without any password configured for the default"
                        + " user. Are you sure your configuration is correct?");
                case "DBSIZE" -> 0L;
                case "INFO" -> info(node, sub);
                case "ROLE" -> node.master() ? List.of("master", 0L, List.of())
                        : List.of("slave", cluster.nodes[node.master].ip(), (long) port, "connected", 0L);
                case "CONFIG" -> config(node, args);
                case "CLUSTER" -> clusterCommand(node, sub, args);
                default -> new Resp.Error("ERR unknown command '" + args.get(0) + "' (not simulated)");
            };
        }
    }

    private Object info(SimNode node, String section) {
        if (section.equals("SERVER")) {
            return "# Server\r\nredis_version:" + cluster.version() + "\r\nredis_mode:cluster\r\ntcp_port:" + port + "\r\n";
        }
        if (node.master()) {
            long replicas = java.util.Arrays.stream(cluster.nodes).filter(other -> other.master == node.index).count();
            return "# Replication\r\nrole:master\r\nconnected_slaves:" + replicas + "\r\n";
        }
        return "# Replication\r\nrole:slave\r\nmaster_host:" + cluster.nodes[node.master].ip() + "\r\nmaster_port:" + port
                + "\r\nmaster_link_status:up\r\nmaster_sync_in_progress:0\r\n";
    }

    private Object config(SimNode node, List<String> args) {
        String sub = args.get(1).toUpperCase(Locale.ROOT);
        if (sub.equals("GET")) {
            String value = node.config.get(args.get(2));
            return value == null ? List.of() : List.of(args.get(2), value);
        }
        if (sub.equals("SET")) {
            node.config.put(args.get(2), args.get(3));
            return Resp.OK;
        }
        return new Resp.Error("ERR CONFIG " + sub + " not simulated");
    }

    private Object clusterCommand(SimNode node, String sub, List<String> args) {
        return switch (sub) {
            case "MYID" -> node.id;
            case "NODES" -> nodes(node);
            case "INFO" -> clusterInfo(node);
            case "MEET" -> meet(node, args.get(2));
            case "ADDSLOTS" -> addSlots(node, args.subList(2, args.size()).stream().mapToInt(Integer::parseInt).toArray());
            case "ADDSLOTSRANGE" -> addSlots(node, range(Integer.parseInt(args.get(2)), Integer.parseInt(args.get(3))));
            case "SET-CONFIG-EPOCH" -> {
                node.configEpoch = Long.parseLong(args.get(2));
                cluster.raiseEpoch(node.configEpoch);
                yield Resp.OK;
            }
            case "REPLICATE" -> replicate(node, args.get(2));
            case "FORGET" -> {
                SimNode gone = cluster.byId(args.get(2));
                if (gone == null || !node.known.get(gone.index) || gone == node) {
                    yield new Resp.Error("ERR Unknown node " + args.get(2));
                }
                node.known.clear(gone.index);
                yield Resp.OK;
            }
            case "COUNTKEYSINSLOT" -> 0L;
            case "GETKEYSINSLOT" -> List.of();
            case "SETSLOT" -> setSlot(node, args);
            case "FAILOVER" -> failover(node);
            default -> new Resp.Error("ERR CLUSTER " + sub + " not simulated");
        };
    }

    private Object meet(SimNode node, String ip) {
        SimNode other = cluster.byIp(ip);
        if (other != null && other != node) {
            node.learn(other, other.life());
            other.learn(node, node.life());
        }
        return Resp.OK;
    }

    private Object addSlots(SimNode node, int[] slots) {
        for (int slot : slots) {
            if (cluster.owner[slot] >= 0) {
                return new Resp.Error("ERR Slot " + slot + " is already busy");
            }
        }
        for (int slot : slots) {
            cluster.owner[slot] = node.index;
        }
        cluster.slotsChanged();
        return Resp.OK;
    }

    private static int[] range(int first, int last) {
        return java.util.stream.IntStream.rangeClosed(first, last).toArray();
    }

    private Object replicate(SimNode node, String masterId) {
        SimNode master = cluster.byId(masterId);
        if (master == null || !node.known.get(master.index)) {
            return new Resp.Error("ERR Unknown node " + masterId);
        }
        for (int owned : cluster.owner) {
            if (owned == node.index) {
                return new Resp.Error("ERR To set a master the node must be empty and without assigned slots.");
            }
        }
        node.master = master.index;
        return Resp.OK;
    }

    private Object setSlot(SimNode node, List<String> args) {
        int slot = Integer.parseInt(args.get(2));
        String how = args.get(3).toUpperCase(Locale.ROOT);
        switch (how) {
            case "IMPORTING" -> node.importing.put(slot, args.get(4));
            case "MIGRATING" -> node.migrating.put(slot, args.get(4));
            case "STABLE" -> {
                node.importing.remove(slot);
                node.migrating.remove(slot);
            }
            case "NODE" -> {
                SimNode target = cluster.byId(args.get(4));
                if (target == null) {
                    return new Resp.Error("ERR I don't know about node " + args.get(4));
                }
                cluster.owner[slot] = target.index;
                node.importing.remove(slot);
                node.migrating.remove(slot);
                if (target == node && target.configEpoch < cluster.currentEpoch()) {
                    target.configEpoch = cluster.bumpEpoch();
                }
                cluster.slotsChanged();
            }
            default -> {
                return new Resp.Error("ERR Invalid CLUSTER SETSLOT action or number of arguments");
            }
        }
        return Resp.OK;
    }

    private Object failover(SimNode node) {
        if (node.master()) {
            return new Resp.Error("ERR You should send CLUSTER FAILOVER to a replica");
        }
        SimNode old = cluster.nodes[node.master];
        for (int slot = 0; slot < SimCluster.SLOTS; slot++) {
            if (cluster.owner[slot] == old.index) {
                cluster.owner[slot] = node.index;
            }
        }
        for (SimNode other : cluster.nodes) {
            if (other.master == old.index) {
                other.master = node.index;
            }
        }
        node.master = -1;
        old.master = node.index;
        node.configEpoch = cluster.bumpEpoch();
        cluster.slotsChanged();
        return Resp.OK;
    }

    private String clusterInfo(SimNode node) {
        int assigned = 0;
        for (int owned : cluster.owner) {
            assigned += owned >= 0 ? 1 : 0;
        }
        boolean ok = assigned == SimCluster.SLOTS;
        return "cluster_enabled:1\r\ncluster_state:" + (ok ? "ok" : "fail") + "\r\ncluster_slots_assigned:" + assigned
                + "\r\ncluster_known_nodes:" + node.known.cardinality() + "\r\ncluster_current_epoch:" + cluster.currentEpoch()
                + "\r\ncluster_my_epoch:" + node.configEpoch + "\r\n";
    }

    /**
     * Its CLUSTER NODES reply as lines, each built again only after something changed: the fake servers share the
     * benchmark's two cores with the service, and building 1,000 texts of 100 kB a pass would be measured as the
     * service's time. A node's line as its peers see it is the same for all of them (held once, not once per peer);
     * its own line and lines with a stale address are built for the one reply.
     */
    private Resp.Chunks nodes(SimNode self) {
        List<byte[]> lines = new java.util.ArrayList<>(self.known.cardinality());
        for (int i = self.known.nextSetBit(0); i >= 0; i = self.known.nextSetBit(i + 1)) {
            SimNode node = cluster.nodes[i];
            boolean stale = node != self && !self.seesCurrent(node);
            if (node == self || stale) {
                lines.add(line(self, node, stale));
            } else {
                if (node.peerLineAt != cluster.changes()) {
                    node.peerLine = line(self, node, false);
                    node.peerLineAt = cluster.changes();
                }
                lines.add(node.peerLine);
            }
        }
        return new Resp.Chunks(lines);
    }

    /** {@code node}'s line in the CLUSTER NODES of {@code self}; a stale address shows as its old IP, suspected failing. */
    private byte[] line(SimNode self, SimNode node, boolean stale) {
        StringBuilder text = new StringBuilder(128);
        String ip = node.ips.get(self.seenLife[node.index]);
        text.append(node.id).append(' ').append(ip).append(':').append(port).append('@').append(port + 10000)
                .append(node == self ? " myself," : " ").append(node.master() ? "master" : "slave")
                .append(stale ? ",fail?" : "").append(' ').append(node.master() ? "-" : cluster.nodes[node.master].id)
                .append(" 0 0 ").append(node.configEpoch).append(stale ? " disconnected" : " connected")
                .append(cluster.ranges(node));
        if (node == self) {
            node.migrating.forEach((slot, to) -> text.append(" [").append(slot).append("->-").append(to).append(']'));
            node.importing.forEach((slot, from) -> text.append(" [").append(slot).append("-<-").append(from).append(']'));
        }
        return text.append('\n').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
