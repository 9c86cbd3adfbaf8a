package io.github.rediscluster.reconciler.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Connections to the redis-server pods for one pass: at most one per pod IP, made on first use with a short
 * connect timeout, every command bounded by the command timeout, all closed together. RESP2, so replies have
 * the same shape on every Redis version.
 */
public final class RedisSession implements AutoCloseable {

    private final Vertx vertx;
    private final int port;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final Optional<RedisCredentials> credentials;
    private final Consumer<List<String>> onSend;
    private final Map<String, Redis> clients = new HashMap<>();
    private final Map<String, Future<RedisConnection>> connections = new HashMap<>();
    /** Written on the event loop when AUTH answers, read by the pass. */
    private final Map<String, PodAuth> authByIp = new ConcurrentHashMap<>();

    RedisSession(Vertx vertx, int port, Duration connectTimeout, Duration commandTimeout,
            Optional<RedisCredentials> credentials) {
        this(vertx, port, connectTimeout, commandTimeout, credentials, command -> {
        });
    }

    /** @param onSend told of every command before it is sent (the command counter) */
    RedisSession(Vertx vertx, int port, Duration connectTimeout, Duration commandTimeout,
            Optional<RedisCredentials> credentials, Consumer<List<String>> onSend) {
        this.onSend = onSend;
        this.vertx = vertx;
        this.port = port;
        this.connectTimeout = connectTimeout;
        this.commandTimeout = commandTimeout;
        this.credentials = credentials;
    }

    /** What each pod connected to so far answered to AUTH, by pod IP; empty when the session has no password. */
    public Map<String, PodAuth> authByIp() {
        return Map.copyOf(authByIp);
    }

    public int port() {
        return port;
    }

    /** Sends the commands in one round trip (pipelined) and completes with their replies, in order. */
    public CompletableFuture<List<Response>> batch(String ip, List<List<String>> commands) {
        return batch(ip, commands, Duration.ZERO);
    }

    /** As {@link #batch(String, List)}, for commands that may take {@code longer} than the command timeout (MIGRATE). */
    public synchronized CompletableFuture<List<Response>> batch(String ip, List<List<String>> commands, Duration longer) {
        commands.forEach(onSend);
        List<Request> requests = commands.stream().map(RedisSession::request).toList();
        return connection(ip).compose(connection -> connection.batch(requests))
                .toCompletionStage().toCompletableFuture()
                .orTimeout(connectTimeout.plus(commandTimeout).plus(longer).toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends one command and waits for its reply; any failure comes back as a {@link RedisCallException}. */
    public Response call(String ip, List<String> command) {
        try {
            return batch(ip, List.of(command)).get().get(0);
        } catch (ExecutionException | CompletionException e) {
            throw failure(ip, command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisCallException(ip, port, command, "interrupted");
        }
    }

    /** A command's failure as an exception that names the command, the address and the reason. */
    public RedisCallException failure(String ip, List<String> command, Throwable failure) {
        return new RedisCallException(ip, port, command, describe(failure));
    }

    /** A failure as users read it: a timeout says how long was waited, a Redis error is its message. */
    public String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException || failure instanceof ExecutionException
                ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            return "no answer within " + connectTimeout.plus(commandTimeout).toMillis() + " ms";
        }
        String reason = cause == null ? "unknown failure" : cause.getMessage() == null ? cause.toString() : cause.getMessage();
        if (credentials.isEmpty() && reason.contains("NOAUTH")) {
            return reason + " (it requires a password, and the spec names no redis-cluster.auth.secret)";
        }
        return reason;
    }

    private Future<RedisConnection> connection(String ip) {
        Future<RedisConnection> existing = connections.get(ip);
        if (existing != null && !existing.failed()) {
            return existing;
        }
        Redis client = clients.computeIfAbsent(ip, address -> Redis.createClient(vertx, new RedisOptions()
                .setConnectionString("redis://" + address + ":" + port)
                .setPreferredProtocolVersion(ProtocolVersion.RESP2)
                .setMaxPoolSize(1)
                .setMaxPoolWaiting(1024)
                .setNetClientOptions(new NetClientOptions().setConnectTimeout((int) connectTimeout.toMillis()))));
        Future<RedisConnection> connection = client.connect().compose(connected -> authenticate(ip, connected));
        connections.put(ip, connection);
        return connection;
    }

    /**
     * AUTH right after connecting, before any other command. A pod with no password configured (it started before auth
     * was turned on) is still read and changed without one, and counted as not protected yet; any other refusal fails
     * the connection with a message that names where the password came from, never the password.
     */
    private Future<RedisConnection> authenticate(String ip, RedisConnection connection) {
        if (credentials.isEmpty()) {
            return Future.succeededFuture(connection);
        }
        RedisCredentials with = credentials.get();
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
                    connection.close();
                    return Future.failedFuture(new RedisAuthException(refused(with, answer)));
                });
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
        // Redis never repeats the password in an error; the first word (the error code) is enough to act on anyway.
        return "AUTH with the password from " + with.source() + " failed: " + answer.split(" ", 2)[0];
    }

    private static Request request(List<String> command) {
        Request request = Request.cmd(Command.create(command.get(0)));
        command.subList(1, command.size()).forEach(request::arg);
        return request;
    }

    @Override
    public synchronized void close() {
        List<Redis> all = new ArrayList<>(clients.values());
        connections.values().forEach(connection -> connection.onSuccess(RedisConnection::close));
        all.forEach(Redis::close);
        clients.clear();
        connections.clear();
    }
}
