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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
    private final Map<String, Redis> clients = new HashMap<>();
    private final Map<String, Future<RedisConnection>> connections = new HashMap<>();

    RedisSession(Vertx vertx, int port, Duration connectTimeout, Duration commandTimeout) {
        this.vertx = vertx;
        this.port = port;
        this.connectTimeout = connectTimeout;
        this.commandTimeout = commandTimeout;
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
        return cause == null ? "unknown failure" : cause.getMessage() == null ? cause.toString() : cause.getMessage();
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
        Future<RedisConnection> connection = client.connect();
        connections.put(ip, connection);
        return connection;
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
