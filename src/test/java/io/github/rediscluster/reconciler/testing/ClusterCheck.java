package io.github.rediscluster.reconciler.testing;

import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import io.github.rediscluster.reconciler.observe.ClusterNode;
import io.github.rediscluster.reconciler.observe.ClusterNodesParser;
import io.github.rediscluster.reconciler.observe.InfoText;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * The checks of {@code redis-cli --cluster check}, plus the ones the reconciler promises, taken from every pod
 * at once: each pod answers with cluster_state ok and every slot assigned and ok; every replica's link to its
 * master is up (synced); every node knows exactly the
 * pods' nodes, each once, at its pod IP (its own line included); all nodes agree which master owns each slot;
 * no slot is open; the spec's masters each have their replicas.
 */
public final class ClusterCheck {

    /** One node's answers. */
    public record NodeState(SandboxPod pod, String myId, Map<String, String> info, List<ClusterNode> view) {

        public ClusterNode myself() {
            return view.stream().filter(ClusterNode::myself).findFirst().orElseThrow();
        }
    }

    /** What every pod said, and what is wrong with it: healthy when nothing is. */
    public record Snapshot(List<NodeState> nodes, List<String> problems) {

        public boolean healthy() {
            return problems.isEmpty();
        }

        /** NodeIds of the masters that own slots, by pod name. */
        public Map<String, String> masters() {
            Map<String, String> masters = new TreeMap<>();
            nodes.stream().filter(node -> node.myself().master() && node.myself().ownsSlots())
                    .forEach(node -> masters.put(node.pod().name(), node.myId()));
            return masters;
        }

        /** Pod name of each replica -> pod name of its master. */
        public Map<String, String> replicaOf() {
            Map<String, String> byId = new LinkedHashMap<>();
            nodes.forEach(node -> byId.put(node.myId(), node.pod().name()));
            Map<String, String> pairs = new TreeMap<>();
            nodes.stream().filter(node -> node.myself().replica())
                    .forEach(node -> pairs.put(node.pod().name(), byId.getOrDefault(node.myself().masterId().orElse(""), "?")));
            return pairs;
        }

        public NodeState node(String pod) {
            return nodes.stream().filter(node -> node.pod().name().equals(pod)).findFirst().orElseThrow();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(problems.isEmpty() ? "healthy" : "problems: " + problems);
            for (NodeState node : nodes) {
                ClusterNode myself = node.myself();
                text.append("\n  ").append(node.pod().name()).append(' ').append(node.pod().ip()).append(' ')
                        .append(node.pod().node()).append(' ').append(ClusterNode.shortId(node.myId())).append(' ')
                        .append(new java.util.TreeSet<>(myself.flags())).append(' ').append(myself.slots())
                        .append(" state=").append(node.info().get("cluster_state"))
                        .append(" known=").append(node.info().get("cluster_known_nodes"));
            }
            return text.toString();
        }
    }

    private static final ExecutorService READERS = Executors.newFixedThreadPool(16, runnable -> {
        Thread thread = new Thread(runnable, "cluster-check");
        thread.setDaemon(true);
        return thread;
    });

    private ClusterCheck() {
    }

    private static List<String> read(RedisCalls redis, int port, SandboxPod pod) {
        try {
            return redis.batch(pod.ip(), port, List.of(List.of("CLUSTER", "INFO"), List.of("INFO", "replication"),
                    List.of("CLUSTER", "MYID"), List.of("CLUSTER", "NODES")));
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * The spec's pods ({@code masters} with {@code replicasPerMaster} each) all run Ready and are as the caller wants
     * them (e.g. back on new IPs): only then does a check of the cluster say whether it healed.
     */
    public static boolean podsReady(List<SandboxPod> pods, int masters, int replicasPerMaster,
            Predicate<List<SandboxPod>> asWanted) {
        return pods.size() == masters * (1 + replicasPerMaster) && pods.stream().allMatch(SandboxPod::ready)
                && asWanted.test(pods);
    }

    /** Every pod is read at once, each on one connection, so that a check of 100 pods takes well under a second. */
    public static Snapshot take(RedisCalls redis, int port, List<SandboxPod> pods, int masters, int replicasPerMaster) {
        List<NodeState> nodes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<CompletableFuture<List<String>>> replies = pods.stream().map(pod -> CompletableFuture.supplyAsync(
                () -> read(redis, port, pod), READERS)).toList();
        for (int i = 0; i < pods.size(); i++) {
            SandboxPod pod = pods.get(i);
            try {
                List<String> reply = replies.get(i).join();
                Map<String, String> info = new LinkedHashMap<>(InfoText.parse(reply.get(0)));
                info.putAll(InfoText.parse(reply.get(1)));
                nodes.add(new NodeState(pod, reply.get(2), info, ClusterNodesParser.parse(reply.get(3))));
            } catch (RuntimeException e) {
                problems.add(pod.name() + " does not answer: " + (e.getCause() == null ? e : e.getCause()));
            }
        }
        if (!problems.isEmpty()) {
            return new Snapshot(nodes, problems);
        }
        Map<String, String> ipOfId = new LinkedHashMap<>();
        nodes.forEach(node -> ipOfId.put(node.myId(), node.pod().ip()));
        for (NodeState node : nodes) {
            checkNode(node, ipOfId, pods.size(), problems);
        }
        checkAgreement(nodes, problems);
        checkRoles(nodes, masters, replicasPerMaster, problems);
        return new Snapshot(nodes, problems);
    }

    private static void checkNode(NodeState node, Map<String, String> ipOfId, int pods, List<String> problems) {
        String name = node.pod().name();
        if (!"ok".equals(node.info().get("cluster_state"))) {
            problems.add(name + " cluster_state:" + node.info().get("cluster_state"));
        }
        for (String key : List.of("cluster_slots_assigned", "cluster_slots_ok")) {
            if (!"16384".equals(node.info().get(key))) {
                problems.add(name + " " + key + ":" + node.info().get(key));
            }
        }
        if (node.myself().replica() && !"up".equals(node.info().get("master_link_status"))) {
            problems.add(name + " replicates with master_link_status:" + node.info().get("master_link_status"));
        }
        if (!String.valueOf(pods).equals(node.info().get("cluster_known_nodes"))) {
            problems.add(name + " cluster_known_nodes:" + node.info().get("cluster_known_nodes"));
        }
        Set<String> ids = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (ClusterNode line : node.view()) {
            if (!ids.add(line.id()) || !addresses.add(line.address())) {
                problems.add(name + " lists " + ClusterNode.shortId(line.id()) + " at " + line.address() + " twice");
            }
            String podIp = ipOfId.get(line.id());
            if (podIp == null) {
                problems.add(name + " knows " + ClusterNode.shortId(line.id()) + " at " + line.address() + ", which no pod has");
            } else if (!podIp.equals(line.ip())) {
                problems.add(name + " has " + (line.myself() ? "itself" : ClusterNode.shortId(line.id())) + " at " + line.ip()
                        + ", pod IP " + podIp);
            }
            if (line.failing() || line.handshake() || !line.linkConnected()) {
                problems.add(name + " sees " + ClusterNode.shortId(line.id()) + " as " + line.flags()
                        + (line.linkConnected() ? "" : " disconnected"));
            }
            if (!line.openSlots().isEmpty()) {
                problems.add(name + " has open slots " + line.openSlots());
            }
        }
    }

    /** Every node maps every slot to the same master (redis-cli: "All nodes agree about slots configuration"). */
    private static void checkAgreement(List<NodeState> nodes, List<String> problems) {
        Map<String, String> reference = slotMap(nodes.get(0));
        for (NodeState node : nodes.subList(1, nodes.size())) {
            if (!slotMap(node).equals(reference)) {
                problems.add(node.pod().name() + " disagrees with " + nodes.get(0).pod().name() + " about slot owners");
            }
        }
    }

    private static Map<String, String> slotMap(NodeState node) {
        Map<String, String> owners = new TreeMap<>();
        node.view().forEach(line -> line.slots().forEach(range -> owners.put(range.toString(), line.id())));
        return owners;
    }

    private static void checkRoles(List<NodeState> nodes, int masters, int replicasPerMaster, List<String> problems) {
        List<NodeState> withSlots = nodes.stream().filter(node -> node.myself().master() && node.myself().ownsSlots()).toList();
        if (withSlots.size() != masters) {
            problems.add(withSlots.size() + " masters own slots, wanted " + masters);
        }
        for (NodeState master : withSlots) {
            long replicas = nodes.stream().filter(node -> node.myself().masterId().filter(master.myId()::equals).isPresent()).count();
            if (replicas != replicasPerMaster) {
                problems.add(master.pod().name() + " has " + replicas + " replicas, wanted " + replicasPerMaster);
            }
        }
    }
}
