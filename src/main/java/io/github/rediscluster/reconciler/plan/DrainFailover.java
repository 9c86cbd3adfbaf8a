package io.github.rediscluster.reconciler.plan;

import io.github.rediscluster.reconciler.observe.ClusterNode;
import io.github.rediscluster.reconciler.observe.ObservedCluster;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisView;
import io.github.rediscluster.reconciler.observe.SlotRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A master pod being deleted (its deletionTimestamp set: a drain, an eviction, kubectl delete) hands its slots to a
 * synced replica before it stops, as a preStop hook would: the replica gets the coordinated CLUSTER FAILOVER, which
 * pauses the master's clients until the replica has every write, so clients see a failover of milliseconds instead of
 * cluster-node-timeout, and no acknowledged write is lost. The pod's preStop hook holds SIGTERM while it is still a
 * master with replicas (bounded), which gives this pass the time. Pure.
 *
 * <p>The terminating pod itself counts as unreachable for the rest of the pass (it is going away), so it is found
 * through its replicas: a replica whose master, in its own CLUSTER NODES, is at the terminating pod's IP.
 */
public final class DrainFailover {

    private DrainFailover() {
    }

    /**
     * @param terminating pods with a deletionTimestamp, by name, with the pod IP they still have
     * @param failoversInFlight pods asked to take over recently, which must not be asked again yet
     */
    public static AddedSteps plan(ObservedCluster observed, Map<String, String> terminating, Set<String> failoversInFlight) {
        List<TopologyStep> steps = new ArrayList<>();
        List<Wait> waiting = new ArrayList<>();
        terminating.forEach((name, ip) -> {
            if (ip.isEmpty()) {
                return;
            }
            List<ObservedPod> replicas = observed.pods().stream()
                    .filter(pod -> pod.answered() && !terminating.containsKey(pod.pod().name()))
                    .filter(pod -> masterOf(pod.view().orElseThrow()).filter(master -> master.ip().equals(ip)
                            && master.ownsSlots() && !master.failing()).isPresent())
                    .toList();
            if (replicas.isEmpty()) {
                return; // a replica, a master without slots, or one whose replicas are gone: nothing to hand over
            }
            Optional<ObservedPod> asked = replicas.stream().filter(pod -> failoversInFlight.contains(pod.pod().name())).findFirst();
            Optional<ObservedPod> synced = replicas.stream().filter(pod -> pod.view().orElseThrow().replicationLinkUp())
                    .max(Comparator.comparingLong(DrainFailover::offset));
            List<Integer> behind = synced.map(replica -> slotsGivenAway(observed, replica)).orElse(List.of());
            if (asked.isPresent()) {
                waiting.add(new Wait(WaitReason.DRAIN_FAILOVER_ASKED, name, asked.get().pod().name()));
            } else if (!behind.isEmpty()) {
                waiting.add(new Wait(WaitReason.DRAIN_REPLICA_VIEW_BEHIND, name, "slots " + SlotRange.describe(behind)));
            } else if (synced.isEmpty()) {
                waiting.add(new Wait(WaitReason.DRAIN_NO_SYNCED_REPLICA, name,
                        String.join(", ", replicas.stream().map(pod -> pod.pod().name()).toList())));
            } else {
                ObservedPod replica = synced.get();
                steps.add(new TopologyStep(TopologyStep.Kind.FAILOVER, replica.pod().name(), name + " is being deleted"
                        + " while a master: its synced replica " + replica.pod().name() + " takes over its slots with a"
                        + " coordinated failover before it stops", List.of(RedisCommand.on(replica.pod(), "CLUSTER", "FAILOVER"))));
            }
        });
        return new AddedSteps(steps, waiting);
    }

    /**
     * Slots the replica still lists under its master that some answering node lists under another owner. A move
     * gives a slot to its target with SETSLOT NODE (the target bumps its epoch) and then tells the source, which
     * does not tell its replicas: until the target's claim reaches the replica, the replica lists the slot under its
     * master. Taking over then (a failover's epoch is newer still) claims the slot back, and the target, which holds
     * its keys, drops them or, killed meanwhile, comes back to find them gone (the soak of 2026-12-02 lost 254 keys
     * so: the target was killed 80 ms after it took the slots and the source's pod was deleted).
     */
    private static List<Integer> slotsGivenAway(ObservedCluster observed, ObservedPod replica) {
        RedisView view = replica.view().orElseThrow();
        ClusterNode master = masterOf(view).orElseThrow();
        List<Integer> behind = new ArrayList<>();
        for (SlotRange range : master.slots()) {
            for (int slot = range.first(); slot <= range.last(); slot++) {
                int s = slot;
                boolean elsewhere = observed.pods().stream().filter(ObservedPod::answered).flatMap(pod -> pod.view().orElseThrow()
                        .nodes().stream()).anyMatch(node -> !node.handshake() && !node.id().equals(master.id()) && node.owns(s));
                if (elsewhere) {
                    behind.add(slot);
                }
            }
        }
        return behind;
    }

    private static Optional<ClusterNode> masterOf(RedisView view) {
        ClusterNode myself = view.myself();
        return myself.replica() ? myself.masterId().flatMap(view::node) : Optional.empty();
    }

    private static long offset(ObservedPod replica) {
        try {
            return Long.parseLong(replica.view().orElseThrow().info().getOrDefault("slave_repl_offset", "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
