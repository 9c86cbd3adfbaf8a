package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisPod;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Slots left open by a move that a fault cut short (issue 16): no key is lost or stranded, whatever failed. Each
 * scenario from literal CLUSTER NODES texts and key counts, in both directions (a move toward a higher and toward a
 * lower ordinal). Two masters, redis-app-0 (0-8191) and redis-app-1 (8192-16383), unless told otherwise.
 */
class OpenSlotsTest {

    /** What a pod whose redis-server holds keys answers (DBSIZE), here always some. */
    private static final long SOME_KEYS = 1000;

    private static ObservedPod holding(int ordinal, String nodes) {
        return pod(ordinal, ip(ordinal), nodes, "ok", SOME_KEYS);
    }

    private static ObservedPod withoutIp(int ordinal) {
        return ObservedPod.unreached(new RedisPod("redis-app-" + ordinal, ordinal, "", "n" + (ordinal % 3 + 1)), "no pod IP yet");
    }

    private static StageResult settle(int masters, int replicas, List<ObservedPod> pods, Map<Integer, Map<String, Long>> keys) {
        return new SettleSlots().decide(facts(spec(masters, replicas), pods, keys, Set.of()), PlanSoFar.NOTHING);
    }

    private static String moveOf(StageResult result) {
        assertThat(result.steps()).as("steps").singleElement().extracting(TopologyStep::kind).isEqualTo(TopologyStep.Kind.MOVE_SLOTS);
        return result.steps().get(0).move().orElseThrow().toString();
    }

    // ---- a leaving pod without an IP mid-move ----

    /**
     * Scaling 3 -> 2 masters: redis-app-2 (leaving) was giving slot 16383 to redis-app-0 when it was deleted; for a
     * moment it has no IP. redis-app-0 imports and holds some keys; every view still lists redis-app-2 as the owner.
     * Setting the owner now would make redis-app-2 drop the keys it had not moved when it comes back.
     */
    @Test
    void aSlotWhoseListedOwnerHasNoIpIsLeftAloneAndReported() {
        String seen = nodes(master(0, "0-5460"), master(1, "5461-10922"), master(2, "10923-16383"));
        String importer = nodes(master(0, "0-5460 [16383-<-" + ID[2] + "]"), master(1, "5461-10922"), master(2, "10923-16383"));

        StageResult result = settle(2, 0, List.of(holding(0, importer), holding(1, seen), withoutIp(2)),
                Map.of(16383, Map.of(ID[0], 40L)));

        assertThat(result.steps()).isEmpty();
        assertThat(result.waits()).contains(new Wait(WaitReason.SLOT_OPEN_OWNER_SILENT, "slot 16383", "node dc4320fd"));
        assertThat(result.refusals()).isEmpty();
        assertThat(result.laterStagesRun()).isFalse();
    }

    /** The same pod back with its keys: the move goes on from it, never a SETSLOT NODE over its keys. */
    @Test
    void theLeavingPodBackWithKeysHasTheMoveResumedFromIt() {
        String seen = nodes(master(0, "0-5460"), master(1, "5461-10922"), master(2, "10923-16383"));
        String importer = nodes(master(0, "0-5460 [16383-<-" + ID[2] + "]"), master(1, "5461-10922"), master(2, "10923-16383"));
        String source = nodes(master(0, "0-5460"), master(1, "5461-10922"), master(2, "10923-16383 [16383->-" + ID[0] + "]"));

        StageResult result = settle(2, 0, List.of(holding(0, importer), holding(1, seen), holding(2, source)),
                Map.of(16383, Map.of(ID[0], 40L, ID[2], 60L)));

        assertThat(moveOf(result)).isEqualTo("1 slot(s) 16383 from redis-app-2 to redis-app-0");
    }

    /**
     * The leaving pod had given the slot away (the last slots of a source are given away by the source first) and
     * answers again with no key in it: only now is the owner set, on the importer and every other master.
     */
    @Test
    void theOwnerIsSetOnlyOnceTheListedOwnerAnswersWithNoKeyInTheSlot() {
        String seen = nodes(master(0, "0-5460"), master(1, "5461-10922"), master(2, "10923-16383"));
        String importer = nodes(master(0, "0-5460 [16383-<-" + ID[2] + "]"), master(1, "5461-10922"), master(2, "10923-16383"));
        String gaveAway = nodes(master(0, "0-5460 16383"), master(1, "5461-10922"), master(2, "10923-16382"));

        StageResult result = settle(2, 0, List.of(holding(0, importer), holding(1, seen), holding(2, gaveAway)),
                Map.of(16383, Map.of(ID[0], 100L, ID[2], 0L)));

        assertThat(commands(result)).containsExactly("redis-app-0: CLUSTER SETSLOT 16383 NODE " + ID[0],
                "redis-app-1: CLUSTER SETSLOT 16383 NODE " + ID[0], "redis-app-2: CLUSTER SETSLOT 16383 NODE " + ID[0]);
    }

    /** The listed owner answers but still holds keys of the slot: no owner is set (it would drop them). */
    @Test
    void noOwnerIsSetWhileTheListedOwnerStillHoldsKeys() {
        String seen = nodes(master(0, "0-5460"), master(1, "5461-10922"), master(2, "10923-16383"));
        String importer = nodes(master(0, "0-5460 [16383-<-" + ID[2] + "]"), master(1, "5461-10922"), master(2, "10923-16383"));
        String gaveAwayWithKeys = nodes(master(0, "0-5460 16383"), master(1, "5461-10922"), master(2, "10923-16382"));

        StageResult result = settle(2, 0, List.of(holding(0, importer), holding(1, seen), holding(2, gaveAwayWithKeys)),
                Map.of(16383, Map.of(ID[0], 100L, ID[2], 3L)));

        assertThat(commands(result)).noneMatch(command -> command.contains(" NODE "));
        assertThat(result.refusals()).extracting(Refusal::reason).contains(RefusalReason.OPEN_SLOT_KEYS_ON_NON_OWNER);
    }

    // ---- the importing master failed over ----

    /**
     * redis-app-0 was giving slot 100 to redis-app-1, which failed over: redis-app-3, its replica, now serves
     * 8192-16383 and holds the 70 keys moved so far, without the IMPORTING mark; redis-app-1 came back as its replica.
     * Rolling back (STABLE on redis-app-0) would strand those 70 keys: the move is finished toward redis-app-3.
     */
    @Test
    void afterTheImportingMasterFailedOverTheMoveGoesOnTowardTheMasterHoldingTheKeys() {
        String after = nodes(master(0, "0-8191"), line(1, "slave", ID[3], ""), replica(2, 0), master(3, "8192-16383"));
        String source = nodes(master(0, "0-8191 [100->-" + ID[1] + "]"), line(1, "slave", ID[3], ""), replica(2, 0),
                master(3, "8192-16383"));

        StageResult result = settle(2, 1, List.of(holding(0, source), holding(1, after), holding(2, after), holding(3, after)),
                Map.of(100, Map.of(ID[0], 30L, ID[3], 70L)));

        assertThat(moveOf(result)).isEqualTo("1 slot(s) 100 from redis-app-0 to redis-app-3");
    }

    /** The other direction: slot 9000 from redis-app-1 to redis-app-0, whose replica redis-app-2 took over. */
    @Test
    void afterTheImportingMasterFailedOverTheMoveGoesOnTowardItsSuccessorInTheOtherDirectionToo() {
        String after = nodes(line(0, "slave", ID[2], ""), master(1, "8192-16383"), master(2, "0-8191"), replica(3, 1));
        String source = nodes(line(0, "slave", ID[2], ""), master(1, "8192-16383 [9000->-" + ID[0] + "]"), master(2, "0-8191"),
                replica(3, 1));

        StageResult result = settle(2, 1, List.of(holding(0, after), holding(1, source), holding(2, after), holding(3, after)),
                Map.of(9000, Map.of(ID[1], 20L, ID[2], 50L)));

        assertThat(moveOf(result)).isEqualTo("1 slot(s) 9000 from redis-app-1 to redis-app-2");
    }

    /** Keys of the slot on two masters that do not own it: nothing is rolled back or overwritten, a human decides. */
    @Test
    void keysOnTwoMastersThatDoNotOwnTheSlotAreLeftToAHuman() {
        String seen = nodes(master(0, "0-5460"), master(1, "5461-10922"), master(2, "10923-16383"));
        String source = nodes(master(0, "0-5460 [100->-" + ID[1] + "]"), master(1, "5461-10922"), master(2, "10923-16383"));

        StageResult result = settle(3, 0, List.of(holding(0, source), holding(1, seen), holding(2, seen)),
                Map.of(100, Map.of(ID[0], 10L, ID[1], 20L, ID[2], 5L)));

        assertThat(result.steps()).isEmpty();
        assertThat(result.refusals()).containsExactly(new Refusal(RefusalReason.OPEN_SLOT_KEYS_ON_NON_OWNER, "slot 100",
                "redis-app-1, redis-app-2, which all hold keys of it (redis-app-0 owns it)"));
    }

    // ---- the source failed over ----

    /**
     * redis-app-0 was giving slot 100 to redis-app-1 and failed over: redis-app-2 owns 0-8191 now, without the
     * MIGRATING mark, and holds the keys not moved yet; redis-app-1 still imports, from the old NodeId. The move goes
     * on from the new owner.
     */
    @Test
    void afterTheSourceFailedOverTheMoveGoesOnFromItsSuccessor() {
        String after = nodes(line(0, "slave", ID[2], ""), master(1, "8192-16383"), master(2, "0-8191"), replica(3, 1));
        String importer = nodes(line(0, "slave", ID[2], ""), master(1, "8192-16383 [100-<-" + ID[0] + "]"), master(2, "0-8191"),
                replica(3, 1));

        StageResult result = settle(2, 1, List.of(holding(0, after), holding(1, importer), holding(2, after), holding(3, after)),
                Map.of(100, Map.of(ID[1], 70L, ID[2], 30L)));

        assertThat(moveOf(result)).isEqualTo("1 slot(s) 100 from redis-app-2 to redis-app-1");
    }

    /** The other direction: slot 9000 from redis-app-1, which failed over to redis-app-3, to redis-app-0. */
    @Test
    void afterTheSourceFailedOverTheMoveGoesOnFromItsSuccessorInTheOtherDirectionToo() {
        String after = nodes(master(0, "0-8191"), line(1, "slave", ID[3], ""), replica(2, 0), master(3, "8192-16383"));
        String importer = nodes(master(0, "0-8191 [9000-<-" + ID[1] + "]"), line(1, "slave", ID[3], ""), replica(2, 0),
                master(3, "8192-16383"));

        StageResult result = settle(2, 1, List.of(holding(0, importer), holding(1, after), holding(2, after), holding(3, after)),
                Map.of(9000, Map.of(ID[0], 5L, ID[3], 95L)));

        assertThat(moveOf(result)).isEqualTo("1 slot(s) 9000 from redis-app-3 to redis-app-0");
    }

    /**
     * The source failed over before any key moved: the importer holds none, and neither does any other master but
     * the new owner (all counted), so the importer's side is rolled back.
     */
    @Test
    void afterTheSourceFailedOverBeforeAnyKeyMovedTheImportIsRolledBack() {
        String after = nodes(line(0, "slave", ID[2], ""), master(1, "8192-16383"), master(2, "0-8191"), replica(3, 1));
        String importer = nodes(line(0, "slave", ID[2], ""), master(1, "8192-16383 [100-<-" + ID[0] + "]"), master(2, "0-8191"),
                replica(3, 1));

        StageResult result = settle(2, 1, List.of(holding(0, after), holding(1, importer), holding(2, after), holding(3, after)),
                Map.of(100, Map.of(ID[1], 0L, ID[2], 100L)));

        assertThat(commands(result)).containsExactly("redis-app-1: CLUSTER SETSLOT 100 STABLE");
    }

    // ---- the source failed over while the importer cannot see the slot's owner (the soak's scale-in, issue 16) ----

    /**
     * Scaling 3 -> 2 masters: redis-app-4 (leaving) was giving slot 10923 to redis-app-0 and was deleted; its replica
     * redis-app-5 took over its slots by a failover, without the MIGRATING mark, and redis-app-4 came back as its
     * replica. redis-app-0 imports from the old NodeId and holds the 40 keys moved so far; since it imports, it
     * ignored redis-app-5's claim on that slot, and lost redis-app-4's when that turned replica: in its view nobody
     * owns 10923. Its import is closed so that it learns the owner, but only after the owner is set MIGRATING toward
     * it: a STABLE alone left those 40 keys on a master that does not own the slot, with no mark anywhere that
     * shows them (the soak found a master left without slots holding 106 such keys).
     */
    @Test
    void anImporterBlindAfterTheSourceFailedOverKeepsItsKeysVisible() {
        String after = nodes(master(0, "0-5460"), master(1, "5461-10922"), replica(2, 0), replica(3, 1),
                line(4, "slave", ID[5], ""), master(5, "10923-16383"));
        String importer = nodes(master(0, "0-5460 [10923-<-" + ID[4] + "]"), master(1, "5461-10922"), replica(2, 0),
                replica(3, 1), line(4, "slave", ID[5], ""), master(5, "10924-16383"));

        StageResult result = settle(2, 1, List.of(holding(0, importer), holding(1, after), holding(2, after), holding(3, after),
                holding(4, after), holding(5, after)), Map.of(10923, Map.of(ID[0], 40L, ID[5], 60L)));

        assertThat(commands(result)).containsExactly("redis-app-5: CLUSTER SETSLOT 10923 MIGRATING " + ID[0],
                "redis-app-0: CLUSTER SETSLOT 10923 STABLE");
        assertThat(result.refusals()).isEmpty();
    }

    /** The pass after: the owner migrates toward the node holding the moved keys, which now sees it: the move goes on. */
    @Test
    void thePassAfterFinishesTheMoveTowardTheFormerlyBlindImporter() {
        String after = nodes(master(0, "0-5460"), master(1, "5461-10922"), replica(2, 0), replica(3, 1),
                line(4, "slave", ID[5], ""), master(5, "10923-16383"));
        String owner = nodes(master(0, "0-5460"), master(1, "5461-10922"), replica(2, 0), replica(3, 1),
                line(4, "slave", ID[5], ""), master(5, "10923-16383 [10923->-" + ID[0] + "]"));

        StageResult result = settle(2, 1, List.of(holding(0, after), holding(1, after), holding(2, after), holding(3, after),
                holding(4, after), holding(5, owner)), Map.of(10923, Map.of(ID[0], 40L, ID[5], 60L)));

        assertThat(moveOf(result)).isEqualTo("1 slot(s) 10923 from redis-app-5 to redis-app-0");
    }

    /**
     * The other direction, scaling 2 -> 3 masters: the new master redis-app-4 imports slot 100 from redis-app-0, which
     * is killed past cluster-node-timeout; redis-app-3, its replica, takes over 0-5460 without the mark. redis-app-4
     * holds 30 moved keys and sees nobody owning slot 100.
     */
    @Test
    void aNewMasterBlindAfterItsSourceFailedOverKeepsItsKeysVisible() {
        String after = nodes(line(0, "slave", ID[3], ""), master(1, "5461-16383"), replica(2, 1), master(3, "0-5460"),
                master(4, ""), replica(5, 4));
        String importer = nodes(line(0, "slave", ID[3], ""), master(1, "5461-16383"), replica(2, 1), master(3, "0-99 101-5460"),
                master(4, "[100-<-" + ID[0] + "]"), replica(5, 4));

        StageResult result = settle(3, 1, List.of(holding(0, after), holding(1, after), holding(2, after), holding(3, after),
                holding(4, importer), holding(5, after)), Map.of(100, Map.of(ID[3], 70L, ID[4], 30L)));

        assertThat(commands(result)).containsExactly("redis-app-3: CLUSTER SETSLOT 100 MIGRATING " + ID[4],
                "redis-app-4: CLUSTER SETSLOT 100 STABLE");
    }

    // ---- healing keys already stranded on a master without slots ----

    /**
     * What the soak left: redis-app-4 (leaving) a master without slots holding 106 keys of slots 100 and 9000, which
     * redis-app-0 and redis-app-1 own, with no mark anywhere. They are marked importing on it, as redis-cli --cluster
     * fix does, so that they are counted and moved; nothing is dropped or refused.
     */
    @Test
    void keysAMasterWithoutSlotsHoldsInSlotsOthersOwnAreMarkedToBeMoved() {
        String seen = nodes(master(0, "0-8191"), master(1, "8192-16383"), replica(2, 0), replica(3, 1), master(4, ""), replica(5, 4));

        StageResult result = settle(2, 1, List.of(holding(0, seen), holding(1, seen), holding(2, seen), holding(3, seen),
                pod(4, ip(4), seen, "ok", 106), holding(5, seen)), Map.of(100, Map.of(ID[4], 60L), 9000, Map.of(ID[4], 46L, ID[1], 0L)));

        assertThat(commands(result)).containsExactly("redis-app-4: CLUSTER SETSLOT 100 IMPORTING " + ID[0],
                "redis-app-4: CLUSTER SETSLOT 9000 IMPORTING " + ID[1]);
        assertThat(result.steps()).extracting(TopologyStep::kind).containsExactly(TopologyStep.Kind.MARK_STRAY_KEYS);
        assertThat(result.refusals()).isEmpty();
    }

    /** The pass after: the slot is open, its keys counted on every master, and the move goes toward the keys' holder. */
    @Test
    void strayKeysMarkedImportingHaveTheirSlotMovedToThemWithTheOwnersCopiesWinning() {
        String seen = nodes(master(0, "0-8191"), master(1, "8192-16383"), replica(2, 0), replica(3, 1), master(4, ""), replica(5, 4));
        String marked = nodes(master(0, "0-8191"), master(1, "8192-16383"), replica(2, 0), replica(3, 1),
                master(4, "[100-<-" + ID[0] + "]"), replica(5, 4));

        StageResult result = settle(2, 1, List.of(holding(0, seen), holding(1, seen), holding(2, seen), holding(3, seen),
                pod(4, ip(4), marked, "ok", 60), holding(5, seen)), Map.of(100, Map.of(ID[4], 60L, ID[0], 12L)));

        assertThat(moveOf(result)).isEqualTo("1 slot(s) 100 from redis-app-0 to redis-app-4");
    }

    /**
     * What the soak of 2026-12-02 lost without this: redis-app-1's replica redis-app-3 was promoted while keys of slots
     * 4097-4140 were being moved into redis-app-1, and the source failed over too, so no mark was left. The observer
     * counted every slot on the promoted master: its keys in slot 4100, which redis-app-0 owns, are marked importing
     * from the owner; its own slots' keys are nobody's concern.
     */
    @Test
    void keysAPromotedMasterHoldsInSlotsAnotherMasterOwnsAreMarkedToBeMoved() {
        String seen = nodes(master(0, "0-8191"), replica(1, 3), replica(2, 0), master(3, "8192-16383"));

        StageResult result = settle(2, 1, List.of(holding(0, seen), holding(1, seen), holding(2, seen),
                pod(3, ip(3), seen, "ok", 50, "second_repl_offset", "8812")), Map.of(4100, Map.of(ID[3], 6L, ID[0], 0L),
                9000, Map.of(ID[3], 44L)));

        assertThat(commands(result)).containsExactly("redis-app-3: CLUSTER SETSLOT 4100 IMPORTING " + ID[0]);
        assertThat(result.steps()).extracting(TopologyStep::kind).containsExactly(TopologyStep.Kind.MARK_STRAY_KEYS);
    }
}
