package io.github.rediscluster.reconciler.testing;

import io.github.rediscluster.reconciler.act.ActionLog;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import io.github.rediscluster.reconciler.sandbox.Sandbox;
import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import io.github.rediscluster.reconciler.observe.ClusterNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Chaos rounds against a formed cluster while {@link SoakWorkload} writes and reads: a pod deleted (it comes back
 * on a new IP), a master killed and kept down past cluster-node-timeout (its replica takes over), every pod deleted
 * at once, and a scaling round: the masters one up and back down by spec edits, each time with the moving pod deleted
 * and another master killed mid-move ({@link ScalingChaos}). Each round waits until the cluster passes every check of
 * {@link ClusterCheck} again (after scaling, with the slots spread evenly) and records how long that took. Pods are deleted through the API (SIGTERM, as a drain or a rollout does), so each redis-server
 * writes its AOF out; a kill without a grace period loses what appendfsync everysec had not written yet, which is
 * Redis's durability promise, not the reconciler's.
 */
public final class ChaosSoak {

    public enum Chaos { DELETE_ONE_POD, STOP_MASTER_PAST_TIMEOUT, DELETE_ALL_PODS, SCALE_MASTERS_OUT_AND_IN }

    /**
     * One round: what was done, how many pods it deleted or killed, of its scaling steps how many the chaos struck
     * mid-move, and how long until healthy (empty: not within the deadline, then {@code state}).
     */
    public record Round(int number, Chaos chaos, String detail, int interruptions, int scalingStepsMidMove,
            Optional<Duration> healedAfter, String state) {
    }

    /** A finished soak. {@code forbidden} lists actions this service must never take; it should be empty. */
    public record Report(String redisVersion, Duration ran, List<Round> rounds, SoakWorkload.Stats client, List<String> lostAcknowledged,
            long actions, long forgets, List<String> forbidden) {

        public boolean allHealed() {
            return rounds.stream().allMatch(round -> round.healedAfter().isPresent());
        }

        /** Pods deleted or killed over all rounds. */
        public int interruptions() {
            return rounds.stream().mapToInt(Round::interruptions).sum();
        }

        public long scalingRounds() {
            return rounds.stream().filter(round -> round.chaos() == Chaos.SCALE_MASTERS_OUT_AND_IN).count();
        }

        /** Per kind of chaos: rounds, how many healed, and the median and longest time to heal. */
        private String byChaos() {
            StringBuilder text = new StringBuilder("| chaos | rounds | healed | median | longest |\n|---|---|---|---|---|\n");
            for (Chaos chaos : Chaos.values()) {
                List<Round> of = rounds.stream().filter(round -> round.chaos() == chaos).toList();
                List<Long> healed = of.stream().flatMap(round -> round.healedAfter().stream()).map(Duration::toMillis)
                        .sorted().toList();
                text.append("| ").append(describe(chaos)).append(" | ").append(of.size()).append(" | ")
                        .append(healed.size()).append(" | ").append(healed.isEmpty() ? "-" : seconds(healed.get(healed.size() / 2)))
                        .append(" | ").append(healed.isEmpty() ? "-" : seconds(healed.get(healed.size() - 1))).append(" |\n");
            }
            return text.toString();
        }

        private static String describe(Chaos chaos) {
            return chaos.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }

        private static String seconds(long millis) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }

        /** One line per round: {@code round,chaos,interruptions,healed_after_s} (empty when it did not heal). */
        public String csv() {
            StringBuilder text = new StringBuilder("round,chaos,interruptions,healed_after_s\n");
            rounds.forEach(round -> text.append(round.number()).append(',').append(round.chaos()).append(',')
                    .append(round.interruptions()).append(',')
                    .append(round.healedAfter().map(healed -> String.format(Locale.ROOT, "%.2f", healed.toMillis() / 1000.0))
                            .orElse("")).append('\n'));
            return text.toString();
        }

        /** The report as Markdown: a summary, then one row per round. */
        public String markdown() {
            StringBuilder text = new StringBuilder()
                    .append(String.format(Locale.ROOT, "Ran %.0f s: %d rounds, %d healed; %d pods deleted or killed;"
                            + " %d scaling rounds (masters up and back down), their chaos mid-move in %d of %d scaling steps.%n%n",
                            ran.toMillis() / 1000.0, rounds.size(), rounds.stream().filter(round -> round.healedAfter().isPresent()).count(),
                            interruptions(), scalingRounds(), rounds.stream().mapToInt(Round::scalingStepsMidMove).sum(),
                            2 * scalingRounds()))
                    .append("| client | figure |\n|---|---|\n")
                    .append("| writes sent | ").append(client.writes()).append(" |\n")
                    .append("| writes acknowledged (WAIT 1 >= 1) | ").append(client.acknowledged()).append(" |\n")
                    .append("| writes not acknowledged (WAIT 1 = 0) | ").append(client.notAcknowledged()).append(" |\n")
                    .append("| reads of acknowledged keys | ").append(client.reads()).append(" |\n")
                    .append("| of them stale (before a node learned it lost its slots) | ").append(client.staleReads()).append(" |\n")
                    .append("| client errors | ").append(client.errors()).append(' ').append(client.errorKinds()).append(" |\n")
                    .append("| acknowledged keys lost").append(allHealed() ? "" : " (read back after the round that did not heal)")
                    .append(" | ").append(lostAcknowledged.size()).append(" |\n")
                    .append("| reconciler commands sent from forming on / of them CLUSTER FORGET | ").append(actions).append(" / ")
                    .append(forgets).append(" |\n")
                    .append("| forbidden commands (FLUSH*, CLUSTER RESET but a replica reset, FORGET of a slot owner) | ").append(forbidden.size())
                    .append(" |\n\n").append(byChaos()).append("\n| round | chaos | pods deleted or killed | healthy again after |\n|---|---|---|---|\n");
            for (Round round : rounds) {
                text.append("| ").append(round.number()).append(" | ").append(round.chaos() == Chaos.SCALE_MASTERS_OUT_AND_IN
                        ? round.detail() : describe(round.chaos())).append(" | ").append(round.interruptions()).append(" | ")
                        .append(round.healedAfter().map(healed -> seconds(healed.toMillis())).orElse("not within the deadline"))
                        .append(" |\n");
            }
            return text.toString();
        }
    }

    private static final int PORT = 6379;

    private final Sandbox sandbox;
    private final ActionLog actionLog;
    private final RedisCalls redis;
    /** The spec's masters now: the scaling round changes it. */
    private int masters;
    private final int replicasPerMaster;
    private final Duration nodeTimeout;
    private final Duration healDeadline;
    private final SplittableRandom random = new SplittableRandom(7);
    private final ScalingChaos scaling;
    /** The audit covers the reconciler's actions from here on: forming the cluster, then the soak. */
    private final Instant auditFrom = Instant.now();
    /** Every NodeId seen owning a slot by any node at any check: a FORGET of one of them is forbidden. */
    private final Set<String> slotOwnersSeen = new HashSet<>();
    /**
     * NodeIds of the pods a scale-in removes, with when the spec edit was written. Such a master owned slots once;
     * forgetting it after its drain is the scale-in itself (as redis-cli del-node does). Forgotten while it still
     * owned slots, those slots would go uncovered or be assigned without their keys, which the heal check and the
     * read-back of every acknowledged key would catch.
     */
    private final Map<String, Instant> removedBySpec = new HashMap<>();
    /** The pods a scale-in removed: coming back, they may be reset under ReplicaReset's rule (CLUSTER RESET SOFT). */
    private final Set<String> podsRemovedByScaleIn = new HashSet<>();

    public ChaosSoak(Sandbox sandbox, ActionLog actionLog, RedisCalls redis, int masters, int replicasPerMaster,
            Duration nodeTimeout, Duration healDeadline) {
        this.sandbox = sandbox;
        this.actionLog = actionLog;
        this.redis = redis;
        this.masters = masters;
        this.replicasPerMaster = replicasPerMaster;
        this.nodeTimeout = nodeTimeout;
        this.healDeadline = healDeadline;
        this.scaling = new ScalingChaos(sandbox, redis, PORT, replicasPerMaster, nodeTimeout, random);
    }

    /** The cluster passes every check now (or within the deadline); the snapshot that did. */
    public ClusterCheck.Snapshot awaitHealthy(String what) {
        Optional<ClusterCheck.Snapshot> healthy = healthyWithin(pods -> true, cluster -> true);
        return healthy.orElseThrow(() -> new AssertionError("the cluster was not healthy within "
                + healDeadline.toSeconds() + " s " + what + "; last state: " + check(sandbox.pods())));
    }

    /**
     * Rounds in the order of {@link Chaos}, again and again, while {@code length} has not passed, and at least one
     * of each; stops at the first round that does not heal. Then the workload stops and every acknowledged key is
     * read back.
     */
    public Report run(Duration length, SoakWorkload workload) throws InterruptedException {
        Instant start = Instant.now();
        Instant end = start.plus(length);
        List<Round> rounds = new ArrayList<>();
        while (rounds.size() < Chaos.values().length || Instant.now().isBefore(end)) {
            Round round = round(rounds.size() + 1, Chaos.values()[rounds.size() % Chaos.values().length]);
            rounds.add(round);
            if (round.healedAfter().isEmpty()) {
                break;
            }
        }
        Duration ran = Duration.between(start, Instant.now());
        workload.stop();
        // Read back even after a round that did not heal: the count is then of keys not readable at the end (a
        // key stranded on a node that does not own its slot reads as missing), never a stand-in. Before 2026-12-02
        // a one-element placeholder stood here, which the reports counted as "1 acknowledged key lost".
        List<String> lost = workload.lostAcknowledged();
        Optional<List<ActionLog.Action>> audited = actionLog.since(auditFrom);
        List<ActionLog.Action> actions = audited.orElse(List.of());
        return new Report(sandbox.redisServer().version(), ran, rounds, workload.stats(), lost, actions.size(),
                actions.stream().filter(ChaosSoak::isForget).count(), forbidden(audited));
    }

    private Round round(int number, Chaos chaos) {
        if (chaos == Chaos.SCALE_MASTERS_OUT_AND_IN) {
            return scalingRound(number);
        }
        List<SandboxPod> before = sandbox.pods();
        Instant start = Instant.now();
        String detail;
        int interruptions = 1;
        Predicate<List<SandboxPod>> chaosDone;
        switch (chaos) {
            case DELETE_ONE_POD -> {
                SandboxPod pod = before.get(random.nextInt(before.size()));
                detail = sandbox.deletePod(pod.name());
                chaosDone = pods -> pods.stream().anyMatch(p -> p.name().equals(pod.name()) && !p.ip().equals(pod.ip()));
            }
            case STOP_MASTER_PAST_TIMEOUT -> {
                List<String> masterPods = new ArrayList<>(check(before).masters().keySet());
                String master = masterPods.get(random.nextInt(masterPods.size()));
                int restarts = sandbox.pod(master).orElseThrow().restarts();
                detail = sandbox.stopPod(master, nodeTimeout.plusSeconds(3));
                chaosDone = pods -> pods.stream().anyMatch(p -> p.name().equals(master) && p.restarts() > restarts);
            }
            case DELETE_ALL_PODS -> {
                List<String> oldIps = before.stream().map(SandboxPod::ip).toList();
                before.forEach(pod -> sandbox.deletePod(pod.name()));
                detail = "deleted all " + before.size() + " pods";
                interruptions = before.size();
                chaosDone = pods -> pods.stream().noneMatch(p -> oldIps.contains(p.ip()));
            }
            default -> throw new IllegalArgumentException(chaos.toString());
        }
        Optional<Duration> healed = healthyWithin(chaosDone, cluster -> true)
                .map(snapshot -> Duration.between(start, Instant.now()));
        return new Round(number, chaos, detail, interruptions, 0, healed,
                healed.isPresent() ? "healthy" : check(sandbox.pods()).toString());
    }

    /**
     * Masters one up, healed and balanced, then back down, healed and balanced; each step with its chaos mid-move.
     * The time to heal runs from the first spec edit to the end.
     */
    private Round scalingRound(int number) {
        Instant start = Instant.now();
        int from = masters;
        List<String> details = new ArrayList<>();
        int interruptions = 0;
        int midMove = 0;
        for (int to : List.of(from + 1, from)) {
            if (to < masters) {
                int kept = to * (1 + replicasPerMaster);
                Instant edit = Instant.now();
                check(sandbox.pods()).nodes().stream().filter(node -> ScalingChaos.ordinal(node.pod().name()) >= kept)
                        // The first edit counts: a later scaling round brings the same NodeId back (nodes.conf on its PV).
                        .forEach(node -> {
                            removedBySpec.putIfAbsent(node.myId(), edit);
                            podsRemovedByScaleIn.add(node.pod().name());
                        });
            }
            ScalingChaos.Step step = scaling.scale(masters, to, healDeadline);
            masters = to;
            details.add(step.detail());
            interruptions += step.interruptions();
            midMove += step.midMove() ? 1 : 0;
            if (healthyWithin(step.chaosDone(), cluster -> SlotMap.even(cluster, to)).isEmpty()) {
                return new Round(number, Chaos.SCALE_MASTERS_OUT_AND_IN, String.join("; then ", details), interruptions,
                        midMove, Optional.empty(), "not healthy and balanced with " + to + " masters: " + check(sandbox.pods()));
            }
        }
        return new Round(number, Chaos.SCALE_MASTERS_OUT_AND_IN, String.join("; then ", details), interruptions, midMove,
                Optional.of(Duration.between(start, Instant.now())), "healthy");
    }

    /**
     * Polls until the pods are all Ready and as wanted and the cluster passes every check and is as wanted; empty
     * after the deadline.
     */
    private Optional<ClusterCheck.Snapshot> healthyWithin(Predicate<List<SandboxPod>> podsAsWanted,
            Predicate<ClusterCheck.Snapshot> clusterAsWanted) {
        Instant deadline = Instant.now().plus(healDeadline);
        while (Instant.now().isBefore(deadline)) {
            List<SandboxPod> now = sandbox.pods();
            if (ClusterCheck.podsReady(now, masters, replicasPerMaster, podsAsWanted)) {
                ClusterCheck.Snapshot snapshot = check(now);
                if (snapshot.healthy() && clusterAsWanted.test(snapshot)) {
                    return Optional.of(snapshot);
                }
            }
            pause();
        }
        return Optional.empty();
    }

    private ClusterCheck.Snapshot check(List<SandboxPod> pods) {
        ClusterCheck.Snapshot snapshot = ClusterCheck.take(redis, PORT, pods, masters, replicasPerMaster);
        snapshot.nodes().forEach(node -> node.view().stream().filter(ClusterNode::ownsSlots)
                .forEach(line -> slotOwnersSeen.add(line.id())));
        return snapshot;
    }

    /**
     * Among the soak's actions: FLUSH*, CLUSTER RESET (but the SOFT reset of a replica-reset step on a pod a scale-in
     * removed) or FLUSHSLOTS, SHUTDOWN, and CLUSTER FORGET of a NodeId ever seen owning slots (but for a master a scale-in removed, after its spec edit); and a log that dropped actions meanwhile, since what it dropped cannot be audited.
     */
    private List<String> forbidden(Optional<List<ActionLog.Action>> audited) {
        if (audited.isEmpty()) {
            return List.of("the action log dropped actions of the soak (it keeps the newest only): the audit is incomplete");
        }
        List<String> forbidden = new ArrayList<>();
        for (ActionLog.Action action : audited.get()) {
            List<String> args = action.command().args().stream().map(arg -> arg.toUpperCase(Locale.ROOT)).toList();
            // The one reset allowed (ReplicaReset): SOFT, of a pod a scale-in removed that came back as a replica.
            boolean replicaReset = args.equals(List.of("CLUSTER", "RESET", "SOFT"))
                    && action.kind() == TopologyStep.Kind.RESET_REPLICA && podsRemovedByScaleIn.contains(action.command().pod());
            boolean destroys = args.get(0).startsWith("FLUSH") || args.get(0).equals("SHUTDOWN")
                    || args.size() > 1 && args.get(0).equals("CLUSTER") && !replicaReset
                            && (args.get(1).equals("RESET") || args.get(1).equals("FLUSHSLOTS"));
            String forgotten = isForget(action) ? action.command().args().get(2) : "";
            boolean removedByScaleIn = removedBySpec.containsKey(forgotten) && action.at().isAfter(removedBySpec.get(forgotten));
            boolean forgetsOwner = isForget(action) && slotOwnersSeen.contains(forgotten) && !removedByScaleIn;
            if (destroys || forgetsOwner) {
                forbidden.add(action.toString());
            }
        }
        return forbidden;
    }

    private static boolean isForget(ActionLog.Action action) {
        List<String> args = action.command().args();
        return args.size() > 2 && args.get(0).equalsIgnoreCase("CLUSTER") && args.get(1).equalsIgnoreCase("FORGET");
    }

    /** Between two polls of the cluster. */
    static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
