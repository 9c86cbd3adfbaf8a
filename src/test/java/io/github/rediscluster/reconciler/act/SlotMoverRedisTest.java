package io.github.rediscluster.reconciler.act;

import io.github.rediscluster.reconciler.leader.Fence;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.plan.SlotMove;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import io.github.rediscluster.reconciler.redis.RedisConnections;
import io.github.rediscluster.reconciler.redis.RedisCredentials;
import io.github.rediscluster.reconciler.redis.RedisPassword;
import io.github.rediscluster.reconciler.redis.RedisSession;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.LoopbackRedisCluster;
import io.github.rediscluster.reconciler.testing.PasswordLeaks;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The slot mover against real cluster-enabled redis-servers: three masters on loopback addresses, keys written into
 * one slot of the first, moved to the second; the third is told the new owner. Every test reads the keys back.
 * Tagged e2e: it starts redis-servers (run it under the e2e lock), on 6.2 and again on 7.0 in CI.
 */
@Tag("e2e")
@Tag("redis7")
class SlotMoverRedisTest {

    private static final int SOURCE = 0;
    private static final int TARGET = 1;
    private static final int OTHER = 2;
    private static final String PASSWORD = "s3cret-Migrate-pass";

    private final Vertx vertx = Vertx.vertx();
    private final Map<Integer, String> tags = new HashMap<>();
    private LoopbackRedisCluster cluster;
    private Optional<RedisCredentials> credentials;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private void start(Optional<String> password) throws Exception {
        cluster = LoopbackRedisCluster.start(3, password);
        credentials = password.map(secret -> new RedisCredentials("Secret test/redis-auth, key password", RedisPassword.of(secret)));
    }

    @Test
    void movesTheKeysInBatchesThenSetsTheOwnerOnTheTargetTheSourceAndTheOthers() throws Exception {
        start(Optional.empty());
        int slot = slotOf(SOURCE, "alpha");
        List<String> keys = write(SOURCE, "alpha", 250, "value-");

        StepOutcome outcome = move(slot, limits(20_000), Fence.OPEN);

        assertThat(outcome.failures()).isEmpty();
        assertThat(outcome.moved()).isEqualTo(new StepOutcome.MoveProgress(1, 250, List.of(), StepOutcome.Pause.NONE));
        assertMovedIntact(slot, keys, "value-");
        assertThat(outcome.sent()).extracting(command -> command.pod() + " " + String.join(" ", command.args().subList(0, 5)))
                .containsExactly(
                        "redis-app-1 CLUSTER SETSLOT " + slot + " IMPORTING " + cluster.id(SOURCE),
                        "redis-app-0 CLUSTER SETSLOT " + slot + " MIGRATING " + cluster.id(TARGET),
                        "redis-app-0 MIGRATE " + cluster.ip(TARGET) + " " + cluster.port() + " \"\" 0",
                        "redis-app-0 MIGRATE " + cluster.ip(TARGET) + " " + cluster.port() + " \"\" 0",
                        "redis-app-0 MIGRATE " + cluster.ip(TARGET) + " " + cluster.port() + " \"\" 0",
                        "redis-app-1 CLUSTER SETSLOT " + slot + " NODE " + cluster.id(TARGET),
                        "redis-app-0 CLUSTER SETSLOT " + slot + " NODE " + cluster.id(TARGET),
                        "redis-app-2 CLUSTER SETSLOT " + slot + " NODE " + cluster.id(TARGET));
        assertThat(outcome.sent().get(2).args()).as("100 keys per MIGRATE: 100, 100, then 50")
                .endsWith("KEYS", "(100 keys of " + slot + ")");
        assertThat(outcome.sent().get(4).args()).endsWith("KEYS", "(50 keys of " + slot + ")");
    }

    @Test
    void aMoveCutShortByTheKeyBudgetStaysOpenAndTheNextPassFinishesIt() throws Exception {
        start(Optional.empty());
        int slot = slotOf(SOURCE, "beta");
        List<String> keys = write(SOURCE, "beta", 250, "value-");

        StepOutcome first = move(slot, limits(120), Fence.OPEN);

        assertThat(first.failures()).isEmpty();
        assertThat(first.moved()).isEqualTo(new StepOutcome.MoveProgress(0, 120, List.of(slot), StepOutcome.Pause.KEY_BUDGET));
        assertThat(cluster.myselfLine(SOURCE)).contains("[" + slot + "->-" + cluster.id(TARGET) + "]");
        assertThat(cluster.myselfLine(TARGET)).contains("[" + slot + "-<-" + cluster.id(SOURCE) + "]");
        assertThat(count(SOURCE, slot) + count(TARGET, slot)).isEqualTo(250);

        StepOutcome second = move(slot, limits(20_000), Fence.OPEN);

        assertThat(second.failures()).isEmpty();
        assertThat(second.moved()).isEqualTo(new StepOutcome.MoveProgress(1, 130, List.of(), StepOutcome.Pause.NONE));
        assertMovedIntact(slot, keys, "value-");
    }

    /**
     * The target is stopped (as a pod is deleted: SIGTERM, its append-only file flushed) while the second round of
     * batches is on its way, and is down for sure before the third; then it starts again with its data directory.
     */
    @Test
    void aTargetThatRestartsMidMoveLosesNothingAndTheNextPassFinishes() throws Exception {
        start(Optional.empty());
        int slot = slotOf(SOURCE, "gamma");
        String value = "v".repeat(100 << 10);
        List<String> keys = write(SOURCE, "gamma", 250, value);
        AtomicInteger asked = new AtomicInteger();
        CompletableFuture<Void> stopping = new CompletableFuture<>();
        // Asked before the chunk, then before each round of batches (100 keys each).
        Fence stopsTheTarget = () -> {
            int call = asked.incrementAndGet();
            if (call == 3) {
                CompletableFuture.runAsync(this::stopTarget).whenComplete((done, error) -> stopping.complete(null));
            } else if (call == 4) {
                stopping.join();
            }
            return Optional.empty();
        };

        StepOutcome cut = move(slot, limits(20_000), stopsTheTarget);
        cluster.start(TARGET);
        cluster.awaitOk();

        assertThat(cut.failures()).as("the MIGRATEs to the stopped target").isNotEmpty();
        assertThat(cut.moved().slotsMoved()).isZero();
        assertThat(count(SOURCE, slot) + count(TARGET, slot)).as("every key on one side or the other").isGreaterThanOrEqualTo(250);
        StepOutcome resumed = move(slot, limits(20_000), Fence.OPEN);

        assertThat(resumed.failures()).isEmpty();
        assertThat(resumed.moved().slotsMoved()).isEqualTo(1);
        assertMovedIntact(slot, keys, value);
    }

    private void stopTarget() {
        try {
            cluster.stop(TARGET);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A MIGRATE that timed out after its keys arrived leaves a copy on both sides. While the source still migrates the
     * slot its copy is the live one (here changed since): the mover replaces the target's copy with it.
     */
    @Test
    void keysOnBothSidesAreReplacedByTheSourcesCopyWhileTheSourceStillMigratesTheSlot() throws Exception {
        start(Optional.empty());
        int slot = slotOf(SOURCE, "delta");
        List<String> keys = write(SOURCE, "delta", 10, "value-");
        cluster.call(TARGET, "CLUSTER", "SETSLOT", String.valueOf(slot), "IMPORTING", cluster.id(SOURCE));
        cluster.call(SOURCE, "CLUSTER", "SETSLOT", String.valueOf(slot), "MIGRATING", cluster.id(TARGET));
        cluster.call(SOURCE, "MIGRATE", cluster.ip(TARGET), String.valueOf(cluster.port()), "", "0", "2000", "COPY", "KEYS",
                keys.get(0), keys.get(1));
        cluster.call(SOURCE, "SET", keys.get(0), "changed-on-the-source");

        StepOutcome outcome = move(slot, limits(20_000), Fence.OPEN);

        assertThat(outcome.failures()).isEmpty();
        assertThat(outcome.sent()).anySatisfy(command -> assertThat(command.args()).contains("MIGRATE", "REPLACE"));
        assertThat(count(SOURCE, slot)).isZero();
        assertThat(cluster.call(TARGET, "GET", keys.get(0))).isEqualTo("changed-on-the-source");
        assertThat(cluster.call(TARGET, "GET", keys.get(1))).isEqualTo("value-1");
        assertThat(count(TARGET, slot)).isEqualTo(10);
        assertOwnedByTargetEverywhere(slot);
    }

    @Test
    void withAuthOnMigrateCarriesThePasswordWhichNoOutcomeShows() throws Exception {
        start(Optional.of(PASSWORD));
        int slot = slotOf(SOURCE, "epsilon");
        List<String> keys = write(SOURCE, "epsilon", 150, "value-");

        StepOutcome outcome = move(slot, limits(20_000), Fence.OPEN);

        assertThat(outcome.failures()).isEmpty();
        assertMovedIntact(slot, keys, "value-");
        assertThat(outcome.sent()).filteredOn(command -> command.args().get(0).equals("MIGRATE"))
                .allSatisfy(command -> assertThat(command.args()).containsSequence("AUTH", "***"));
        ActionLog log = new ActionLog();
        log.record(Instant.now(), List.of(outcome));
        PasswordLeaks.assertAbsentFromAll(PASSWORD, "the action log", log.actions().stream().map(Object::toString).toList());
        PasswordLeaks.assertAbsent(PASSWORD, "the outcome", outcome.toString());
    }

    @Test
    void valuesOfOneMegabyteMoveInBatchesBoundedByBytes() throws Exception {
        start(Optional.empty());
        int slot = slotOf(SOURCE, "zeta");
        List<String> keys = write(SOURCE, "zeta", 40, megabyte("z"));
        long migratesBefore = migrateCalls(SOURCE);

        long started = System.nanoTime();
        StepOutcome outcome = move(slot, limits(20_000), Fence.OPEN);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(outcome.failures()).isEmpty();
        assertMovedIntact(slot, keys, megabyte("z"));
        // A value of 1 MiB takes a little more than 1 MiB of memory: three fit in the 4 MiB of a batch, not four.
        assertThat(migrateCalls(SOURCE) - migratesBefore).as("MIGRATE calls for 40 keys of 1 MiB").isEqualTo(14);
        System.out.printf("SlotMoverRedisTest: 1 slot with 40 keys of 1 MiB moved in %d ms (redis-server %s)%n", millis,
                cluster.version());
    }

    /** Fencing: a pass that may no longer write leaves the slot open and sets no owner; the next leader finishes. */
    @Test
    void aFenceBreachedMidMoveLeavesTheSlotOpenForTheNextLeader() throws Exception {
        start(Optional.empty());
        int slot = slotOf(SOURCE, "eta");
        List<String> keys = write(SOURCE, "eta", 250, "value-");
        AtomicInteger asked = new AtomicInteger();
        // Open: asked before the chunk and before the first batch; breached from the second batch on.
        Fence lostAfterOneBatch = () -> asked.incrementAndGet() > 2 ? Optional.of("the Lease runs out") : Optional.empty();

        StepOutcome fenced = move(slot, limits(20_000), lostAfterOneBatch);

        assertThat(fenced.failures()).isEmpty();
        assertThat(fenced.moved()).isEqualTo(new StepOutcome.MoveProgress(0, 100, List.of(slot), StepOutcome.Pause.FENCED));
        assertThat(fenced.sent()).noneSatisfy(command -> assertThat(command.args()).contains("NODE"));
        assertThat(cluster.myselfLine(SOURCE)).contains("[" + slot + "->-" + cluster.id(TARGET) + "]");

        StepOutcome next = move(slot, limits(20_000), Fence.OPEN);

        assertThat(next.moved().slotsMoved()).isEqualTo(1);
        assertMovedIntact(slot, keys, "value-");
    }

    private StepOutcome move(int slot, ClusterSpec.Resharding limits, Fence fence) {
        SlotMove move = new SlotMove(cluster.pod(SOURCE), cluster.id(SOURCE), cluster.pod(TARGET), cluster.id(TARGET),
                List.of(slot), List.of(cluster.pod(OTHER)), false);
        // One session per move, as one per pass.
        try (RedisSession session = new RedisConnections(vertx, Duration.ofSeconds(1), Duration.ofSeconds(2))
                .open(cluster.port(), credentials)) {
            return SlotMover.execute(session, TopologyStep.move(move, "test"), limits, new MoveBudget(limits.keysPerPass()), fence);
        }
    }

    private static ClusterSpec.Resharding limits(int keysPerPass) {
        return new ClusterSpec.Resharding(1024, keysPerPass, Duration.ofSeconds(2));
    }

    /** The slot of a hash tag made of {@code tag} that the node owns: keys are written as {@code {tag-n}:i}. */
    private int slotOf(int node, String tag) {
        String line = cluster.myselfLine(node);
        for (int n = 0; ; n++) {
            int slot = Integer.parseInt(cluster.call(node, "CLUSTER", "KEYSLOT", "{" + tag + "-" + n + "}"));
            if (owns(line, slot)) {
                tags.put(slot, tag + "-" + n);
                return slot;
            }
        }
    }

    private static boolean owns(String line, int slot) {
        Matcher range = Pattern.compile(" (\\d+)-(\\d+)").matcher(line);
        while (range.find()) {
            if (Integer.parseInt(range.group(1)) <= slot && slot <= Integer.parseInt(range.group(2))) {
                return true;
            }
        }
        return false;
    }

    private List<String> write(int node, String name, int count, String valuePrefix) {
        String tag = tags.values().stream().filter(found -> found.startsWith(name + "-")).findFirst().orElseThrow();
        List<String> keys = new ArrayList<>();
        List<List<String>> sets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add("{" + tag + "}:" + i);
            sets.add(List.of("SET", keys.get(i), valuePrefix + i));
            if (sets.size() == 20 || i == count - 1) {
                cluster.batch(node, sets);
                sets.clear();
            }
        }
        return keys;
    }

    private static String megabyte(String fill) {
        return fill.repeat(1 << 20);
    }

    private long count(int node, int slot) {
        return Long.parseLong(cluster.call(node, "CLUSTER", "COUNTKEYSINSLOT", String.valueOf(slot)));
    }

    private long migrateCalls(int node) {
        Matcher calls = Pattern.compile("cmdstat_migrate:calls=(\\d+)").matcher(cluster.call(node, "INFO", "commandstats"));
        return calls.find() ? Long.parseLong(calls.group(1)) : 0;
    }

    /** Every key on the target with its value, none left on the source, the target the owner in every view, no slot open. */
    private void assertMovedIntact(int slot, List<String> keys, String valuePrefix) {
        assertThat(count(SOURCE, slot)).as("keys left on the source").isZero();
        assertThat(count(TARGET, slot)).as("keys on the target").isEqualTo(keys.size());
        for (int i = 0; i < keys.size(); i += 25) {
            List<List<String>> gets = keys.subList(i, Math.min(keys.size(), i + 25)).stream().map(key -> List.of("GET", key)).toList();
            List<String> values = cluster.batch(TARGET, gets);
            for (int j = 0; j < values.size(); j++) {
                assertThat(values.get(j)).as("value of " + keys.get(i + j)).isEqualTo(valuePrefix + (i + j));
            }
        }
        assertOwnedByTargetEverywhere(slot);
    }

    private void assertOwnedByTargetEverywhere(int slot) {
        for (int node = 0; node < 3; node++) {
            int viewer = node;
            String nodes = cluster.call(viewer, "CLUSTER", "NODES");
            assertThat(nodes).as("no slot open on node " + viewer).doesNotContain("->-").doesNotContain("-<-");
            String targetLine = nodes.lines().filter(line -> line.startsWith(cluster.id(TARGET))).findFirst().orElseThrow();
            assertThat(owns(targetLine, slot) || targetLine.matches(".* " + slot + "( .*)?$"))
                    .as("node " + viewer + " sees the target own " + slot + ": " + targetLine).isTrue();
        }
    }
}
