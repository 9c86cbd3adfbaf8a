package io.github.rediscluster.reconciler.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rediscluster.reconciler.testing.StandaloneRedis;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every connection of a session sends AUTH first; against real redis-servers with and without a password. */
class RedisSessionAuthTest {

    private static final String PASSWORD = "Auth-Test-Password-4711";
    private static final RedisCredentials RIGHT = new RedisCredentials("Secret redis-test/redis-auth, key password",
            RedisPassword.of(PASSWORD));
    private static final RedisCredentials WRONG = new RedisCredentials("Secret redis-test/redis-auth, key password",
            RedisPassword.of("not-" + PASSWORD));

    private static final String USER_PASSWORD = "Reconciler-Test-Password-0815";
    private static final RedisCredentials AS_USER = new RedisCredentials(RIGHT.source(), RIGHT.password(), Optional.of(
            new RedisCredentials.AclUser("reconciler", "Secret redis-test/redis-auth-reconciler, key password",
                    RedisPassword.of(USER_PASSWORD))));

    private static Vertx vertx;
    private static StandaloneRedis protectedServer;
    private static StandaloneRedis openServer;
    /** Started as the pods are with redis-cluster.auth.reconciler-user: the default user's password and the ACL user. */
    private static StandaloneRedis withUser;

    @BeforeAll
    static void startServers() throws IOException {
        vertx = Vertx.vertx();
        protectedServer = StandaloneRedis.start("--requirepass", PASSWORD);
        openServer = StandaloneRedis.start();
        List<String> args = new java.util.ArrayList<>(List.of("--requirepass", PASSWORD, "--user", "reconciler", "reset", "on",
                ">" + USER_PASSWORD));
        args.addAll(ReconcilerCommands.aclRules());
        withUser = StandaloneRedis.start(args.toArray(String[]::new));
    }

    @AfterAll
    static void stopServers() {
        if (protectedServer != null) {
            protectedServer.close();
        }
        if (openServer != null) {
            openServer.close();
        }
        if (withUser != null) {
            withUser.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static RedisSession session(StandaloneRedis server, Optional<RedisCredentials> credentials) {
        return new RedisSession(vertx, server.port(), Duration.ofSeconds(1), Duration.ofSeconds(2), credentials);
    }

    @Test
    void withThePasswordAProtectedServerAnswersAndCountsAsProtected() {
        try (RedisSession session = session(protectedServer, Optional.of(RIGHT))) {
            assertThat(session.call(StandaloneRedis.IP, List.of("SET", "k", "v")).toString()).isEqualTo("OK");
            assertThat(session.call(StandaloneRedis.IP, List.of("GET", "k")).toString()).isEqualTo("v");
            assertThat(session.authByIp()).isEqualTo(Map.of(StandaloneRedis.IP, PodAuth.PROTECTED));
        }
    }

    /** A pod started before auth was turned on: "AUTH called without any password configured", and the pass goes on. */
    @Test
    void aServerWithoutPasswordIsStillReadAndCountsAsNotProtected() {
        try (RedisSession session = session(openServer, Optional.of(RIGHT))) {
            assertThat(session.call(StandaloneRedis.IP, List.of("PING")).toString()).isEqualTo("PONG");
            assertThat(session.authByIp()).isEqualTo(Map.of(StandaloneRedis.IP, PodAuth.NOT_PROTECTED));
        }
    }

    @Test
    void aWrongPasswordFailsNamingTheSecretAndKeyNeverAPassword() {
        try (RedisSession session = session(protectedServer, Optional.of(WRONG))) {
            assertThatThrownBy(() -> session.call(StandaloneRedis.IP, List.of("PING")))
                    .isInstanceOf(RedisCallException.class)
                    .hasMessageContaining("the password from Secret redis-test/redis-auth, key password was refused (WRONGPASS)")
                    .satisfies(failure -> assertThat(failure.getMessage()).doesNotContain(PASSWORD));
            assertThat(session.authByIp()).isEmpty();
        }
    }

    @Test
    void withoutCredentialsAProtectedServerSaysWhatIsMissing() {
        try (RedisSession session = session(protectedServer, Optional.empty())) {
            assertThatThrownBy(() -> session.call(StandaloneRedis.IP, List.of("PING")))
                    .hasMessageContaining("NOAUTH")
                    .hasMessageContaining("the spec names no redis-cluster.auth.secret");
        }
    }

    /** The pods' ACL user, as ReconcilerCommands makes it: the session runs as that user, and it may do nothing else. */
    @Test
    void withAReconcilerUserTheSessionRunsAsItAndRedisRefusesWhatIsNotOnTheList() {
        try (RedisSession session = session(withUser, Optional.of(AS_USER))) {
            assertThat(session.call(StandaloneRedis.IP, List.of("INFO", "server")).toString()).contains("redis_version");
            assertThat(session.authByIp()).isEqualTo(Map.of(StandaloneRedis.IP, PodAuth.AS_USER));
            assertThat(session.authFor(StandaloneRedis.IP)).hasValueSatisfying(auth -> {
                assertThat(auth.user()).contains("reconciler");
                assertThat(auth.password().reveal()).isEqualTo(USER_PASSWORD);
                assertThat(auth.toString()).isEqualTo("AUTH2 reconciler ***");
            });
            // This test session lets anything through: Redis itself refuses.
            for (List<String> refused : List.of(List.of("FLUSHALL"), List.of("GET", "k"), List.of("ACL", "SETUSER", "app", "on"),
                    List.of("CONFIG", "REWRITE"))) {
                assertThatThrownBy(() -> session.call(StandaloneRedis.IP, refused)).as("%s", refused).hasMessageContaining("NOPERM");
            }
        }
    }

    /** A pod started before the user was configured: WRONGPASS for the user, then the default user's password. */
    @Test
    void aServerThatDoesNotKnowTheUserIsReadAsTheDefaultUser() {
        try (RedisSession session = session(protectedServer, Optional.of(AS_USER))) {
            assertThat(session.call(StandaloneRedis.IP, List.of("SET", "k", "v")).toString()).isEqualTo("OK");
            assertThat(session.authByIp()).isEqualTo(Map.of(StandaloneRedis.IP, PodAuth.PROTECTED));
            assertThat(session.authFor(StandaloneRedis.IP)).hasValueSatisfying(auth -> assertThat(auth.user()).isEmpty());
        }
        try (RedisSession session = session(openServer, Optional.of(AS_USER))) {
            assertThat(session.call(StandaloneRedis.IP, List.of("PING")).toString()).isEqualTo("PONG");
            assertThat(session.authByIp()).isEqualTo(Map.of(StandaloneRedis.IP, PodAuth.NOT_PROTECTED));
            assertThat(session.authFor(StandaloneRedis.IP)).isEmpty();
        }
    }

    @Test
    void aPasswordNeverShowsInText() {
        assertThat(RedisPassword.of(PASSWORD)).hasToString("***");
        assertThat(RIGHT.toString()).doesNotContain(PASSWORD).contains("***");
        assertThat(RIGHT.password().reveal()).isEqualTo(PASSWORD);
        assertThat(AS_USER.toString()).doesNotContain(PASSWORD).doesNotContain(USER_PASSWORD);
    }
}
