package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.ClusterFacts.view;

import io.github.rediscluster.reconciler.observe.ClusterNode;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rejoins nodes that moved, and meets pods of the cluster that some node does not know at all.
 *
 * <p>A node whose peer's NodeId belongs to a live pod at another address, or that flags a live pod as failing, is
 * sent CLUSTER MEET with the pod IP: the handshake finds the known NodeId and updates its address in place. Every
 * moved pair gets a MEET (a mesh after a full restart): measured on 6 nodes, that heals in about 2 s, while MEETs
 * from a single node leave the others to learn addresses by gossip only once they flag each other failing, 8 to 12
 * s, long enough for needless failovers.
 *
 * <p>One MEET per pair, not one from each side: when A meets B, A learns B's address from the handshake's PONG and
 * then pings B over a new link, and B updates the address of a known sender from its PING (cluster.c,
 * {@code nodeUpdateAddressIfNeeded} on a PING, in 6.2 and 7.0 alike). So where A and B both hold the other's old
 * address, only the pod that comes first among the answering pods sends the MEET: n(n-1)/2 after a full restart,
 * half the handshakes for 100 redis-servers to run while they also load their data.
 *
 * <p>That is still quadratic: 4,950 MEETs at 100 pods, half a million at 1,000, more than a pass can hold or send.
 * A pass sends at most {@link #MEETS_PER_PASS}; the first pods' MEETs come first, so the first pod meets every moved
 * node, every node learns that pod's address from its PING, and the pod's gossip gives each node the new addresses
 * of the peers it already flags failing (Redis's cluster.c takes a gossiped address only for a node it flags
 * {@code fail?} or {@code fail}, so that comes after {@code cluster-node-timeout}). Later passes meet what gossip has
 * not mended. Up to about 140 pods everything goes in one pass.
 *
 * <p>The later stages still run: {@link JoinLoneNodes} meets lone nodes in the same pass, and stops the stages
 * after it when either took a step.
 */
final class Rejoin implements Stage {

    /** The most MEETs of moved nodes a pass sends: every pair of 100 pods (4,950) fits. */
    static final int MEETS_PER_PASS = 10_000;

    @Override
    public StageResult decide(ClusterFacts facts, PlanSoFar soFar) {
        StageResult.Builder out = new StageResult.Builder();
        Map<ObservedPod, List<RedisCommand>> meets = new LinkedHashMap<>();
        Map<ObservedPod, Set<String>> seenAs = new LinkedHashMap<>();
        int planned = 0;
        Map<ObservedPod, Integer> order = new HashMap<>();
        facts.answering().forEach(pod -> order.put(pod, order.size()));
        // Lines that need no meeting whoever lists them: the views of a pass share their lines (NodeLines), so at
        // 1,000 pods a million lines come down to about a thousand decisions, each line then one identity lookup.
        Set<ClusterNode> fine = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ObservedPod observer : facts.answering()) {
            for (ClusterNode peer : view(observer).nodes()) {
                if (fine.contains(peer) || peer.myself() || peer.handshake()) {
                    continue;
                }
                ObservedPod target = facts.podOf(peer.id());
                boolean moved = target != null && movedIn(peer, target, facts);
                if (target == null || !(moved || peer.failing() || peer.noAddress())) {
                    fine.add(peer);
                    continue;
                }
                if (target == observer || view(observer).handshakeWith(target.pod().ip(), facts.port())) {
                    continue;
                }
                if (moved && order.getOrDefault(target, Integer.MAX_VALUE) < order.get(observer)
                        && seesMoved(target, observer, facts)) {
                    continue; // the target's own MEET of this observer mends both sides
                }
                if (planned++ < MEETS_PER_PASS) {
                    meets.computeIfAbsent(target, key -> new ArrayList<>()).add(facts.meet(observer.pod(), target.pod()));
                    seenAs.computeIfAbsent(target, key -> new TreeSet<>()).add(moved
                            ? (peer.noAddress() ? "no address" : peer.ip())
                            : String.join(",", new TreeSet<>(peer.flags())));
                }
            }
        }
        meets.forEach((target, commands) -> out.step(new TopologyStep(TopologyStep.Kind.REJOIN, target.pod().name(),
                "NodeId " + ClusterNode.shortId(view(target).myId()) + " is at " + target.pod().ip() + " now; "
                        + commands.size() + " node(s) still had " + String.join(" / ", seenAs.get(target)),
                commands)));
        meetUnknownPods(facts, out);
        return out.proceed();
    }

    /** Whether the line {@code peer} gives {@code target}'s NodeId another address than its pod's. */
    private static boolean movedIn(ClusterNode peer, ObservedPod target, ClusterFacts facts) {
        return !peer.ip().equals(target.pod().ip()) || peer.port() != facts.port();
    }

    /**
     * Whether {@code observer} holds an old address for {@code target} and would meet it (no handshake with it under
     * way): then the pair needs one MEET, not two.
     */
    private static boolean seesMoved(ObservedPod observer, ObservedPod target, ClusterFacts facts) {
        return view(observer).node(view(target).myId())
                .filter(peer -> !peer.myself() && !peer.handshake())
                .filter(peer -> !view(observer).handshakeWith(target.pod().ip(), facts.port()))
                .filter(peer -> movedIn(peer, target, facts))
                .isPresent();
    }

    /**
     * A pod in the cluster that some node does not know at all: a pod removed by a scale-in (its NodeId forgotten)
     * that came back with its data directory when the spec grew again. Gossip never brings back a forgotten node,
     * so every node that lacks it meets it directly.
     */
    private static void meetUnknownPods(ClusterFacts facts, StageResult.Builder out) {
        List<ObservedPod> answering = facts.answering();
        // How many views list each NodeId, counted once: a pod listed by every member needs no lookup per view.
        Map<String, Integer> knownBy = knownBy(answering);
        long members = answering.stream().filter(pod -> !view(pod).alone()).count();
        // While a handshake is under way gossip is still introducing nodes (a cluster just formed from one seed, a
        // pod that just joined): meeting every pair it has not reached yet would be the n(n-1)/2 handshakes forming
        // avoids. Only once gossip has gone quiet are the nodes still unknown to some met directly.
        boolean gossipBusy = answering.stream().anyMatch(pod -> view(pod).inHandshake());
        for (ObservedPod target : answering) {
            if (view(target).alone() || facts.leaving(target) || knownBy.getOrDefault(view(target).myId(), 0) >= members) {
                continue;
            }
            List<ObservedPod> lacking = answering.stream().filter(observer -> observer != target && !view(observer).alone()
                    && view(observer).node(view(target).myId()).isEmpty()
                    && !view(observer).handshakeWith(target.pod().ip(), facts.port())).toList();
            if (lacking.isEmpty()) {
                continue;
            }
            if (!mayRejoin(facts, target, knownBy)) {
                continue;
            }
            boolean knownBySome = answering.stream().anyMatch(observer -> observer != target
                    && view(observer).node(view(target).myId()).isPresent());
            if (knownBySome && gossipBusy) {
                continue;
            }
            List<RedisCommand> commands = lacking.stream().map(observer -> facts.meet(observer.pod(), target.pod())).toList();
            out.step(knownBySome
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
    private static boolean mayRejoin(ClusterFacts facts, ObservedPod target, Map<String, Integer> knownBy) {
        // A peer of the target is known to another pod's node when more views than the target's own list it.
        return !view(target).myself().ownsSlots() && view(target).peers().stream().allMatch(peer ->
                knownBy.getOrDefault(peer.id(), 0) > 1 || facts.hasPod(peer.id()) || !ClusterFacts.seenAlive(peer));
    }

    /**
     * For each NodeId, how many answering nodes know it (handshakes aside). A view listing the same NodeIds as the one
     * before it counts as that one did: on a settled cluster every view does, and counting each line of each view was
     * a million map updates at 1,000 pods.
     */
    private static Map<String, Integer> knownBy(List<ObservedPod> answering) {
        Map<String, Integer> counts = new HashMap<>();
        RedisView counted = null;
        int times = 0;
        for (ObservedPod pod : answering) {
            RedisView view = view(pod);
            if (counted != null && view.sameIdsAs(counted)) {
                times++;
                continue;
            }
            count(counts, counted, times);
            counted = view;
            times = 1;
        }
        count(counts, counted, times);
        return counts;
    }

    private static void count(Map<String, Integer> counts, RedisView view, int times) {
        if (view != null) {
            view.nodes().stream().filter(node -> !node.handshake()).forEach(node -> counts.merge(node.id(), times, Integer::sum));
        }
    }
}
