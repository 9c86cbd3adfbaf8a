package io.github.rediscluster.reconciler.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Blocking one-shot Redis commands for tests (Vert.x Redis client, RESP2 so replies have one shape on 6.2 and
 * 7.0): one connection per call, closed after it, with a short timeout.
 */
public final class RedisCalls implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final Optional<String> password;
    private final Optional<NetClientOptions> tls;
    private Optional<String> user = Optional.empty();

    /** Without a password. */
    public RedisCalls() {
        this(Optional.empty());
    }

    /** Every connection authenticates with {@code password} when given. */
    public RedisCalls(Optional<String> password) {
        this(password, Optional.empty());
    }

    /** As {@link #RedisCalls(Optional)}; with {@code tls} (see {@link TlsClient}) every connection is TLS. */
    public RedisCalls(Optional<String> password, Optional<NetClientOptions> tls) {
        this.password = password;
        this.tls = tls;
    }

    /** Every connection authenticates as the ACL user {@code user} (AUTH user password). */
    public static RedisCalls asUser(String user, String password) {
        RedisCalls calls = new RedisCalls(Optional.of(password));
        calls.user = Optional.of(user);
        return calls;
    }

    /** The reply as text: a status, bulk or number as is, an array as its elements joined by newlines. */
    public String call(String ip, int port, String command, String... args) throws Exception {
        List<String> request = new ArrayList<>(List.of(command));
        request.addAll(List.of(args));
        return batch(ip, port, List.of(request)).get(0);
    }

    /** The replies, as {@link #call} gives them, of commands sent in one round trip on one connection. */
    public List<String> batch(String ip, int port, List<List<String>> commands) throws Exception {
        RedisOptions options = new RedisOptions()
                .setConnectionString((tls.isPresent() ? "rediss://" : "redis://")
                        // user:password, both: a user info without a colon is taken as the password alone.
                        + user.map(name -> name + ":" + password.orElseThrow() + "@").orElse("") + ip + ":" + port)
                .setPreferredProtocolVersion(io.vertx.redis.client.ProtocolVersion.RESP2);
        password.filter(secret -> user.isEmpty()).ifPresent(options::setPassword);
        tls.ifPresent(netOptions -> options.setNetClientOptions(new NetClientOptions(netOptions)));
        Redis redis = Redis.createClient(vertx, options);
        try {
            List<Request> requests = new ArrayList<>();
            for (List<String> command : commands) {
                Request request = Request.cmd(Command.create(command.get(0)));
                command.subList(1, command.size()).forEach(request::arg);
                requests.add(request);
            }
            List<Response> responses = redis.batch(requests).toCompletionStage().toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            return responses.stream().map(RedisCalls::text).toList();
        } finally {
            redis.close();
        }
    }

    /** True when the server answers PONG now; false when it cannot be reached. */
    public boolean pings(String ip, int port) {
        try {
            return "PONG".equals(call(ip, port, "PING"));
        } catch (Exception e) {
            return false;
        }
    }

    private static String text(Response response) {
        if (response == null) {
            return null;
        }
        if (response.type() == ResponseType.MULTI) {
            List<String> parts = new ArrayList<>();
            response.forEach(element -> parts.add(text(element)));
            return String.join("\n", parts);
        }
        return response.toString();
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
