package io.github.rediscluster.reconciler.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.util.Map;
import java.util.Optional;

/** The AUTH a {@link RedisSession} sends on each new connection, and what each pod answered to it. */
final class SessionAuth {

    private SessionAuth() {
    }

    /**
     * AUTH right after connecting, before any other command. With the reconciler's own ACL user, as that user first;
     * a pod that refuses it (WRONGPASS: it started before the user was configured, or with another password) is
     * authenticated as the default user, so that turning the user on rolls the pods without losing any of them. A pod
     * with no password configured (it started before auth was turned on) is still read and changed without one, and
     * counted as not protected yet; any other refusal fails the connection with a message that names where the
     * password came from, never the password.
     */
    static Future<RedisConnection> authenticate(String ip, RedisConnection connection, Optional<RedisCredentials> credentials,
            Map<String, PodAuth> authByIp) {
        if (credentials.isEmpty()) {
            return Future.succeededFuture(connection);
        }
        RedisCredentials with = credentials.get();
        if (with.user().isEmpty()) {
            return asDefaultUser(ip, connection, with, authByIp);
        }
        RedisCredentials.AclUser user = with.user().get();
        return connection.send(Request.cmd(Command.AUTH).arg(user.name()).arg(user.password().reveal()))
                .map(ok -> {
                    authByIp.put(ip, PodAuth.AS_USER);
                    return connection;
                })
                .recover(refusal -> String.valueOf(refusal.getMessage()).contains("WRONGPASS")
                        ? asDefaultUser(ip, connection, with, authByIp)
                        : refuse(connection, "AUTH as ACL user " + user.name() + " with the password from " + user.source()
                                + " failed: " + errorCode(String.valueOf(refusal.getMessage()))));
    }

    private static Future<RedisConnection> asDefaultUser(String ip, RedisConnection connection, RedisCredentials with,
            Map<String, PodAuth> authByIp) {
        return connection.send(Request.cmd(Command.AUTH).arg(with.password().reveal()))
                .map(ok -> {
                    authByIp.put(ip, PodAuth.PROTECTED);
                    return connection;
                })
                .recover(refusal -> {
                    String answer = String.valueOf(refusal.getMessage());
                    if (noPasswordConfigured(answer)) {
                        authByIp.put(ip, PodAuth.NOT_PROTECTED);
                        return Future.succeededFuture(connection);
                    }
                    return refuse(connection, refused(with, answer));
                });
    }

    private static Future<RedisConnection> refuse(RedisConnection connection, String message) {
        connection.close();
        return Future.failedFuture(new RedisAuthException(message));
    }

    /** Redis 6.0 to 7.x: "ERR AUTH <password> called without any password configured for the default user...". */
    static boolean noPasswordConfigured(String answer) {
        return answer.contains("without any password configured");
    }

    private static String refused(RedisCredentials with, String answer) {
        if (answer.contains("WRONGPASS")) {
            return "the password from " + with.source() + " was refused (WRONGPASS): this redis-server runs with another"
                    + " password (was the Secret changed? see docs/operations.md, Changing the password)";
        }
        return "AUTH with the password from " + with.source() + " failed: " + errorCode(answer);
    }

    /** Redis never repeats the password in an error; the first word (the error code) is enough to act on anyway. */
    private static String errorCode(String answer) {
        return answer.split(" ", 2)[0];
    }

}
