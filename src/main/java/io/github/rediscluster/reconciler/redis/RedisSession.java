package io.github.rediscluster.reconciler.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;
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

    /**
     * Requests written at once on one connection, well below the Vert.x client's default of 2,048 waiting handlers, so
     * that other requests to the same pod (a move's SETSLOTs, one per slot of a chunk) still fit beside them.
     */
    static final int PIPELINE_LIMIT = 1_000;

    private final Vertx vertx;
    private final int port;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final Optional<RedisCredentials> credentials;
    private final Consumer<List<String>> onSend;
    private final Optional<TlsMaterial> tls;
    private final Optional<PeerCertificates> peers;
    private final Map<String, Redis> clients = new HashMap<>();
    private final Map<String, Future<RedisConnection>> connections = new HashMap<>();
    /** Written on the event loop when AUTH answers, read by the pass. */
    private final Map<String, PodAuth> authByIp = new ConcurrentHashMap<>();

    RedisSession(Vertx vertx, int port, Duration connectTimeout, Duration commandTimeout,
            Optional<RedisCredentials> credentials) {
        this(vertx, port, connectTimeout, commandTimeout, credentials, Optional.empty(), command -> {
        });
    }

    /**
     * @param tls with it every connection is TLS, trusting the pods by its CA and presenting its certificate
     * @param onSend told of every command before it is sent (the command counter)
     */
    RedisSession(Vertx vertx, int port, Duration connectTimeout, Duration commandTimeout,
            Optional<RedisCredentials> credentials, Optional<TlsMaterial> tls, Consumer<List<String>> onSend) {
        this.tls = tls;
        this.peers = tls.map(material -> PeerCertificates.trusting(material.caCertificates()));
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
    public CompletableFuture<List<Response>> batch(String ip, List<List<String>> commands, Duration longer) {
        commands.forEach(onSend);
        return send(ip, commands.stream().map(RedisSession::request).toList(), longer);
    }

    /**
     * As {@link #send(String, List, Duration)}, for requests built by the caller that are all one {@code kind} of
     * command (e.g. {@code CLUSTER GETKEYSINSLOT}): the command counter is told of each as that kind, since a
     * {@link Request} does not give its arguments back.
     */
    public CompletableFuture<List<Response>> send(String ip, List<Request> requests, List<String> kind, Duration longer) {
        requests.forEach(request -> onSend.accept(kind));
        return send(ip, requests, longer);
    }

    /**
     * Sends requests built by the caller (e.g. with key names as bytes, which need not be UTF-8), pipelined, at most
     * {@link #PIPELINE_LIMIT} at a time: the client fails a connection's requests beyond its waiting-handler limit
     * (Vert.x's default 2,048), and counting keys in every slot of a node is 16,384 requests. The command counter is
     * not told: callers go through {@link #batch} or {@link #send(String, List, List, Duration)}.
     */
    private synchronized CompletableFuture<List<Response>> send(String ip, List<Request> requests, Duration longer) {
        Future<List<Response>> replies = connection(ip).compose(connection -> inParts(connection, requests, 0, new ArrayList<>()));
        return replies.toCompletionStage().toCompletableFuture()
                .orTimeout(connectTimeout.plus(commandTimeout).plus(longer).toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Future<List<Response>> inParts(RedisConnection connection, List<Request> requests, int from,
            List<Response> replies) {
        int to = Math.min(requests.size(), from + PIPELINE_LIMIT);
        return connection.batch(requests.subList(from, to)).compose(part -> {
            replies.addAll(part);
            return to == requests.size() ? Future.succeededFuture(replies) : inParts(connection, requests, to, replies);
        });
    }

    /**
     * MIGRATE from the pod at {@code sourceIp}, with the cluster's password when the target requires one (AUTH, which
     * Redis 4.0.7 and later take; the default user, as everywhere in this service). The password goes into the
     * request only here: {@link Migration#toString()}, failures and the action log never hold it.
     */
    public synchronized CompletableFuture<Response> migrate(String sourceIp, Migration migration) {
        onSend.accept(List.of("MIGRATE"));
        // Connecting to the target first tells whether it requires the password (it may predate auth being on).
        Future<Response> reply = connection(migration.targetIp())
                .compose(ignored -> connection(sourceIp))
                .compose(connection -> connection.send(migration.request(authFor(migration.targetIp()))));
        return reply.toCompletionStage().toCompletableFuture()
                .orTimeout(connectTimeout.plus(commandTimeout).plus(migration.timeout()).toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether commands that reach the pod at {@code ip} from another one must carry the password (MIGRATE). */
    public boolean passwordFor(String ip) {
        return authFor(ip).isPresent();
    }

    private Optional<RedisPassword> authFor(String ip) {
        return authByIp.get(ip) == PodAuth.PROTECTED ? credentials.map(RedisCredentials::password) : Optional.empty();
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
                .setConnectionString(tls.isPresent() ? HostPort.tlsRedisUri(address, port) : HostPort.redisUri(address, port))
                .setPreferredProtocolVersion(ProtocolVersion.RESP2)
                .setMaxPoolSize(1)
                .setMaxPoolWaiting(1024)
                .setNetClientOptions(netClientOptions())));
        Future<RedisConnection> connection = client.connect().compose(connected -> authenticate(ip, connected));
        connections.put(ip, connection);
        return connection;
    }

    /**
     * Plain TCP, or TLS trusting the cluster's CA (no host name check: see {@link PeerCertificates}) with the pods'
     * certificate as the client's.
     */
    private NetClientOptions netClientOptions() {
        NetClientOptions options = new NetClientOptions().setConnectTimeout((int) connectTimeout.toMillis());
        tls.ifPresent(material -> options.setSsl(true)
                .setHostnameVerificationAlgorithm("")
                .setTrustOptions(TrustOptions.wrap(peers.orElseThrow()))
                .setKeyCertOptions(new PemKeyCertOptions().addCertValue(Buffer.buffer(material.certPem()))
                        .addKeyValue(Buffer.buffer(material.keyPem()))));
        return options;
    }

    /** SHA-256 of the certificate each pod connected to over TLS presented, by pod IP; empty without TLS. */
    public Map<String, String> presentedCertificates() {
        return peers.map(PeerCertificates::presented).orElse(Map.of());
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

    /**
     * Closes the connection to {@code ip} now rather than with the session; a later command to it connects again. For
     * a connection that read a large reply: the client keeps the buffer of its last read until it reads again.
     */
    public synchronized void release(String ip) {
        Future<RedisConnection> connection = connections.remove(ip);
        Redis client = clients.remove(ip);
        if (connection != null) {
            connection.onSuccess(RedisConnection::close);
        }
        if (client != null) {
            client.close();
        }
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
