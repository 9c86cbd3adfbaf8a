package io.github.rediscluster.reconciler.plan;

import io.github.rediscluster.reconciler.observe.ClusterNode;
import io.github.rediscluster.reconciler.observe.ObservedCluster;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.OpenSlot;
import io.github.rediscluster.reconciler.observe.RedisPod;
import io.github.rediscluster.reconciler.observe.RedisView;
import io.github.rediscluster.reconciler.observe.SlotRange;

import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Decides, from what every redis-server answered, the next safe changes to the Redis Cluster: a pure function,
 * level-triggered. Each pass takes the first stage that has work and stops there, because later stages need
 * the cluster the earlier ones produce; the next pass observes the result and goes on.
 *
 * <ol>
 * <li>fix a node's own address (CONFIG SET cluster-announce-ip), in a pass of its own;</li>
 * <li>form a new cluster out of empty nodes (bootstrap), or finish one cut short;</li>
 * <li>rejoin nodes that moved (CLUSTER MEET at the pod IP), meet empty nodes into the cluster;</li>
 * <li>finish migrations left open (or roll back those that moved no key); give slots nobody owns to the node
 * holding their keys, else to a master;</li>
 * <li>choose the masters the spec wants among the pods that stay (those below the spec's pod count), promoting a
 * staying replica by failover when too few of them are masters;</li>
 * <li>attach replicas (empty masters, replicas following an old address, a master short of replicas);</li>
 * <li>move slots with their keys until the masters to keep hold an even share and the others none, a bounded
 * batch per pass;</li>
 * <li>forget nodes no pod has that own no slot and are flagged failed;</li>
 * <li>let the pods beyond the spec's pod count go once the pods that stay hold every slot and replica;</li>
 * <li>restore the layout (masters on distinct Kubernetes nodes) with a coordinated CLUSTER FAILOVER.</li>
 * </ol>
 *
 * Roles are read from what each node says, never from pod ordinals: after failovers any pod may be a master.
 *
 * Nothing here ever removes data: no FLUSH, no RESET, no FORGET of a node that owns slots, and a node that
 * holds keys is never made part of a cluster it does not belong to.
 */
public final class TopologyPlanner {

    private final ClusterSpec spec;
    private final List<ObservedPod> pods;
    private final List<ObservedPod> answering;
    private final Map<String, ObservedPod> podById = new HashMap<>();
    /** Each NodeId any answering node knows (handshakes aside): its own line when it answered, else the first seen. */
    private final Map<String, ClusterNode> lines = new TreeMap<>();
    /** For each slot, the NodeId that the first answering node listing an owner names; null when none does. */
    private final String[] ownerSeen = new String[SlotRange.SLOTS];
    private final Map<Integer, Map<String, Long>> keysInSlots;
    private final Set<String> failoversInFlight;
    private final List<TopologyStep> steps = new ArrayList<>();
    private final List<String> waiting = new ArrayList<>();
    private final List<String> needsHuman = new ArrayList<>();
    /** Slots not yet where the spec wants them (moves still to make), counted when this pass looked. */
    private int slotsToMove;
    /** Set when the pods beyond the spec's pod count hold nothing the cluster needs: the StatefulSet may shrink. */
    private boolean leavingPodsReleased;

    private TopologyPlanner(ClusterSpec spec, ObservedCluster observed, Set<String> failoversInFlight) {
        this.spec = spec;
        this.pods = observed.pods();
        this.answering = pods.stream().filter(ObservedPod::answered).toList();
        this.keysInSlots = observed.keysInSlots();
        this.failoversInFlight = failoversInFlight;
        answering.forEach(pod -> podById.put(view(pod).myId(), pod));
        answering.forEach(pod -> lines.put(view(pod).myId(), view(pod).myself()));
        for (ObservedPod pod : answering) {
            for (ClusterNode node : view(pod).nodes()) {
                if (!node.handshake()) {
                    lines.putIfAbsent(node.id(), node);
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
    }

    /**
     * @param failoversInFlight pods that were asked to take over from their master recently; they are not asked again
     *        while the failover may still be running
     */
    public static TopologyPlan plan(ClusterSpec spec, ObservedCluster observed, Set<String> failoversInFlight) {
        return new TopologyPlanner(spec, observed, failoversInFlight).decide();
    }

    private TopologyPlan decide() {
        reportMissingPods();
        if (answering.isEmpty()) {
            // Nothing answers, so nothing is known to live beyond the spec's pods unless such pods exist.
            leavingPodsReleased = pods.stream().noneMatch(pod -> leaving(pod.pod()));
            return plan();
        }
        announceOwnAddresses();
        if (!steps.isEmpty()) {
            return plan();
        }
        if (answering.stream().allMatch(pod -> view(pod).alone())) {
            formCluster();
            return plan();
        }
        if (!majorityOfMastersAnswers()) {
            return plan();
        }
        rejoinMovedNodes();
        joinLoneNodes();
        if (hasStep(TopologyStep.Kind.REJOIN, TopologyStep.Kind.JOIN) || handshakeInProgress() || stillFailing()) {
            return plan();
        }
        if (!slotsSettled()) {
            return plan();
        }
        Roles roles = chooseRoles();
        if (!steps.isEmpty()) {
            return plan();
        }
        attachReplicas(roles);
        if (!steps.isEmpty()) {
            return plan();
        }
        moveSlots(roles);
        if (!steps.isEmpty()) {
            return plan();
        }
        forgetGoneNodes();
        if (!steps.isEmpty() || !waiting.isEmpty() || !needsHuman.isEmpty()) {
            return plan();
        }
        releaseLeavingPods(roles);
        if (clusterHealthy()) {
            restoreLayout();
        }
        return plan();
    }

    private TopologyPlan plan() {
        return new TopologyPlan(steps, waiting, needsHuman, slotsToMove,
                leavingPodsReleased ? Optional.of(spec.podCount()) : Optional.empty());
    }

    // ---- what answered ----

    private static RedisView view(ObservedPod pod) {
        return pod.view().orElseThrow();
    }

    /** What {@code pod} answered; only asked for pods that did. */
    private ObservedPod observed(RedisPod pod) {
        return answering.stream().filter(observed -> observed.pod().equals(pod)).findFirst().orElseThrow();
    }

    /** Masters that own slots, by their own line. */
    private List<ObservedPod> slotOwners() {
        return answering.stream().filter(pod -> view(pod).myself().master() && view(pod).myself().ownsSlots()).toList();
    }

    private int port() {
        return spec.port();
    }

    /**
     * Every pod the spec has answers, and so does every pod beyond it that still has an IP (a pod that is going away
     * has none: it is no longer waited for).
     */
    private boolean allPodsAnswer() {
        long staying = answering.stream().filter(pod -> !leaving(pod.pod())).count();
        return staying >= spec.podCount()
                && pods.stream().allMatch(pod -> pod.answered() || leaving(pod.pod()) && pod.pod().ip().isEmpty());
    }

    /** A pod beyond the spec's pod count: the spec was lowered (or the pod was added by hand), it is to go. */
    private boolean leaving(RedisPod pod) {
        return pod.ordinal() >= spec.podCount();
    }

    private void reportMissingPods() {
        Set<Integer> present = pods.stream().map(pod -> pod.pod().ordinal()).collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        for (int ordinal = 0; ordinal < spec.podCount(); ordinal++) {
            if (!present.contains(ordinal)) {
                missing.add(spec.name() + "-" + ordinal);
            }
        }
        if (!missing.isEmpty()) {
            waiting.add("no such pod yet: " + compact(missing));
        }
        Map<String, List<String>> unansweredByReason = new TreeMap<>();
        pods.stream().filter(pod -> !pod.answered() && !(leaving(pod.pod()) && pod.pod().ip().isEmpty()))
                .forEach(pod -> unansweredByReason.computeIfAbsent(pod.error(), key -> new ArrayList<>()).add(pod.pod().name()));
        unansweredByReason.forEach((reason, names) -> waiting.add(compact(names) + ": " + reason));
    }

    private boolean hasStep(TopologyStep.Kind... kinds) {
        Set<TopologyStep.Kind> wanted = Set.of(kinds);
        return steps.stream().anyMatch(step -> wanted.contains(step.kind()));
    }

    private String describe(String nodeId) {
        ObservedPod pod = podById.get(nodeId);
        return pod == null ? "node " + ClusterNode.shortId(nodeId) : pod.pod().name();
    }

    private Optional<ClusterNode> line(String id) {
        return Optional.ofNullable(lines.get(id));
    }

    /** NodeIds any answering node knows, handshakes aside, in a stable order. */
    private Set<String> knownIds() {
        return lines.keySet();
    }

    // ---- stage 1: own address, new cluster ----

    /** With cluster-announce-ip set to the pod IP a node's own line is right; a wrong one would misdirect clients. */
    private void announceOwnAddresses() {
        for (ObservedPod pod : answering) {
            ClusterNode myself = view(pod).myself();
            if (!myself.ip().isEmpty() && !myself.ip().equals(pod.pod().ip())) {
                steps.add(new TopologyStep(TopologyStep.Kind.ANNOUNCE_ADDRESS, pod.pod().name(),
                        "its own CLUSTER NODES line says " + myself.ip() + " but its pod IP is " + pod.pod().ip()
                                + "; clients asking it for the slot map would be sent to the wrong address",
                        List.of(RedisCommand.on(pod.pod(), "CONFIG", "SET", "cluster-announce-ip", pod.pod().ip()))));
            }
        }
    }

    /** No node knows another: bootstrap when all are empty, finish a bootstrap cut short, or refuse. */
    private void formCluster() {
        if (!allPodsAnswer()) {
            waiting.add("the cluster is formed once all " + spec.podCount() + " pods answer; " + answering.size() + " do");
            return;
        }
        List<ObservedPod> withKeys = answering.stream().filter(pod -> view(pod).keys() > 0).toList();
        List<ObservedPod> withSlots = answering.stream().filter(pod -> view(pod).myself().ownsSlots()).toList();
        if (withSlots.isEmpty() && withKeys.isEmpty()) {
            bootstrap();
        } else if (withSlots.isEmpty()) {
            needsHuman.add("no node knows another or owns a slot, but " + names(withKeys)
                    + " hold keys: refusing to build a cluster over data that belongs to no slot");
        } else if (overlapping(withSlots).isPresent()) {
            needsHuman.add("no node knows another, and " + overlapping(withSlots).get()
                    + ": these are nodes of different clusters; refusing to join them");
        } else {
            resumeForming(withSlots.get(0));
        }
    }

    private void bootstrap() {
        List<RedisPod> all = answering.stream().map(ObservedPod::pod).toList();
        List<RedisPod> masters = Layout.chooseMasters(all, spec.masters());
        List<SlotRange> ranges = SlotRange.evenSplit(masters.size());
        List<RedisCommand> commands = new ArrayList<>();
        List<String> assignment = new ArrayList<>();
        // Distinct config epochs up front, as redis-cli does, so no two masters start with a collision to resolve.
        for (int i = 0; i < answering.size(); i++) {
            if (view(answering.get(i)).myself().configEpoch() == 0) {
                commands.add(RedisCommand.on(answering.get(i).pod(), "CLUSTER", "SET-CONFIG-EPOCH", String.valueOf(i + 1)));
            }
        }
        for (int i = 0; i < masters.size(); i++) {
            RedisPod master = masters.get(i);
            commands.add(addSlots(master, ranges.get(i)));
            assignment.add(master.name() + " " + ranges.get(i));
        }
        steps.add(new TopologyStep(TopologyStep.Kind.BOOTSTRAP, "cluster",
                "no pod has joined a cluster yet: " + masters.size() + " masters get the 16384 slots ("
                        + String.join(", ", assignment) + "); replicas follow once all " + all.size() + " nodes have met",
                commands));
        // Each pair meets directly, not by gossip from one node: measured on 20 and 100 pods, every link is up
        // seconds sooner, and replicas wait for that.
        List<RedisCommand> meets = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                meets.add(meet(all.get(i), all.get(j)));
            }
        }
        steps.add(new TopologyStep(TopologyStep.Kind.MEET_ALL, "cluster",
                "every pair of the " + all.size() + " nodes meets (" + meets.size() + " MEETs)", meets));
        waiting.add("the new cluster forms; replicas are attached once every node has met the others");
    }

    /**
     * The masters got their slots but did not meet (a bootstrap cut short): meet everyone from one of them, except
     * a node that holds keys in no slot of its own, which is never made part of a cluster.
     */
    private void resumeForming(ObservedPod anchor) {
        List<ObservedPod> strays = answering.stream()
                .filter(pod -> view(pod).keys() > 0 && !view(pod).myself().ownsSlots()).toList();
        if (!strays.isEmpty()) {
            needsHuman.add(names(strays) + " know no peer, own no slot and hold keys: not joining them to the cluster"
                    + " (their keys would be unreachable); move them or empty those nodes by hand");
        }
        List<RedisCommand> meets = answering.stream().filter(pod -> pod != anchor && !strays.contains(pod))
                .map(pod -> meet(anchor.pod(), pod.pod())).toList();
        steps.add(new TopologyStep(TopologyStep.Kind.BOOTSTRAP, "cluster",
                "no node knows another, but some own distinct slots (a bootstrap cut short): meeting all nodes from "
                        + anchor.pod().name(), meets));
    }

    private Optional<String> overlapping(List<ObservedPod> withSlots) {
        for (int i = 0; i < withSlots.size(); i++) {
            for (int j = i + 1; j < withSlots.size(); j++) {
                ClusterNode a = view(withSlots.get(i)).myself();
                ClusterNode b = view(withSlots.get(j)).myself();
                for (SlotRange range : a.slots()) {
                    for (int slot = range.first(); slot <= range.last(); slot++) {
                        if (b.owns(slot)) {
                            return Optional.of(withSlots.get(i).pod().name() + " and " + withSlots.get(j).pod().name()
                                    + " both own slot " + slot);
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    // ---- guards ----

    private boolean majorityOfMastersAnswers() {
        Set<String> masters = knownIds().stream().filter(id -> line(id).filter(ClusterNode::master)
                .filter(ClusterNode::ownsSlots).isPresent()).collect(Collectors.toCollection(TreeSet::new));
        long answeringMasters = masters.stream().filter(podById::containsKey).count();
        if (!masters.isEmpty() && answeringMasters * 2 <= masters.size()) {
            waiting.add("only " + answeringMasters + " of " + masters.size()
                    + " masters answer: no topology change until a majority does");
            return false;
        }
        return true;
    }

    private boolean handshakeInProgress() {
        List<String> busy = answering.stream().filter(pod -> view(pod).nodes().stream().anyMatch(ClusterNode::handshake))
                .map(pod -> pod.pod().name()).toList();
        if (!busy.isEmpty()) {
            waiting.add("handshake in progress on " + String.join(", ", busy) + ": no other change until it completes");
            return true;
        }
        return false;
    }

    /** A node still flags a live pod as failing: Redis is healing (links reconnect, FAIL clears); wait for it. */
    private boolean stillFailing() {
        Map<String, List<String>> seenFailingBy = new TreeMap<>();
        for (ObservedPod observer : answering) {
            for (ClusterNode peer : view(observer).peers()) {
                if (podById.containsKey(peer.id()) && (peer.failing() || !peer.linkConnected())) {
                    seenFailingBy.computeIfAbsent(describe(peer.id()) + " as "
                            + (peer.failing() ? String.join(",", new TreeSet<>(peer.flags())) : "disconnected"),
                            key -> new ArrayList<>()).add(observer.pod().name());
                }
            }
        }
        seenFailingBy.forEach((seenAs, observers) -> waiting.add(compact(observers) + " still see " + seenAs));
        return !seenFailingBy.isEmpty();
    }

    // ---- stage 2: rejoin and join ----

    /**
     * A node whose peer's NodeId belongs to a live pod at another address, or that flags a live pod as failing,
     * is sent CLUSTER MEET with the pod IP: the handshake finds the known NodeId and updates its address in place.
     * Every such pair gets its own MEET (a full mesh after a full restart): measured on 6 nodes, that heals in
     * about 2 s, while MEETs from a single node leave the others to learn addresses by gossip only once they
     * flag each other failing, 8 to 12 s, long enough for needless failovers.
     */
    private void rejoinMovedNodes() {
        Map<ObservedPod, List<RedisCommand>> meets = new LinkedHashMap<>();
        Map<ObservedPod, Set<String>> seenAs = new LinkedHashMap<>();
        for (ObservedPod observer : answering) {
            for (ClusterNode peer : view(observer).peers()) {
                ObservedPod target = podById.get(peer.id());
                if (target == null || target == observer || view(observer).handshakeWith(target.pod().ip(), port())) {
                    continue;
                }
                boolean moved = !peer.ip().equals(target.pod().ip()) || peer.port() != port();
                if (moved || peer.failing() || peer.noAddress()) {
                    meets.computeIfAbsent(target, key -> new ArrayList<>()).add(meet(observer.pod(), target.pod()));
                    seenAs.computeIfAbsent(target, key -> new TreeSet<>()).add(moved
                            ? (peer.noAddress() ? "no address" : peer.ip())
                            : String.join(",", new TreeSet<>(peer.flags())));
                }
            }
        }
        meets.forEach((target, commands) -> steps.add(new TopologyStep(TopologyStep.Kind.REJOIN, target.pod().name(),
                "NodeId " + ClusterNode.shortId(view(target).myId()) + " is at " + target.pod().ip() + " now; "
                        + commands.size() + " node(s) still had " + String.join(" / ", seenAs.get(target)),
                commands)));
        meetUnknownPods();
    }

    /**
     * A pod in the cluster that some node does not know at all: a pod removed by a scale-in (its NodeId forgotten)
     * that came back with its data directory when the spec grew again. Gossip never brings back a forgotten node,
     * so every node that lacks it meets it directly.
     */
    private void meetUnknownPods() {
        for (ObservedPod target : answering) {
            if (view(target).alone() || leaving(target.pod()) || !mayRejoin(target)) {
                continue;
            }
            List<ObservedPod> lacking = answering.stream().filter(observer -> observer != target && !view(observer).alone()
                    && view(observer).node(view(target).myId()).isEmpty()
                    && !view(observer).handshakeWith(target.pod().ip(), port())).toList();
            if (lacking.isEmpty()) {
                continue;
            }
            List<RedisCommand> commands = lacking.stream().map(observer -> meet(observer.pod(), target.pod())).toList();
            boolean knownBySome = answering.stream().anyMatch(observer -> observer != target
                    && view(observer).node(view(target).myId()).isPresent());
            steps.add(knownBySome
                    ? new TopologyStep(TopologyStep.Kind.JOIN, target.pod().name(), "joined the cluster, but " + lacking.size()
                            + " node(s) do not know it yet: meeting it from each, rather than waiting for gossip", commands)
                    : new TopologyStep(TopologyStep.Kind.REJOIN, target.pod().name(), "NodeId "
                            + ClusterNode.shortId(view(target).myId()) + " is known to no node (forgotten when a scale-in"
                            + " removed its pod, which came back with its data directory): meeting it from every node",
                            commands));
        }
    }

    /**
     * Only a node that owns no slot and knows no node outside this cluster is met back: a meeting merges what both
     * sides know, and a node of another cluster (a data directory from elsewhere) would bring its nodes and slot
     * claims with it.
     */
    private boolean mayRejoin(ObservedPod target) {
        Set<String> ours = answering.stream().filter(pod -> pod != target).flatMap(pod -> view(pod).knownIds().stream())
                .collect(Collectors.toCollection(HashSet::new));
        ours.addAll(podById.keySet());
        return !view(target).myself().ownsSlots()
                && view(target).peers().stream().allMatch(peer -> ours.contains(peer.id()) || !seenAlive(peer));
    }

    /** Nodes that know no peer while the others form a cluster: a new pod, or one whose data directory was lost. */
    private void joinLoneNodes() {
        List<ObservedPod> members = answering.stream().filter(pod -> !view(pod).alone()).toList();
        ObservedPod anchor = members.stream().filter(pod -> view(pod).clusterStateOk()).findFirst().orElse(members.get(0));
        for (ObservedPod loner : answering.stream().filter(pod -> view(pod).alone() && !leaving(pod.pod())).toList()) {
            RedisView lone = view(loner);
            if (lone.myself().ownsSlots()) {
                Optional<String> taken = slotsTakenInCluster(lone.myself(), anchor);
                if (taken.isPresent()) {
                    needsHuman.add(loner.pod().name() + " knows no peer and owns slots " + lone.myself().slots()
                            + ", but the cluster gives " + taken.get() + " to another node: refusing to join it");
                    continue;
                }
            } else if (lone.keys() > 0) {
                needsHuman.add(loner.pod().name() + " knows no peer, owns no slot and holds " + lone.keys()
                        + " keys: refusing to join it (its keys would be unreachable); move them or empty it by hand");
                continue;
            }
            if (!view(anchor).handshakeWith(loner.pod().ip(), port())) {
                steps.add(new TopologyStep(TopologyStep.Kind.JOIN, loner.pod().name(),
                        (lone.myself().ownsSlots() ? "knows no peer but owns slots nobody else has"
                                : "empty node (a new pod, or its data directory was lost)")
                                + ": meeting it into the cluster from " + anchor.pod().name(),
                        List.of(meet(anchor.pod(), loner.pod()))));
            }
        }
    }

    private Optional<String> slotsTakenInCluster(ClusterNode lone, ObservedPod anchor) {
        for (ClusterNode node : view(anchor).nodes()) {
            for (SlotRange range : lone.slots()) {
                for (int slot = range.first(); slot <= range.last(); slot++) {
                    if (node.owns(slot)) {
                        return Optional.of("slot " + slot);
                    }
                }
            }
        }
        return Optional.empty();
    }

    // ---- stage 3: slots ----

    /** Open and uncovered slots; true when every slot has exactly one owner that answers and none is open. */
    private boolean slotsSettled() {
        Map<Integer, String> owners = new HashMap<>();
        for (ObservedPod pod : answering) {
            ClusterNode myself = view(pod).myself();
            for (SlotRange range : myself.slots()) {
                for (int slot = range.first(); slot <= range.last(); slot++) {
                    String other = owners.putIfAbsent(slot, myself.id());
                    if (other != null) {
                        waiting.add(pod.pod().name() + " and " + describe(other) + " both claim slot " + slot
                                + " (Redis settles this by config epoch)");
                        return false;
                    }
                }
            }
        }
        settleOpenSlots(owners);
        if (!steps.isEmpty()) {
            return false;
        }
        Map<String, List<Integer>> elsewhere = new TreeMap<>();
        List<Integer> uncovered = new ArrayList<>();
        for (int slot = 0; slot < SlotRange.SLOTS; slot++) {
            if (!owners.containsKey(slot)) {
                Optional<String> owner = Optional.ofNullable(ownerSeen[slot]);
                if (owner.isPresent()) {
                    elsewhere.computeIfAbsent(owner.get(), key -> new ArrayList<>()).add(slot);
                } else {
                    uncovered.add(slot);
                }
            }
        }
        elsewhere.forEach(this::reportSlotsOfSilentNode);
        if (!uncovered.isEmpty()) {
            assignUncovered(uncovered);
        }
        return steps.isEmpty() && elsewhere.isEmpty() && uncovered.isEmpty() && needsHuman.isEmpty();
    }

    private void reportSlotsOfSilentNode(String owner, List<Integer> slots) {
        String ranges = SlotRange.of(slots).toString();
        List<String> replicas = knownIds().stream().map(this::line).flatMap(Optional::stream)
                .filter(node -> node.masterId().filter(owner::equals).isPresent())
                .filter(node -> podById.containsKey(node.id())).map(node -> describe(node.id())).toList();
        if (!replicas.isEmpty()) {
            waiting.add("slots " + ranges + " are served by " + describe(owner) + ", which does not answer; its replica "
                    + String.join(" or ", replicas) + " takes over once the cluster flags it failed");
        } else if (allPodsAnswer()) {
            needsHuman.add("slots " + ranges + " belong to " + describe(owner) + ", which no pod has any more and no replica"
                    + " replaced: their keys are lost unless that node comes back; `redis-cli --cluster fix` would"
                    + " reassign them empty");
        } else {
            waiting.add("slots " + ranges + " are served by " + describe(owner) + ", which does not answer");
        }
    }

    /**
     * A slot left MIGRATING/IMPORTING (a move cut short: the reconciler stopped, a pod restarted, a MIGRATE failed)
     * is finished when the importing master already holds keys of it, or when both sides are still open towards each
     * other: the move goes on from where it stopped. One that moved no key and lost a side (the source failed over,
     * the target went) is rolled back with SETSLOT STABLE, which loses nothing. Markers left on a node that no longer
     * owns the slot are cleared the same way, once it holds no key of it.
     */
    private void settleOpenSlots(Map<Integer, String> owners) {
        Map<Integer, List<ObservedPod>> markedBy = new TreeMap<>();
        answering.forEach(pod -> view(pod).myself().openSlots()
                .forEach(open -> markedBy.computeIfAbsent(open.slot(), key -> new ArrayList<>()).add(pod)));
        Map<List<String>, List<Integer>> resumed = new LinkedHashMap<>();
        Map<Integer, List<RedisCommand>> closes = new TreeMap<>();
        for (Map.Entry<Integer, List<ObservedPod>> entry : markedBy.entrySet()) {
            int slot = entry.getKey();
            if (!allPodsAnswer()) {
                waiting.add("slot " + slot + " is left open by a migration; it is finished or rolled back once every pod answers");
                continue;
            }
            ObservedPod owner = Optional.ofNullable(owners.get(slot)).map(podById::get).orElse(null);
            if (owners.get(slot) == null && finishUnownedImport(slot, entry.getValue(), closes)) {
                continue;
            }
            Optional<ObservedPod> target = moveTarget(slot, owner, entry.getValue());
            boolean resume = target.isPresent() && (keysIn(slot, target.get()) > 0 || bothSidesOpen(slot, owner, target.get()));
            // A node importing a slot ignores what gossip says about its owner: opened on a node that had not learned
            // the owner yet, the slot stays unassigned there, its cluster_state fails and every MIGRATE to it is
            // refused (CLUSTERDOWN). Closing its side lets it learn the owner; the owner stays MIGRATING when keys
            // have moved, so that the next pass finishes the move.
            boolean targetBlind = resume && view(target.get()).nodes().stream().noneMatch(node -> !node.handshake() && node.owns(slot));
            if (targetBlind) {
                resume = false;
                if (keysIn(slot, target.get()) > 0) {
                    closes.put(slot, List.of(RedisCommand.on(target.get().pod(), "CLUSTER", "SETSLOT", String.valueOf(slot), "STABLE")));
                    continue;
                }
            } else if (resume && !(view(owner).clusterStateOk() && view(target.get()).clusterStateOk())) {
                // Just after a restart a node needs a moment to see the cluster ok again; MIGRATE would be refused.
                waiting.add("slot " + slot + " is left open by a move from " + owner.pod().name() + " to " + target.get().pod().name()
                        + "; it goes on once both see cluster_state ok");
                continue;
            }
            List<RedisCommand> stable = new ArrayList<>();
            boolean blocked = false;
            for (ObservedPod marker : entry.getValue()) {
                if (resume && (marker == owner || marker == target.get())) {
                    continue;
                }
                if (marker != owner && keysIn(slot, marker) > 0) {
                    needsHuman.add("slot " + slot + " is open on " + marker.pod().name() + ", which holds " + keysIn(slot, marker)
                            + " keys of it but does not own it" + (owner == null ? " (no master owns it)" : " (" + owner.pod().name()
                            + " does)") + ": finish the migration by hand, e.g. with `redis-cli --cluster fix`");
                    blocked = true;
                } else {
                    stable.add(RedisCommand.on(marker.pod(), "CLUSTER", "SETSLOT", String.valueOf(slot), "STABLE"));
                }
            }
            if (resume) {
                resumed.computeIfAbsent(List.of(view(owner).myId(), view(target.get()).myId()), key -> new ArrayList<>()).add(slot);
            }
            if (!blocked && !stable.isEmpty()) {
                closes.put(slot, stable);
            }
        }
        if (!closes.isEmpty()) {
            String slots = SlotRange.describe(closes.keySet());
            steps.add(new TopologyStep(TopologyStep.Kind.CLOSE_SLOT, "slots " + slots, "slots " + slots + " were left open by"
                    + " a migration: rolled back where no key of them moved, finished where the new owner holds them all",
                    closes.values().stream().flatMap(List::stream).toList()));
        }
        resumed.forEach((ids, slots) -> steps.add(TopologyStep.move(slotMove(podById.get(ids.get(0)), podById.get(ids.get(1)),
                slots, emptiesLeavingPod(podById.get(ids.get(0)), slots)), "a move cut short left " + slots.size() + " slot(s) open: going on with it")));
    }

    /**
     * A slot nobody claims that one importing master holds all the keys of: the move stopped after the source gave it
     * away and before the target took it. The target takes it now, and every other master is told.
     */
    private boolean finishUnownedImport(int slot, List<ObservedPod> marked, Map<Integer, List<RedisCommand>> closes) {
        List<ObservedPod> importers = marked.stream().filter(pod -> opens(pod, slot, OpenSlot.Direction.IMPORTING)
                && view(pod).myself().master() && keysIn(slot, pod) > 0).toList();
        long holders = keysInSlots.getOrDefault(slot, Map.of()).values().stream().filter(count -> count > 0).count();
        if (importers.size() != 1 || holders != 1) {
            return false;
        }
        ObservedPod target = importers.get(0);
        List<RedisCommand> commands = new ArrayList<>();
        commands.add(RedisCommand.on(target.pod(), "CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", view(target).myId()));
        answering.stream().filter(pod -> pod != target && view(pod).myself().master())
                .forEach(pod -> commands.add(RedisCommand.on(pod.pod(), "CLUSTER", "SETSLOT", String.valueOf(slot), "NODE",
                        view(target).myId())));
        closes.put(slot, commands);
        return true;
    }

    /**
     * Where an open slot was going: the master its owner migrates it to, or a master importing it; the one already
     * holding keys of it first, since those keys must end up with the rest.
     */
    private Optional<ObservedPod> moveTarget(int slot, ObservedPod owner, List<ObservedPod> marked) {
        if (owner == null || !view(owner).myself().master()) {
            return Optional.empty();
        }
        List<ObservedPod> candidates = new ArrayList<>();
        view(owner).myself().openSlots().stream()
                .filter(open -> open.slot() == slot && open.direction() == OpenSlot.Direction.MIGRATING)
                .map(open -> podById.get(open.peerId())).filter(Objects::nonNull).forEach(candidates::add);
        marked.stream().filter(pod -> pod != owner && opens(pod, slot, OpenSlot.Direction.IMPORTING)).forEach(candidates::add);
        return candidates.stream().filter(pod -> view(pod).myself().master())
                .max(Comparator.comparingLong((ObservedPod pod) -> keysIn(slot, pod)));
    }

    private boolean bothSidesOpen(int slot, ObservedPod owner, ObservedPod target) {
        return view(owner).myself().openSlots().contains(new OpenSlot(slot, OpenSlot.Direction.MIGRATING, view(target).myId()))
                && view(target).myself().openSlots().contains(new OpenSlot(slot, OpenSlot.Direction.IMPORTING, view(owner).myId()));
    }

    private static boolean opens(ObservedPod pod, int slot, OpenSlot.Direction direction) {
        return view(pod).myself().openSlots().stream().anyMatch(open -> open.slot() == slot && open.direction() == direction);
    }

    private long keysIn(int slot, ObservedPod pod) {
        return keysInSlots.getOrDefault(slot, Map.of()).getOrDefault(view(pod).myId(), 0L);
    }

    /** These are the last slots of a master whose pod goes. */
    private boolean emptiesLeavingPod(ObservedPod source, List<Integer> slots) {
        return leaving(source.pod()) && view(source).myself().slotCount() == slots.size();
    }

    /** A move of {@code slots} from one master to another; every other master that answers is told the new owner. */
    private SlotMove slotMove(ObservedPod source, ObservedPod target, List<Integer> slots, boolean keepSourceMaster) {
        List<RedisPod> others = answering.stream().filter(pod -> pod != source && pod != target && view(pod).myself().master())
                .map(ObservedPod::pod).toList();
        return new SlotMove(source.pod(), view(source).myId(), target.pod(), view(target).myId(), slots, others,
                keepSourceMaster);
    }

    /**
     * Slots nobody owns (a bootstrap cut short, or a human's CLUSTER DELSLOTS) go where their keys are, or, when no
     * node has a key in them, to the masters with the fewest slots (masters without slots first, while the spec
     * wants more masters than own slots), up to an even share each; keys on several nodes are left to a human.
     */
    private void assignUncovered(List<Integer> uncovered) {
        if (!allPodsAnswer()) {
            waiting.add("slots " + SlotRange.of(uncovered) + " have no owner; assigning them waits until every pod answers");
            return;
        }
        List<ObservedPod> candidates = slotCandidates();
        if (candidates.isEmpty()) {
            waiting.add("slots " + SlotRange.of(uncovered) + " have no owner and no master answers to take them");
            return;
        }
        Map<ObservedPod, List<Integer>> assigned = new LinkedHashMap<>();
        List<Integer> free = new ArrayList<>();
        List<Integer> contested = new ArrayList<>();
        for (int slot : uncovered) {
            List<String> holders = keysInSlots.getOrDefault(slot, Map.of()).entrySet().stream()
                    .filter(entry -> entry.getValue() > 0).map(Map.Entry::getKey).toList();
            ObservedPod holder = holders.size() == 1 ? podById.get(holders.get(0)) : null;
            if (holders.isEmpty()) {
                free.add(slot);
            } else if (holder != null && candidates.contains(holder)) {
                assigned.computeIfAbsent(holder, key -> new ArrayList<>()).add(slot);
            } else {
                contested.add(slot);
            }
        }
        int owned = candidates.stream().mapToInt(master -> view(master).myself().slotCount()).sum();
        int share = (owned + free.size() + candidates.size() - 1) / candidates.size();
        int next = 0;
        for (ObservedPod master : candidates.stream().sorted(Comparator.comparingInt((ObservedPod master) -> view(master)
                .myself().slotCount()).thenComparingInt(master -> master.pod().ordinal())).toList()) {
            int take = Math.min(Math.max(0, share - view(master).myself().slotCount()), free.size() - next);
            assigned.computeIfAbsent(master, key -> new ArrayList<>()).addAll(free.subList(next, next + take));
            next += take;
        }
        if (!contested.isEmpty()) {
            needsHuman.add("slots " + SlotRange.of(contested) + " have no owner and keys on more than one node (or on a"
                    + " replica): fix by hand with `redis-cli --cluster fix`");
        }
        assigned.forEach((master, slots) -> {
            if (!slots.isEmpty()) {
                steps.add(new TopologyStep(TopologyStep.Kind.ASSIGN_SLOTS, master.pod().name(), "slots " + SlotRange.of(slots)
                        + " had no owner" + (slots.stream().anyMatch(keysInSlots::containsKey)
                                ? " (the keys of some are on this node)" : " and no node holds keys for them"),
                        SlotRange.of(slots).stream().map(range -> addSlots(master, range)).toList()));
            }
        });
    }

    /** Masters that own slots, plus as many slotless masters as the spec still wants. */
    private List<ObservedPod> slotCandidates() {
        List<ObservedPod> owners = slotOwners();
        List<RedisPod> more = Layout.chooseMasters(answering.stream()
                .filter(pod -> view(pod).myself().master() && !view(pod).myself().ownsSlots() && !view(pod).alone())
                .map(ObservedPod::pod).toList(), Math.max(0, spec.masters() - owners.size()));
        List<ObservedPod> candidates = new ArrayList<>(owners);
        answering.stream().filter(pod -> more.contains(pod.pod())).forEach(candidates::add);
        return candidates;
    }

    // ---- stage 4: roles ----

    /**
     * The masters to keep and those to drain.
     *
     * @param keepers the masters that hold slots once the spec is met: staying pods only, lowest ordinals first
     * @param drains masters that own slots but are not kept: pods that go, or staying masters beyond the spec's count
     */
    private record Roles(List<ObservedPod> keepers, List<ObservedPod> drains) {

        boolean keeps(ObservedPod pod) {
            return keepers.contains(pod);
        }
    }

    /**
     * The staying masters that own slots are kept, lowest ordinals first, up to the spec's count. Fewer than that:
     * staying empty masters (new pods) are added, and when none is left, a staying replica of a master that goes is
     * promoted with a coordinated failover, which moves no data.
     */
    private Roles chooseRoles() {
        List<ObservedPod> owners = slotOwners();
        List<ObservedPod> keepers = new ArrayList<>(owners.stream().filter(pod -> !leaving(pod.pod()))
                .sorted(Comparator.comparingInt(pod -> pod.pod().ordinal())).limit(spec.masters()).toList());
        if (keepers.size() < spec.masters()) {
            List<RedisPod> empty = answering.stream().filter(pod -> !leaving(pod.pod()) && emptyMaster(pod)).map(ObservedPod::pod)
                    .toList();
            Layout.chooseMasters(empty, spec.masters() - keepers.size())
                    .forEach(pod -> keepers.add(observed(pod)));
        }
        boolean newPodsPending = answering.stream().filter(pod -> !leaving(pod.pod())).count() < spec.podCount()
                || answering.stream().anyMatch(pod -> !leaving(pod.pod()) && view(pod).alone());
        if (keepers.size() < spec.masters() && newPodsPending) {
            waiting.add("the spec wants " + spec.masters() + " masters and " + keepers.size() + " pods are: the others come from"
                    + " pods that have not joined the cluster yet");
        } else if (keepers.size() < spec.masters()) {
            promoteStayingReplica(owners, keepers.size());
        }
        return new Roles(keepers, owners.stream().filter(pod -> !keepers.contains(pod)).toList());
    }

    /** A master with no slot and no key that has joined the cluster: a new pod, or one whose slots all moved away. */
    private static boolean emptyMaster(ObservedPod pod) {
        RedisView view = view(pod);
        return view.myself().master() && !view.myself().ownsSlots() && view.keys() == 0 && !view.alone();
    }

    private void promoteStayingReplica(List<ObservedPod> owners, int kept) {
        for (ObservedPod goes : owners.stream().filter(pod -> leaving(pod.pod())).toList()) {
            Optional<ObservedPod> replica = answering.stream().filter(pod -> !leaving(pod.pod()))
                    .filter(pod -> view(pod).myself().masterId().filter(view(goes).myId()::equals).isPresent()).findFirst();
            if (replica.isEmpty()) {
                continue;
            }
            takeOver(replica.get(), goes.pod(), "the spec wants " + spec.masters() + " masters among its " + spec.podCount()
                    + " pods and " + kept + " of them are: " + replica.get().pod().name() + " takes over from "
                    + goes.pod().name() + ", which goes");
            return;
        }
        List<ObservedPod> replicas = answering.stream().filter(pod -> !leaving(pod.pod()) && view(pod).myself().replica()).toList();
        needsHuman.add("the spec wants " + spec.masters() + " masters among its " + spec.podCount() + " pods but only " + kept
                + " of them can be: the others (" + names(replicas) + ") are replicas, and only an empty node can become a new"
                + " master (a pod that comes back with the data directory of an earlier scale-in keeps the role it had)."
                + " If the data of one of them is not needed, empty it with `CLUSTER RESET` (redis-cli -h <pod IP> -p "
                + port() + ") and it joins as a new master; or lower redis-cluster.masters");
    }

    // ---- stage 5: replicas ----

    private void attachReplicas(Roles roles) {
        // Redis refuses to make a node with keys a replica; keys outside any owned slot are for a human to move.
        answering.stream().filter(pod -> view(pod).myself().master() && !view(pod).myself().ownsSlots() && view(pod).keys() > 0)
                .forEach(pod -> needsHuman.add(pod.pod().name() + " is a master without slots that holds " + view(pod).keys()
                        + " keys: not making it a replica (that would need it emptied); move its keys to the slots' owners,"
                        + " e.g. with MIGRATE, or empty it by hand"));
        List<RedisPod> spares = answering.stream()
                .filter(pod -> !leaving(pod.pod()) && emptyMaster(pod) && !roles.keeps(pod)).map(ObservedPod::pod).toList();
        Map<RedisPod, Integer> replicaCounts = replicaCounts(roles.keepers());
        List<RedisPod> keeperPods = roles.keepers().stream().map(ObservedPod::pod).toList();
        if (!spares.isEmpty() && !keeperPods.isEmpty()) {
            int total = replicaCounts.values().stream().mapToInt(Integer::intValue).sum() + spares.size();
            int perMaster = Math.max(spec.replicasPerMaster(), (total + keeperPods.size() - 1) / keeperPods.size());
            Layout.pairReplicas(keeperPods, spares, perMaster, replicaCounts)
                    .forEach((replica, master) -> replicate(replica, master, replicaCounts.getOrDefault(master, 0),
                            "an empty master in the cluster"));
        }
        int mark = steps.size();
        repointStaleReplicas();
        if (steps.size() == mark) {
            moveSurplusReplica(roles, replicaCounts);
        }
    }

    /**
     * Replicas per master pod, counted from every node's own role (or from how others see a silent pod); pods that go
     * do not count.
     */
    private Map<RedisPod, Integer> replicaCounts(List<ObservedPod> masters) {
        Map<String, Integer> perMasterId = new HashMap<>();
        lines.values().stream()
                .filter(node -> podById.containsKey(node.id()) ? !leaving(podById.get(node.id()).pod()) : seenAlive(node))
                .forEach(node -> node.masterId().ifPresent(masterId -> perMasterId.merge(masterId, 1, Integer::sum)));
        Map<RedisPod, Integer> counts = new HashMap<>();
        masters.forEach(master -> counts.put(master.pod(), perMasterId.getOrDefault(view(master).myId(), 0)));
        return counts;
    }

    /** Seen up by the cluster though it did not answer this pass (a pod the service could not reach). */
    private static boolean seenAlive(ClusterNode node) {
        return !node.failing() && !node.noAddress() && node.linkConnected();
    }

    private void replicate(RedisPod replica, RedisPod master, int hasReplicas, String what) {
        ObservedPod replicaPod = observed(replica);
        String masterId = view(observed(master)).myId();
        Optional<ClusterNode> known = view(replicaPod).node(masterId);
        if (known.isEmpty() || known.get().handshake() || known.get().failing()) {
            waiting.add(replica.name() + " is to replicate " + master.name() + " but does not know it yet");
            return;
        }
        steps.add(new TopologyStep(TopologyStep.Kind.REPLICATE, replica.name(),
                what + ": making it a replica of " + master.name() + " (" + hasReplicas + " of " + spec.replicasPerMaster()
                        + " replicas" + (replica.sameNodeAs(master) ? ", same Kubernetes node: no other master has room"
                                : replica.k8sNode().isEmpty() ? "" : ", on another Kubernetes node") + ")",
                List.of(RedisCommand.on(replica, "CLUSTER", "REPLICATE", masterId))));
    }

    /**
     * Redis re-points a replica itself when it learns its master's new address; one still replicating from an old
     * address once it knows the new one is told again (CLUSTER REPLICATE of the same master).
     */
    private void repointStaleReplicas() {
        for (ObservedPod pod : answering) {
            RedisView replica = view(pod);
            Optional<String> masterId = replica.myself().masterId();
            ObservedPod master = masterId.map(podById::get).orElse(null);
            if (!replica.myself().replica() || master == null || replica.masterHost().isEmpty()
                    || replica.masterHost().equals(master.pod().ip())) {
                continue;
            }
            Optional<ClusterNode> known = replica.node(masterId.get());
            if (known.isPresent() && known.get().ip().equals(master.pod().ip()) && !known.get().failing()) {
                steps.add(new TopologyStep(TopologyStep.Kind.REPLICATE, pod.pod().name(),
                        "replicates from " + replica.masterHost() + " but its master " + master.pod().name() + " is at "
                                + master.pod().ip() + " now",
                        List.of(RedisCommand.on(pod.pod(), "CLUSTER", "REPLICATE", masterId.get()))));
            }
        }
    }

    /**
     * A master short of replicas gets one, one per pass: a staying replica of a master that neither owns slots nor is
     * to (an empty master whose pod goes) first, else one from a master that has more than the spec asks.
     */
    private void moveSurplusReplica(Roles roles, Map<RedisPod, Integer> counts) {
        List<ObservedPod> masters = roles.keepers();
        Optional<ObservedPod> short_ = masters.stream().filter(master -> counts.getOrDefault(master.pod(), 0) < spec.replicasPerMaster())
                .findFirst();
        if (short_.isEmpty()) {
            return;
        }
        Set<String> needed = lines.values().stream().filter(ClusterNode::ownsSlots).map(ClusterNode::id).collect(Collectors.toSet());
        masters.forEach(keeper -> needed.add(view(keeper).myId()));
        Optional<ObservedPod> orphan = answering.stream().filter(pod -> !leaving(pod.pod()) && view(pod).myself().replica())
                .filter(pod -> view(pod).myself().masterId().filter(id -> !needed.contains(id)).isPresent()).findFirst();
        if (orphan.isPresent()) {
            replicate(orphan.get().pod(), short_.get().pod(), counts.getOrDefault(short_.get().pod(), 0),
                    "it replicates a master that holds no slot");
            return;
        }
        Optional<ObservedPod> rich = masters.stream().filter(master -> counts.getOrDefault(master.pod(), 0) > spec.replicasPerMaster())
                .findFirst();
        if (rich.isEmpty()) {
            return;
        }
        String richId = view(rich.get()).myId();
        answering.stream()
                .filter(pod -> !leaving(pod.pod()) && view(pod).myself().masterId().filter(richId::equals).isPresent())
                .min(Comparator.comparing((ObservedPod pod) -> pod.pod().sameNodeAs(short_.get().pod()))
                        .thenComparingInt(pod -> pod.pod().ordinal()))
                .ifPresent(replica -> replicate(replica.pod(), short_.get().pod(), counts.getOrDefault(short_.get().pod(), 0),
                        "one of " + counts.get(rich.get().pod()) + " replicas of " + rich.get().pod().name()));
    }

    // ---- stage 6: slots to the masters the spec wants ----

    /**
     * Moves slots from the masters to drain, and from keepers above their even share, to the keepers below it, at
     * most the spec's slots per pass. Only with every pod answering and no failover under way: a move needs both
     * sides and tells every master the new owner.
     */
    private void moveSlots(Roles roles) {
        Map<String, List<SlotRange>> owned = new LinkedHashMap<>();
        Map<String, ObservedPod> byId = new HashMap<>();
        for (ObservedPod master : Stream.concat(roles.keepers().stream(), roles.drains().stream()).toList()) {
            owned.put(view(master).myId(), view(master).myself().slots());
            byId.put(view(master).myId(), master);
        }
        List<SlotBalancer.Transfer> transfers = SlotBalancer.transfers(owned,
                roles.keepers().stream().map(master -> view(master).myId()).toList());
        slotsToMove = transfers.stream().mapToInt(transfer -> transfer.slots().size()).sum();
        if (transfers.isEmpty()) {
            return;
        }
        String what = slotsToMove + " slots to move" + (roles.drains().isEmpty() ? " to even out the masters"
                : " off " + names(roles.drains()));
        if (!allPodsAnswer()) {
            waiting.add(what + ": waiting until every pod answers");
            return;
        }
        if (!failoversInFlight.isEmpty()) {
            waiting.add(what + ": waiting for the failover of " + String.join(", ", new TreeSet<>(failoversInFlight)));
            return;
        }
        List<String> unsettled = unsettledNodes();
        if (!unsettled.isEmpty() || !waiting.isEmpty()) {
            // A node that has not learned every slot's owner yet would never learn those it is asked to import.
            waiting.add(what + ": waiting until " + (unsettled.isEmpty() ? "the changes above are done"
                    : "every node sees cluster_state ok and knows every pod (not yet: " + compact(unsettled) + ")"));
            return;
        }
        int budget = spec.resharding().slotsPerPass();
        Map<String, Integer> leftWith = new HashMap<>();
        owned.forEach((id, ranges) -> leftWith.put(id, ranges.stream().mapToInt(SlotRange::size).sum()));
        for (SlotBalancer.Transfer transfer : transfers) {
            if (budget == 0) {
                break;
            }
            List<Integer> slots = transfer.slots().subList(0, Math.min(budget, transfer.slots().size()));
            budget -= slots.size();
            ObservedPod source = byId.get(transfer.sourceId());
            ObservedPod target = byId.get(transfer.targetId());
            boolean emptiesSource = leftWith.merge(transfer.sourceId(), -slots.size(), Integer::sum) == 0;
            steps.add(TopologyStep.move(slotMove(source, target, slots, emptiesSource && leaving(source.pod())), (roles.keeps(source)
                    ? source.pod().name() + " holds more than its even share"
                    : source.pod().name() + " is to hold no slot (" + (leaving(source.pod()) ? "its pod goes" : "the spec wants "
                            + spec.masters() + " masters") + ")") + "; " + slotsToMove + " slots left to move in all"));
        }
    }

    /** Nodes that do not see cluster_state ok, or do not know every pod's node yet. */
    private List<String> unsettledNodes() {
        return answering.stream().filter(pod -> !view(pod).clusterStateOk() || !view(pod).knownIds().containsAll(podById.keySet()))
                .map(pod -> pod.pod().name()).toList();
    }

    // ---- stage 7: gone nodes ----

    /**
     * A NodeId no pod has (its data directory was lost, or the pod was replaced) is forgotten on every node that
     * knows it, in one pass so that no node re-learns it by gossip within the 60 s ban, and only once it owns no
     * slot, is flagged failed (or has no address) everywhere, and no node replicates from it.
     */
    private void forgetGoneNodes() {
        if (!allPodsAnswer()) {
            return;
        }
        for (String id : knownIds()) {
            if (podById.containsKey(id)) {
                continue;
            }
            List<ClusterNode> seen = answering.stream().map(pod -> view(pod).node(id)).flatMap(Optional::stream).toList();
            String where = seen.get(0).noAddress() ? "no address" : seen.get(0).address();
            List<String> ownerIn = answering.stream().filter(pod -> view(pod).node(id).filter(ClusterNode::ownsSlots).isPresent())
                    .map(pod -> pod.pod().name()).toList();
            if (!ownerIn.isEmpty()) {
                waiting.add("node " + ClusterNode.shortId(id) + " (" + where + ") belongs to no pod but " + ownerIn
                        + " still list it with slots: it is never forgotten while any node does");
                continue;
            }
            if (seen.stream().anyMatch(TopologyPlanner::seenAlive) && pods.size() > answering.size()) {
                waiting.add("node " + ClusterNode.shortId(id) + " at " + where + " is up but no pod that answers has it:"
                        + " waiting for the pods that do not answer (or are going away)");
                continue;
            }
            if (seen.stream().anyMatch(TopologyPlanner::seenAlive)) {
                needsHuman.add("node " + ClusterNode.shortId(id) + " at " + where + " is in the cluster but is no pod of "
                        + spec.name() + ": remove it by hand if it does not belong");
                continue;
            }
            List<String> followers = answering.stream().filter(pod -> view(pod).myself().masterId().filter(id::equals).isPresent())
                    .map(pod -> pod.pod().name()).toList();
            if (!followers.isEmpty() || seen.stream().noneMatch(line -> line.flags().contains("fail") || line.noAddress())) {
                waiting.add("node " + ClusterNode.shortId(id) + " (" + where + ") belongs to no pod; it is forgotten once"
                        + " the cluster flags it failed" + (followers.isEmpty() ? "" : " and " + followers + " no longer replicate it"));
                continue;
            }
            List<RedisCommand> forgets = answering.stream().filter(pod -> view(pod).node(id).isPresent())
                    .map(pod -> RedisCommand.on(pod.pod(), "CLUSTER", "FORGET", id)).toList();
            steps.add(new TopologyStep(TopologyStep.Kind.FORGET, "node " + ClusterNode.shortId(id),
                    "NodeId " + id + " (last at " + where + ") belongs to no pod, owns no slot and is flagged failed",
                    forgets));
        }
    }

    // ---- stage 8: pods that go, health and layout ----

    /**
     * Pods beyond the spec's pod count go (the next pass lowers the StatefulSet) only once the pods that stay hold
     * every slot and every replica the spec asks: no pod that goes owns a slot or, as a master, a key, and no pod that
     * stays replicates one that goes. A pod that goes and does not answer holds nothing the cluster needs once those
     * hold (its slots would be missing from the slot map). Their data directories stay on their PersistentVolumes.
     */
    private void releaseLeavingPods(Roles roles) {
        List<String> listed = pods.stream().filter(pod -> leaving(pod.pod())).map(pod -> pod.pod().name()).toList();
        if (listed.isEmpty()) {
            leavingPodsReleased = true;
            return;
        }
        List<ObservedPod> going = answering.stream().filter(pod -> leaving(pod.pod())).toList();
        Set<String> goingIds = going.stream().map(pod -> view(pod).myId()).collect(Collectors.toSet());
        List<String> holding = new ArrayList<>();
        going.stream().filter(pod -> view(pod).myself().ownsSlots() || view(pod).myself().master() && view(pod).keys() > 0)
                .forEach(pod -> holding.add(pod.pod().name() + " still holds " + (view(pod).myself().ownsSlots()
                        ? view(pod).myself().slotCount() + " slots" : view(pod).keys() + " keys")));
        answering.stream().filter(pod -> !leaving(pod.pod()))
                .filter(pod -> view(pod).myself().masterId().filter(goingIds::contains).isPresent())
                .forEach(pod -> holding.add(pod.pod().name() + " replicates a pod that goes"));
        if (roles.keepers().size() != spec.masters()) {
            holding.add(roles.keepers().size() + " of the pods that stay are masters, the spec wants " + spec.masters());
        }
        replicaCounts(roles.keepers()).forEach((master, count) -> {
            if (count != spec.replicasPerMaster()) {
                holding.add(master.name() + " has " + count + " replicas among the pods that stay, the spec wants "
                        + spec.replicasPerMaster());
            }
        });
        if (holding.isEmpty()) {
            leavingPodsReleased = true;
            waiting.add(compact(listed) + " hold no slot and no replica the cluster needs: the StatefulSet goes down to "
                    + spec.podCount() + " pods");
        } else {
            waiting.add(compact(listed) + " go once the pods that stay hold everything: " + compact(holding));
        }
    }

    /**
     * What readiness asks: every pod answers and sees cluster_state ok, every node knows every pod's node, M masters
     * with R replicas each, every replica synced (a replica that never synced refuses to fail over: its data is too old).
     */
    private boolean clusterHealthy() {
        if (!allPodsAnswer()) {
            return false;
        }
        Set<String> podIds = podById.keySet();
        List<String> stateNotOk = new ArrayList<>();
        List<String> notKnowingAll = new ArrayList<>();
        for (ObservedPod pod : answering) {
            RedisView view = view(pod);
            if (!view.clusterStateOk()) {
                stateNotOk.add(pod.pod().name() + " (" + view.clusterInfo().getOrDefault("cluster_state", "?") + ")");
            }
            Set<String> known = view.knownIds();
            if (!known.containsAll(podIds)) {
                Set<String> unknown = new TreeSet<>(podIds);
                unknown.removeAll(known);
                notKnowingAll.add(pod.pod().name() + " (not " + compact(unknown.stream().map(this::describe).toList()) + ")");
            }
        }
        if (!stateNotOk.isEmpty()) {
            waiting.add("cluster_state is not ok on " + compact(stateNotOk));
        }
        if (!notKnowingAll.isEmpty()) {
            waiting.add("not every node knows every pod yet: " + compact(notKnowingAll));
        }
        List<ObservedPod> masters = slotOwners();
        if (masters.size() != spec.masters()) {
            waiting.add(masters.size() + " masters own slots; the spec wants " + spec.masters());
        }
        List<String> unsynced = answering.stream().filter(pod -> view(pod).myself().replica() && !view(pod).replicationLinkUp())
                .map(pod -> pod.pod().name() + " (master_link_status:" + view(pod).info().getOrDefault("master_link_status", "?") + ")")
                .toList();
        if (!unsynced.isEmpty()) {
            waiting.add("replicas not synced with their master yet: " + compact(unsynced));
        }
        replicaCounts(masters).forEach((master, count) -> {
            if (count != spec.replicasPerMaster()) {
                waiting.add(master.name() + " has " + count + " replicas; the spec wants " + spec.replicasPerMaster());
            }
        });
        return waiting.isEmpty();
    }

    /**
     * After a failover two masters may share a Kubernetes node (its loss would take two masters). A replica
     * whose promotion lowers the number of such conflicts is asked to take over with the default CLUSTER FAILOVER,
     * which waits for the replica to catch up with its master first, so no acknowledged write is lost.
     */
    private void restoreLayout() {
        Map<String, RedisPod> podOfId = new HashMap<>();
        podById.forEach((id, pod) -> podOfId.put(id, pod.pod()));
        List<RedisPod> masters = new ArrayList<>();
        Map<RedisPod, RedisPod> masterOf = new LinkedHashMap<>();
        for (ObservedPod pod : answering) {
            ClusterNode myself = view(pod).myself();
            if (myself.master() && myself.ownsSlots()) {
                masters.add(pod.pod());
            } else {
                myself.masterId().map(podOfId::get).ifPresent(master -> masterOf.put(pod.pod(), master));
            }
        }
        int now = Layout.conflicts(masters, masterOf);
        RedisPod best = null;
        int bestScore = now;
        for (Map.Entry<RedisPod, RedisPod> pair : masterOf.entrySet()) {
            int after = Layout.conflicts(swapped(masters, pair.getValue(), pair.getKey()), swapped(masterOf, pair.getValue(), pair.getKey()));
            if (after < bestScore) {
                best = pair.getKey();
                bestScore = after;
            }
        }
        if (best == null) {
            return;
        }
        RedisPod candidate = best;
        takeOver(observed(candidate), masterOf.get(candidate), describeConflicts(masters) + ": " + candidate.name() + " (on "
                + nodeOf(candidate) + ") takes over from " + masterOf.get(candidate).name());
    }

    /**
     * The default CLUSTER FAILOVER on {@code replica}: the coordinated form, which waits for the replica to catch up
     * with its master first, so no acknowledged write is lost. Not while one asked of it may still be running, and
     * only once its replication link is up and synced (a replica that never synced refuses).
     */
    private void takeOver(ObservedPod replica, RedisPod master, String why) {
        if (failoversInFlight.contains(replica.pod().name())) {
            waiting.add(replica.pod().name() + " was asked to take over from " + master.name() + "; waiting for it");
        } else if (!view(replica).replicationLinkUp()) {
            waiting.add(why + ", once its replication link is up and synced");
        } else {
            steps.add(new TopologyStep(TopologyStep.Kind.FAILOVER, replica.pod().name(), why + " with a coordinated failover",
                    List.of(RedisCommand.on(replica.pod(), "CLUSTER", "FAILOVER"))));
        }
    }

    private static String nodeOf(RedisPod pod) {
        return pod.k8sNode().isEmpty() ? "an unknown node" : pod.k8sNode();
    }

    private static String describeConflicts(List<RedisPod> masters) {
        Map<String, List<String>> perNode = new TreeMap<>();
        masters.forEach(master -> perNode.computeIfAbsent(nodeOf(master), key -> new ArrayList<>()).add(master.name()));
        List<String> shared = perNode.entrySet().stream().filter(entry -> entry.getValue().size() > 1)
                .map(entry -> String.join(" and ", entry.getValue()) + " are masters on " + entry.getKey()).toList();
        return shared.isEmpty() ? "a master and its replica share a Kubernetes node" : String.join("; ", shared);
    }

    private static List<RedisPod> swapped(List<RedisPod> masters, RedisPod oldMaster, RedisPod newMaster) {
        return masters.stream().map(master -> master.equals(oldMaster) ? newMaster : master).toList();
    }

    private static Map<RedisPod, RedisPod> swapped(Map<RedisPod, RedisPod> masterOf, RedisPod oldMaster, RedisPod newMaster) {
        Map<RedisPod, RedisPod> after = new LinkedHashMap<>();
        masterOf.forEach((replica, master) -> {
            if (!replica.equals(newMaster)) {
                after.put(replica, master.equals(oldMaster) ? newMaster : master);
            }
        });
        after.put(oldMaster, newMaster);
        return after;
    }

    // ---- commands ----

    private RedisCommand meet(RedisPod from, RedisPod to) {
        return RedisCommand.on(from, "CLUSTER", "MEET", to.ip(), String.valueOf(port()));
    }

    private RedisCommand addSlots(RedisPod master, SlotRange range) {
        return addSlots(observed(master), range);
    }

    /** ADDSLOTSRANGE on Redis 7; Redis 6.2 only has ADDSLOTS with every slot listed. */
    private static RedisCommand addSlots(ObservedPod master, SlotRange range) {
        if (view(master).hasAddSlotsRange()) {
            return RedisCommand.on(master.pod(), "CLUSTER", "ADDSLOTSRANGE", String.valueOf(range.first()), String.valueOf(range.last()));
        }
        List<String> args = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
        for (int slot = range.first(); slot <= range.last(); slot++) {
            args.add(String.valueOf(slot));
        }
        return RedisCommand.on(master.pod(), args);
    }

    private static String names(Collection<ObservedPod> pods) {
        return compact(pods.stream().map(pod -> pod.pod().name()).collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    /** At most five names, then how many more: a reason stays one readable line on a cluster of 1000 pods. */
    static String compact(Collection<String> names) {
        List<String> all = List.copyOf(names);
        return all.size() <= 5 ? String.join(", ", all)
                : String.join(", ", all.subList(0, 5)) + " and " + (all.size() - 5) + " more";
    }
}
