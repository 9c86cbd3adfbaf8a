package io.github.rediscluster.reconciler.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rediscluster.reconciler.desired.RedisConfig;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.sim.SimCluster;
import io.github.rediscluster.reconciler.testing.sim.SimPass;
import io.github.rediscluster.reconciler.testing.sim.SimServers;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The one list of commands the reconciler sends ({@link ReconcilerCommands}) against what the code sends: the command
 * literals of the main sources, and what the reconciler sent to simulated nodes while forming, healing and growing a
 * cluster. Fails when the code sends a command the ACL user may not run, and when the list allows one it never sends.
 */
class ReconcilerCommandsTest {

    private static final Path MAIN = Path.of("src/main/java/io/github/rediscluster/reconciler");
    /** {@code "CLUSTER", "MEET"}: a command with its subcommand, as the code builds them. */
    private static final Pattern WITH_SUBCOMMAND = Pattern.compile("\"(CLUSTER|CONFIG|MEMORY)\",\\s*\"([A-Z-]+)\"");
    /** {@code Command.CLUSTER).arg("GETKEYSINSLOT")}: Vert.x requests built by hand. */
    private static final Pattern REQUEST = Pattern.compile("Command\\.([A-Z_]+)\\)(?:\\.arg\\(\"([A-Z-]+)\"\\))?");
    /** {@code List.of("ROLE")}, {@code List.of("INFO", ...)}: the first word of a command list. */
    private static final Pattern FIRST_WORD = Pattern.compile("List\\.of\\(\"([A-Z]{3,})\"[,)]");
    /** Words the scan finds that are no command: MIGRATE's {@code KEYS} argument, as the action log shows it. */
    private static final Set<String> NOT_COMMANDS = Set.of("KEYS");

    @Test
    void everyCommandTheSourcesBuildIsAllowedAndEveryAllowedOneIsBuiltSomewhere() throws IOException {
        List<List<String>> found = scanned();

        assertThat(found).as("the scan finds the commands at all").hasSizeGreaterThan(15);
        assertThat(found).as("commands built in the main sources that ReconcilerCommands does not allow")
                .allMatch(command -> command.size() == 1 ? prefixOfAllowed(command.get(0)) : ReconcilerCommands.allows(command));
        Set<String> built = new TreeSet<>();
        found.forEach(command -> built.add(String.join(" ", command)));
        List<String> listed = new ArrayList<>();
        ReconcilerCommands.CLUSTER.forEach(sub -> listed.add("CLUSTER " + sub));
        listed.addAll(ReconcilerCommands.SUBCOMMANDS);
        listed.addAll(ReconcilerCommands.COMMANDS);
        assertThat(built).as("allowed commands no source builds: take them off the list").containsAll(listed);
    }

    @Test
    void formingHealingAndGrowingASimulatedClusterSendsOnlyAllowedCommands() {
        Vertx vertx = Vertx.vertx();
        int port = SimServers.freePort();
        SimCluster cluster = new SimCluster(SimServers.ips(8, 21), "6.2.11");
        cluster.freshFrom(0);
        Set<String> sent = new TreeSet<>();
        try (SimServers servers = new SimServers(cluster, port, Duration.ZERO)) {
            ClusterSpec three = SimPass.spec(port, 3);
            cluster.configure(RedisConfig.tunable(three));
            steady(vertx, three, cluster, 6, sent);
            cluster.restartAll(SimServers.ips(8, 22));
            servers.relisten();
            steady(vertx, three, cluster, 6, sent);
            steady(vertx, SimPass.spec(port, 4), cluster, 8, sent);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }

        assertThat(sent).contains("CLUSTER MEET", "CLUSTER ADDSLOTS", "CLUSTER REPLICATE", "CLUSTER SETSLOT", "CONFIG GET");
        assertThat(sent).as("commands sent that ReconcilerCommands does not allow")
                .allMatch(command -> ReconcilerCommands.allows(Arrays.asList(command.split(" "))));
    }

    /** Passes on the first {@code pods} nodes until one plans nothing, every command they sent recorded. */
    private static void steady(Vertx vertx, ClusterSpec spec, SimCluster cluster, int pods, Set<String> sent) {
        for (int pass = 0; pass < 20; pass++) {
            cluster.resetCounts();
            SimPass run = SimPass.run(vertx, spec, SimPass.pods(cluster).subList(0, pods));
            sent.addAll(cluster.counts().keySet());
            assertThat(run.failures()).isEmpty();
            if (run.plan().converged()) {
                return;
            }
            cluster.settleGossip();
        }
        throw new AssertionError("not steady after 20 passes");
    }

    @Test
    void whatDestroysDataReadsValuesOrTouchesUsersIsNotAllowed() {
        for (String refused : List.of("FLUSHALL", "FLUSHDB", "SHUTDOWN", "CLUSTER FLUSHSLOTS",
                "CLUSTER DELSLOTS", "ACL SETUSER", "ACL DELUSER", "GET", "SET", "KEYS", "DEL", "CONFIG REWRITE", "DEBUG",
                "EVAL", "MODULE LOAD", "REPLICAOF", "SELECT", "RESTORE-ASKING")) {
            assertThat(ReconcilerCommands.allows(Arrays.asList(refused.split(" ")))).as(refused).isFalse();
        }
        assertThat(ReconcilerCommands.allows(List.of("cluster", "nodes"))).as("any letter case").isTrue();
        assertThat(ReconcilerCommands.allows(List.of("CLUSTER"))).as("CLUSTER alone").isFalse();
    }

    @Test
    void theAclRulesAreTheListsCommandsAndWhatAMigrateTargetRunsAsThatUser() {
        assertThat(String.join(" ", ReconcilerCommands.aclRules())).isEqualTo("~* resetchannels -@all"
                + " +cluster|myid +cluster|nodes +cluster|info +cluster|meet +cluster|addslots +cluster|addslotsrange"
                + " +cluster|set-config-epoch +cluster|replicate +cluster|failover +cluster|forget +cluster|setslot"
                + " +cluster|countkeysinslot +cluster|getkeysinslot +cluster|reset +config|get +config|set +memory|usage"
                + " +info +dbsize +role +migrate +select +restore-asking");
    }

    @Test
    void aSessionOfTheServiceRefusesACommandOffTheListBeforeSendingIt() {
        Vertx vertx = Vertx.vertx();
        try (RedisSession session = new RedisConnections(vertx, Duration.ofSeconds(1), Duration.ofSeconds(1))
                .open(SimServers.freePort())) {
            assertThatThrownBy(() -> session.batch("127.0.0.1", List.of(List.of("INFO"), List.of("FLUSHALL"))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("refusing to send FLUSHALL: not among the commands the reconciler sends"
                            + " (redis.ReconcilerCommands), which its ACL user is limited to");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    private static boolean prefixOfAllowed(String word) {
        return NOT_COMMANDS.contains(word) || ReconcilerCommands.CONNECTION.contains(word)
                || ReconcilerCommands.allows(List.of(word))
                || ReconcilerCommands.SUBCOMMANDS.stream().anyMatch(command -> command.startsWith(word + " "))
                || word.equals("CLUSTER");
    }

    /** Command literals of the main sources, but the list itself and the metrics (which only count commands). */
    private static List<List<String>> scanned() throws IOException {
        List<List<String>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> !path.endsWith("ReconcilerCommands.java") && !path.toString().contains("/metrics/")).toList()) {
                String source = Files.readString(file);
                collect(WITH_SUBCOMMAND.matcher(source), found);
                collect(REQUEST.matcher(source), found);
                collect(FIRST_WORD.matcher(source), found);
            }
        }
        found.removeIf(command -> command.size() == 1 && NOT_COMMANDS.contains(command.get(0)));
        return found;
    }

    private static void collect(Matcher matcher, List<List<String>> found) {
        while (matcher.find()) {
            String name = matcher.group(1).replace('_', '-');
            String sub = matcher.groupCount() > 1 ? matcher.group(2) : null;
            found.add(sub == null ? List.of(name) : List.of(name, sub));
        }
    }
}
