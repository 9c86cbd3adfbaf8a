package io.github.rediscluster.reconciler.redis;

import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One {@code MIGRATE host port "" 0 timeout [REPLACE] [AUTH password | AUTH2 user password] KEYS key...}: keys of one slot moved from the
 * node it is sent to onto the target. Key names are bytes, as GETKEYSINSLOT gave them (a key need not be UTF-8 text).
 *
 * @param targetIp the target's address, bare even when IPv6 (MIGRATE takes the host as an argument of its own)
 * @param timeout how long the source waits on the target for each read or write (MIGRATE's {@code timeout})
 * @param replace overwrite a key the target holds already: only where the target's copy cannot be newer
 */
public record Migration(String targetIp, int port, Duration timeout, boolean replace, List<Buffer> keys) {

    public Migration {
        keys = List.copyOf(keys);
    }

    /**
     * The request; with {@code auth}, AUTH (the default user) or AUTH2 (an ACL user) is added: the only place a password
     * is ever revealed for MIGRATE.
     */
    Request request(Optional<MigrateAuth> auth) {
        Request request = Request.cmd(Command.MIGRATE).arg(targetIp).arg(port).arg("").arg(0).arg(timeout.toMillis());
        if (replace) {
            request.arg("REPLACE");
        }
        auth.ifPresent(with -> {
            with.user().ifPresentOrElse(user -> request.arg("AUTH2").arg(user), () -> request.arg("AUTH"));
            request.arg(with.password().reveal());
        });
        request.arg("KEYS");
        keys.forEach(request::arg);
        return request;
    }

    /** The command as the action log shows it: the keys counted, the password as {@code ***}. */
    public List<String> describe(Optional<MigrateAuth> auth, String slots) {
        List<String> shown = new ArrayList<>(List.of("MIGRATE", targetIp, String.valueOf(port), "\"\"", "0",
                String.valueOf(timeout.toMillis())));
        if (replace) {
            shown.add("REPLACE");
        }
        auth.ifPresent(with -> shown.addAll(with.user().map(user -> List.of("AUTH2", user, "***")).orElse(List.of("AUTH", "***"))));
        shown.addAll(List.of("KEYS", "(" + keys.size() + " keys of " + slots + ")"));
        return shown;
    }

    @Override
    public String toString() {
        return "MIGRATE to " + HostPort.of(targetIp, port) + (replace ? " REPLACE" : "") + " of " + keys.size() + " keys";
    }

    /**
     * How the source authenticates to the target: as the user the reconciler's own connection to the target runs as.
     *
     * @param user the ACL user (AUTH2); empty for the default user (AUTH)
     */
    public record MigrateAuth(Optional<String> user, RedisPassword password) {

        @Override
        public String toString() {
            return user.map(name -> "AUTH2 " + name).orElse("AUTH") + " ***";
        }
    }
}
