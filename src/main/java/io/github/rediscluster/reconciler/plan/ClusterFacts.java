package io.github.rediscluster.reconciler.plan;

import io.github.rediscluster.reconciler.observe.ClusterNode;
import io.github.rediscluster.reconciler.observe.ObservedCluster;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisPod;
import io.github.rediscluster.reconciler.observe.RedisView;
import io.github.rediscluster.reconciler.observe.SlotRange;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What every stage of the planner reads: the spec, what each pod answered and the index built once from it (pods by
 * NodeId, each NodeId's line, the slot owners seen, keys per slot, the pods that go), with the small queries the
 * stages share. Immutable and pure: no I/O.
 */
public final class ClusterFacts {

    private final ClusterSpec spec;
    private final List<ObservedPod> pods;
    private final List<ObservedPod> answering;
    private final Map<String, ObservedPod> podById;
    /** Each NodeId any answering node knows (handshakes aside): its own line when it answered, else the first seen. */
    private final Map<String, ClusterNode> lines;
    /** For each slot, the NodeId that the first answering node listing an owner names; null when none does. */
    private final String[] ownerSeen = new String[SlotRange.SLOTS];
    private final Map<Integer, Map<String, Long>> keysInSlots;
    private final Set<String> failoversInFlight;
    private final Set<String> restartPending;

    private ClusterFacts(ClusterSpec spec, ObservedCluster observed, Set<String> failoversInFlight, Set<String> restartPending) {
        this.restartPending = Set.copyOf(restartPending);
        this.spec = spec;
        this.pods = observed.pods();
        this.answering = pods.stream().filter(ObservedPod::answered).toList();
        this.keysInSlots = observed.keysInSlots();
        this.failoversInFlight = Set.copyOf(failoversInFlight);
        Map<String, ObservedPod> byId = new HashMap<>();
        Map<String, ClusterNode> known = new TreeMap<>();
        answering.forEach(pod -> byId.put(view(pod).myId(), pod));
        answering.forEach(pod -> known.put(view(pod).myId(), view(pod).myself()));
        for (ObservedPod pod : answering) {
            for (ClusterNode node : view(pod).nodes()) {
                if (!node.handshake()) {
                    known.putIfAbsent(node.id(), node);
                    node.slots().forEach(range -> {
                        for (int slot = range.first(); slot <= range.last(); slot++) {
                            if (ownerSeen[slot] == null) {
                                ownerSeen[slot] = node.id();
                            }
                        }
                    });
                }
            }
        }
        this.podById = Collections.unmodifiableMap(byId);
        this.lines = Collections.unmodifiableMap(known);
    }

    /**
     * @param failoversInFlight pods that were asked to take over from their master recently; they are not asked again
     *        while the failover may still be running
     */
    public static ClusterFacts of(ClusterSpec spec, ObservedCluster observed, Set<String> failoversInFlight) {
        return new ClusterFacts(spec, observed, failoversInFlight, Set.of());
    }

    /** @param restartPending pods a rolling restart has yet to restart (see {@link RollingRestart}) */
    public static ClusterFacts of(ClusterSpec spec, ObservedCluster observed, Set<String> failoversInFlight,
            Set<String> restartPending) {
        return new ClusterFacts(spec, observed, failoversInFlight, restartPending);
    }

    /** The pod is yet to be restarted by a rolling restart: promoting it would only have it failed over again. */
    public boolean restartPending(RedisPod pod) {
        return restartPending.contains(pod.name());
    }

    public ClusterSpec spec() {
        return spec;
    }

    /** Every pod of the cluster's StatefulSet, answering or not. */
    public List<ObservedPod> pods() {
        return pods;
    }

    /** The pods whose redis-server answered this pass. */
    public List<ObservedPod> answering() {
        return answering;
    }

    public Set<String> failoversInFlight() {
        return failoversInFlight;
    }

    public int port() {
        return spec.port();
    }

    public static RedisView view(ObservedPod pod) {
        return pod.view().orElseThrow();
    }

    /** What {@code pod} answered; only asked for pods that did. */
    public ObservedPod observed(RedisPod pod) {
        return answering.stream().filter(observed -> observed.pod().equals(pod)).findFirst().orElseThrow();
    }

    /** The answering pod whose node has this NodeId, or null. */
    public ObservedPod podOf(String nodeId) {
        return podById.get(nodeId);
    }

    public boolean hasPod(String nodeId) {
        return podById.containsKey(nodeId);
    }

    /** The NodeIds of the answering pods. */
    public Set<String> podIds() {
        return podById.keySet();
    }

    public Optional<ClusterNode> line(String id) {
        return Optional.ofNullable(lines.get(id));
    }

    /** Each known NodeId's line (see {@link #line}), in NodeId order. */
    public Collection<ClusterNode> lines() {
        return lines.values();
    }

    /** NodeIds any answering node knows, handshakes aside, in a stable order. */
    public Set<String> knownIds() {
        return lines.keySet();
    }

    /** The NodeId the first answering node that lists an owner of {@code slot} names. */
    public Optional<String> ownerSeen(int slot) {
        return Optional.ofNullable(ownerSeen[slot]);
    }

    /** Every NodeId that some answering node lists as the owner of {@code slot} (its own line or a peer's), in order. */
    public Set<String> ownersListed(int slot) {
        Set<String> ids = new TreeSet<>();
        answering.forEach(pod -> view(pod).nodes().stream().filter(node -> !node.handshake() && node.owns(slot))
                .forEach(node -> ids.add(node.id())));
        return ids;
    }

    /**
     * The pod's node answered and has no key in {@code slot}: no key at all, or the slot's keys were counted on it
     * (the observer counts open slots on every master holding keys) and there are none.
     */
    public boolean reportsNoKeys(int slot, ObservedPod pod) {
        Long counted = keysInSlots.getOrDefault(slot, Map.of()).get(view(pod).myId());
        return view(pod).keys() == 0 || counted != null && counted == 0;
    }

    public Map<Integer, Map<String, Long>> keysInSlots() {
        return keysInSlots;
    }

    public long keysIn(int slot, ObservedPod pod) {
        return keysInSlots.getOrDefault(slot, Map.of()).getOrDefault(view(pod).myId(), 0L);
    }

    /** Masters that own slots, by their own line. */
    public List<ObservedPod> slotOwners() {
        return answering.stream().filter(pod -> view(pod).myself().master() && view(pod).myself().ownsSlots()).toList();
    }

    /**
     * Every pod the spec has answers, and so does every pod beyond it that still has an IP (a pod that is going away
     * has none: it is no longer waited for).
     */
    public boolean allPodsAnswer() {
        long staying = answering.stream().filter(pod -> !leaving(pod.pod())).count();
        return staying >= spec.podCount()
                && pods.stream().allMatch(pod -> pod.answered() || leaving(pod.pod()) && pod.pod().ip().isEmpty());
    }

    /** A pod beyond the spec's pod count has no IP right now (deleted, evicted or restarting): its node is unknown. */
    public boolean leavingPodWithoutIp() {
        return pods.stream().anyMatch(pod -> leaving(pod.pod()) && pod.pod().ip().isEmpty());
    }

    /** A pod beyond the spec's pod count: the spec was lowered (or the pod was added by hand), it is to go. */
    public boolean leaving(RedisPod pod) {
        return pod.ordinal() >= spec.podCount();
    }

    public boolean leaving(ObservedPod pod) {
        return leaving(pod.pod());
    }

    /** The pod's name when a pod answers with this NodeId, else the short NodeId. */
    public String describe(String nodeId) {
        ObservedPod pod = podById.get(nodeId);
        return pod == null ? "node " + ClusterNode.shortId(nodeId) : pod.pod().name();
    }

    /** A master with no slot and no key that has joined the cluster: a new pod, or one whose slots all moved away. */
    public static boolean emptyMaster(ObservedPod pod) {
        RedisView view = view(pod);
        return view.myself().master() && !view.myself().ownsSlots() && view.keys() == 0 && !view.alone();
    }

    /** Seen up by the cluster though it did not answer this pass (a pod the service could not reach). */
    public static boolean seenAlive(ClusterNode node) {
        return !node.failing() && !node.noAddress() && node.linkConnected();
    }

    /**
     * Replicas per master pod, counted from every node's own role (or from how others see a silent pod); pods that go
     * do not count.
     */
    public Map<RedisPod, Integer> replicaCounts(List<ObservedPod> masters) {
        Map<String, Integer> perMasterId = new HashMap<>();
        lines.values().stream()
                .filter(node -> podById.containsKey(node.id()) ? !leaving(podById.get(node.id()).pod()) : seenAlive(node))
                .forEach(node -> node.masterId().ifPresent(masterId -> perMasterId.merge(masterId, 1, Integer::sum)));
        Map<RedisPod, Integer> counts = new HashMap<>();
        masters.forEach(master -> counts.put(master.pod(), perMasterId.getOrDefault(view(master).myId(), 0)));
        return counts;
    }

    // ---- commands the stages share ----

    public RedisCommand meet(RedisPod from, RedisPod to) {
        return RedisCommand.on(from, "CLUSTER", "MEET", to.ip(), String.valueOf(port()));
    }

    /** ADDSLOTSRANGE on Redis 7; Redis 6.2 only has ADDSLOTS with every slot listed. */
    public static RedisCommand addSlots(ObservedPod master, SlotRange range) {
        if (view(master).hasAddSlotsRange()) {
            return RedisCommand.on(master.pod(), "CLUSTER", "ADDSLOTSRANGE", String.valueOf(range.first()), String.valueOf(range.last()));
        }
        List<String> args = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
        for (int slot = range.first(); slot <= range.last(); slot++) {
            args.add(String.valueOf(slot));
        }
        return RedisCommand.on(master.pod(), args);
    }

    /** A move of {@code slots} from one master to another; every other master that answers is told the new owner. */
    public SlotMove slotMove(ObservedPod source, ObservedPod target, List<Integer> slots, boolean keepSourceMaster) {
        List<RedisPod> others = answering.stream().filter(pod -> pod != source && pod != target && view(pod).myself().master())
                .map(ObservedPod::pod).toList();
        return new SlotMove(source.pod(), view(source).myId(), target.pod(), view(target).myId(), slots, others,
                keepSourceMaster);
    }

    // ---- names ----

    public static String names(Collection<ObservedPod> pods) {
        return compact(pods.stream().map(pod -> pod.pod().name()).collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    /** At most five names, then how many more: a reason stays one readable line on a cluster of 1000 pods. */
    public static String compact(Collection<String> names) {
        List<String> all = List.copyOf(names);
        return all.size() <= 5 ? String.join(", ", all)
                : String.join(", ", all.subList(0, 5)) + " and " + (all.size() - 5) + " more";
    }
}
