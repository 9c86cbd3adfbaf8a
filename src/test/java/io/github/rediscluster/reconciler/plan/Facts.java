package io.github.rediscluster.reconciler.plan;

import io.github.rediscluster.reconciler.observe.ClusterNodesParser;
import io.github.rediscluster.reconciler.observe.ObservedCluster;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisPod;
import io.github.rediscluster.reconciler.observe.RedisView;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.spec.SpecKeys;
import io.github.rediscluster.reconciler.testing.Specs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Small {@link ClusterFacts} for the stage tests, from literal CLUSTER NODES lines: pod redis-app-N has NodeId
 * {@code ID[N]}, IP 10.0.0.(N+1), Kubernetes node n(N mod 3 + 1), Redis 7.0, cluster_state ok and no keys unless
 * told otherwise. A pod's own line is the one with its NodeId (flagged myself here) unless the text flags another.
 */
final class Facts {

    static final String[] ID = {
        "7d08268b8078d12e0be3af4170c92a3f4b9eec65",
        "152b04d948dc28bdc814c0675175f1377f040683",
        "dc4320fdf94384a972f7a830d5a1d7c43442dce3",
        "f2c6b6ada33235cb90017a369d34a5ee862ff367",
        "7a401580c1eacf8e10cb5bf3dc6d5881363a2748",
        "cabfa8ff84a194ad09e971ef47cd6cf0497fc6a1"};

    private Facts() {
    }

    /** A spec of {@code masters} masters with {@code replicas} replicas each. */
    static ClusterSpec spec(int masters, int replicas) {
        return Specs.classicWith(SpecKeys.MASTERS.name(), String.valueOf(masters), SpecKeys.REPLICAS_PER_MASTER.name(),
                String.valueOf(replicas));
    }

    static String ip(int ordinal) {
        return "10.0.0." + (ordinal + 1);
    }

    /** A CLUSTER NODES line of redis-app-{ordinal} at its usual address, epoch 1, connected. */
    static String line(int ordinal, String flags, String masterId, String slots) {
        return ID[ordinal] + " " + ip(ordinal) + ":6379@16379 " + flags + " " + masterId + " 0 1795687060000 1 connected"
                + (slots.isEmpty() ? "" : " " + slots);
    }

    static String master(int ordinal, String slots) {
        return line(ordinal, "master", "-", slots);
    }

    static String replica(int ordinal, int master) {
        return line(ordinal, "slave", ID[master], "");
    }

    /** The lines joined as one CLUSTER NODES text. */
    static String nodes(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    /** redis-app-{ordinal} at its usual IP, seeing {@code nodes}; a replica's link to its master is up. */
    static ObservedPod pod(int ordinal, String nodes) {
        return pod(ordinal, ip(ordinal), nodes, "ok", 0);
    }

    static ObservedPod pod(int ordinal, String ip, String nodes, String clusterState, long keys, String... info) {
        String text = nodes.contains("myself") ? nodes : seenBy(ID[ordinal], nodes);
        var parsed = ClusterNodesParser.parse(text);
        var myself = parsed.stream().filter(node -> node.myself()).findFirst().orElseThrow();
        Map<String, String> infos = new HashMap<>(Map.of("redis_version", "7.0.15"));
        myself.masterId().flatMap(masterId -> parsed.stream().filter(node -> node.id().equals(masterId)).findFirst())
                .ifPresent(master -> infos.putAll(Map.of("master_host", master.ip(), "master_link_status", "up")));
        for (int i = 0; i < info.length; i += 2) {
            infos.put(info[i], info[i + 1]);
        }
        return ObservedPod.reached(new RedisPod("redis-app-" + ordinal, ordinal, ip, "n" + (ordinal % 3 + 1)),
                new RedisView(myself.id(), parsed, Map.of("cluster_state", clusterState), infos, keys));
    }

    /** redis-app-{ordinal} that exists but did not answer. */
    static ObservedPod silent(int ordinal, String error) {
        return ObservedPod.unreached(new RedisPod("redis-app-" + ordinal, ordinal, ip(ordinal), "n" + (ordinal % 3 + 1)), error);
    }

    /** Every pod in {@code ordinals} seeing the same {@code nodes}. */
    static List<ObservedPod> all(String nodes, int... ordinals) {
        List<ObservedPod> pods = new ArrayList<>();
        for (int ordinal : ordinals) {
            pods.add(pod(ordinal, nodes));
        }
        return pods;
    }

    static ClusterFacts facts(ClusterSpec spec, List<ObservedPod> pods) {
        return ClusterFacts.of(spec, new ObservedCluster(pods), Set.of());
    }

    static ClusterFacts facts(ClusterSpec spec, List<ObservedPod> pods, Map<Integer, Map<String, Long>> keysInSlots,
            Set<String> failoversInFlight) {
        return ClusterFacts.of(spec, new ObservedCluster(pods, keysInSlots), failoversInFlight);
    }

    /** What the stages before ran into: nothing, and the roles given. */
    static PlanSoFar soFar(Roles roles) {
        return new PlanSoFar(List.of(), List.of(), List.of(), Optional.of(roles), 0, false);
    }

    /** The roles {@link ChooseRoles} decides on these facts. */
    static Roles roles(ClusterFacts facts) {
        return new ChooseRoles().decide(facts, PlanSoFar.NOTHING).roles().orElseThrow();
    }

    static List<String> commands(StageResult result) {
        return result.steps().stream().flatMap(step -> step.commands().stream()).map(RedisCommand::toString).toList();
    }

    /** {@code text} as node {@code id} prints it: its own line flagged myself. */
    private static String seenBy(String id, String text) {
        return text.lines().map(line -> {
            String[] fields = line.split(" ");
            if (!fields[0].equals(id)) {
                return line;
            }
            fields[2] = "myself," + fields[2];
            return String.join(" ", fields);
        }).collect(Collectors.joining("\n", "", "\n"));
    }
}
