package io.github.rediscluster.reconciler.redis;

import io.vertx.core.buffer.Buffer;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One {@code MIGRATE host port "" 0 timeout [REPLACE] [AUTH password] KEYS key...}: keys of one slot moved from the
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

    /** The request; with {@code password}, AUTH is added (the only place it is ever revealed for MIGRATE). */
    Request request(Optional<RedisPassword> password) {
        Request request = Request.cmd(Command.MIGRATE).arg(targetIp).arg(port).arg("").arg(0).arg(timeout.toMillis());
        if (replace) {
            request.arg("REPLACE");
        }
        password.ifPresent(secret -> request.arg("AUTH").arg(secret.reveal()));
        request.arg("KEYS");
        keys.forEach(request::arg);
        return request;
    }

    /** The command as the action log shows it: the keys counted, the password as {@code ***}. */
    public List<String> describe(boolean withPassword, String slots) {
        List<String> shown = new ArrayList<>(List.of("MIGRATE", targetIp, String.valueOf(port), "\"\"", "0",
                String.valueOf(timeout.toMillis())));
        if (replace) {
            shown.add("REPLACE");
        }
        if (withPassword) {
            shown.addAll(List.of("AUTH", "***"));
        }
        shown.addAll(List.of("KEYS", "(" + keys.size() + " keys of " + slots + ")"));
        return shown;
    }

    @Override
    public String toString() {
        return "MIGRATE to " + HostPort.of(targetIp, port) + (replace ? " REPLACE" : "") + " of " + keys.size() + " keys";
    }
}
