package io.github.rediscluster.reconciler.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.sandbox.SandboxPod;
import io.github.rediscluster.reconciler.testing.LogCapture;
import io.github.rediscluster.reconciler.testing.PasswordLeaks;
import io.github.rediscluster.reconciler.testing.Poll;
import io.github.rediscluster.reconciler.testing.RealApiServer;
import io.github.rediscluster.reconciler.testing.RedisCalls;
import io.github.rediscluster.reconciler.testing.SandboxCluster;
import io.github.rediscluster.reconciler.testing.ScalingWatch;
import io.github.rediscluster.reconciler.testing.SpecFile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reconciler as its own ACL user ({@code redis-cluster.auth.reconciler-user}), on the embedded 6.2.11: its Secret made with a generated password, the cluster formed as that user; then the clients'
 * user (default) narrowed by the platform on every pod so that it can change no topology (no CLUSTER MEET/SETSLOT/...,
 * no MIGRATE, no CONFIG SET), and the reconciler still heals a restarted pod and grows the cluster 3 -> 4 masters with
 * keys (SETSLOT and MIGRATE on narrowed pods, AUTH2 to the target). The reconciler's user may run nothing else:
 * FLUSHALL, reading a key and ACL SETUSER/DELUSER of a client's user answer NOPERM.
 */
@Tag("e2e")
@WithKubernetesTestServer(setup = RealApiServer.class)
@QuarkusTest
class AclEndToEndTest {

    private static final String NS = SpecFile.NAMESPACE;
    private static final int PORT = 6379;
    private static final int KEYS = 500;
    private static final String USER = "reconciler";
    private static final String LINES = "redis-cluster.auth.secret=redis-auth\nredis-cluster.auth.reconciler-user=" + USER
            + "\nredis-cluster.reconcile.interval=1s\n";
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    /**
     * What a platform might leave the clients' user: everything but changing the cluster (the read-only CLUSTER
     * subcommands clients and this test use stay), MIGRATE and CONFIG SET. Redis 6.2 cannot take a subcommand away from
     * a command allowed whole, hence "-cluster" and "-config" with the allowed subcommands added back.
     */
    private static final List<String> NARROWED = List.of("ACL", "SETUSER", "default", "-cluster", "+cluster|info",
            "+cluster|nodes", "+cluster|myid", "+cluster|slots", "+cluster|keyslot", "+cluster|countkeysinslot",
            "-migrate", "-config", "+config|get");

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @RegisterExtension
    final SandboxCluster run = SandboxCluster.startedByTheTest();

    @Test
    void theReconcilerWorksAsItsOwnUserWhichMayRunNothingElse() throws Exception {
        try (LogCapture logs = LogCapture.start()) {
            run.startSandbox(SpecFile.CLASSIC + LINES);
            run.startLoop();
            String password = secretValue("redis-auth");
            String userPassword = secretValue("redis-auth-" + USER);
            assertThat(userPassword).matches("[A-Za-z0-9]{40}").isNotEqualTo(password);
            run.usePassword(password);
            RedisCalls clients = run.redis();
            ScalingWatch watch = new ScalingWatch(run, PORT, DEADLINE);
            try (RedisCalls asReconciler = RedisCalls.asUser(USER, userPassword)) {
                watch.awaitBalanced("formed by the reconciler as " + USER, 3, 1);
                for (SandboxPod pod : run.sandbox().pods()) {
                    assertThat(clients.call(pod.ip(), PORT, NARROWED.get(0), NARROWED.subList(1, NARROWED.size())
                            .toArray(String[]::new))).isEqualTo("OK");
                    assertThat(clients.call(pod.ip(), PORT, "ACL", "SETUSER", "app", "on", ">app-secret", "~app:*", "+@read"))
                            .isEqualTo("OK");
                }
                String narrowed = run.sandbox().pods().get(0).ip();
                assertThatThrownBy(() -> clients.call(narrowed, PORT, "CLUSTER", "MEET", "127.0.0.1", "1"))
                        .as("the clients' user may no longer change the cluster").hasMessageContaining("NOPERM");

                String restarted = run.sandbox().pods().get(1).name();
                run.sandbox().restartPod(restarted);
                watch.awaitBalanced("healed after " + restarted + " came back on a new IP", 3, 1);
                run.keys().write(watch.readyIps(), PORT, KEYS);
                SpecFile.write(SpecFile.withMasters(4) + LINES);
                watch.awaitBalanced("grown to 4 masters by " + USER + " (SETSLOT and MIGRATE on narrowed pods)", 4, 1);
                assertThat(run.keys().missing(watch.readyIps(), PORT, KEYS)).isEmpty();

                for (List<String> refused : List.of(List.of("FLUSHALL"), List.of("GET", "key:1"),
                        List.of("ACL", "SETUSER", "app", "+@all"), List.of("ACL", "DELUSER", "app"), List.of("CLUSTER", "FLUSHSLOTS"))) {
                    assertThatThrownBy(() -> asReconciler.call(narrowed, PORT, refused.get(0),
                            refused.subList(1, refused.size()).toArray(String[]::new)))
                            .as("%s as %s", refused, USER).hasMessageContaining("NOPERM");
                }
                assertThat(clients.call(narrowed, PORT, "ACL", "GETUSER", "app")).as("the client's user as it made it")
                        .contains("app:*").contains("-@all +@read");
                assertThat(asReconciler.call(narrowed, PORT, "CLUSTER", "INFO")).contains("cluster_state:ok");
                PasswordLeaks.assertAbsent(userPassword, "ACL LIST", clients.call(narrowed, PORT, "ACL", "LIST"));
            }
            run.stopLoop();
            assertThat(logs.lines()).as("no pass read a pod as the default user").noneMatch(line -> line.contains("refused ACL user"));
            PasswordLeaks.assertAbsentFromAll(userPassword, "a log line", logs.lines());
        }
    }

    private String secretValue(String name) {
        Secret secret = Poll.until("Secret " + name + " made by the service", DEADLINE,
                () -> client.secrets().inNamespace(NS).withName(name).get(), found -> found != null);
        return new String(Base64.getDecoder().decode(secret.getData().get("password")), StandardCharsets.UTF_8);
    }
}
