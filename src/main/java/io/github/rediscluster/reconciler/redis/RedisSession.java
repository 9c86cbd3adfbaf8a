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
import java.util.function.Predicate;

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
    /** Which commands this session may send: {@link ReconcilerCommands#allows}, except in tests of the session itself. */
    private final Predicate<List<String>> allowed;
    private final Optional<TlsMaterial> tls;
    private final Optional<PeerCertificates> peers;
    private final Map<String, Redis> clients = new HashMap<>();
    private final Map<String, Future<RedisConnection>> connections = new HashMap<>();
    /** Written on the event loop when AUTH answers, read by the pass. */
    private final Map<String, PodAuth> authByIp = new ConcurrentHashMap<>();

    RedisSession(Vertx vertx, int port, Duration connectTimeout, Duration commandTimeout,
            Optional<RedisCredentials> credentials) {
        this(vertx, port, connectTimeout, commandTimeout, credentials, Optional.empty(), command -> {
        }, command -> true);
    }

    /**
     * @param tls with it every connection is TLS, trusting the pods by its CA and presenting its certificate
     * @param onSend told of every command before it is sent (the command counter)
     * @param allowed which commands may be sent; any other is refused with an {@link IllegalStateException}
     */
    RedisSession(Vertx vertx, int port, Duration connectTimeout, Duration commandTimeout,
            Optional<RedisCredentials> credentials, Optional<TlsMaterial> tls, Consumer<List<String>> onSend,
            Predicate<List<String>> allowed) {
        this.allowed = allowed;
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
        commands.forEach(this::refuseUnlisted);
        commands.forEach(onSend);
        return send(ip, commands.stream().map(RedisSession::request).toList(), longer);
    }

    /**
     * As {@link #send(String, List, Duration)}, for requests built by the caller that are all one {@code kind} of
     * command (e.g. {@code CLUSTER GETKEYSINSLOT}): the command counter is told of each as that kind, since a
     * {@link Request} does not give its arguments back.
     */
    public CompletableFuture<List<Response>> send(String ip, List<Request> requests, List<String> kind, Duration longer) {
        requests.forEach(request -> sending(kind));
        return send(ip, requests, longer);
    }

    /**
     * Every command goes through here before it is sent: one outside {@link ReconcilerCommands} is a bug of this
     * service (its ACL user could not run it), refused before anything of the batch is sent.
     */
    private void sending(List<String> command) {
        refuseUnlisted(command);
        onSend.accept(command);
    }

    private void refuseUnlisted(List<String> command) {
        if (!allowed.test(command)) {
            throw ReconcilerCommands.refusal(command);
        }
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
     * MIGRATE from the pod at {@code sourceIp}, authenticating to the target as this session's connection to it did:
     * AUTH2 with the reconciler's ACL user where the target knows it, AUTH with the default user's password where it
     * requires one, nothing where it does not (Redis 6.0 and later take both). The password goes into the request only
     * here: {@link Migration#toString()}, failures and the action log never hold it.
     */
    public synchronized CompletableFuture<Response> migrate(String sourceIp, Migration migration) {
        sending(List.of("MIGRATE"));
        // Connecting to the target first tells whether it requires the password (it may predate auth being on).
        Future<Response> reply = connection(migration.targetIp())
                .compose(ignored -> connection(sourceIp))
                .compose(connection -> connection.send(migration.request(authFor(migration.targetIp()))));
        return reply.toCompletionStage().toCompletableFuture()
                .orTimeout(connectTimeout.plus(commandTimeout).plus(migration.timeout()).toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How commands that reach the pod at {@code ip} from another one authenticate (MIGRATE); empty: not at all. */
    public Optional<Migration.MigrateAuth> authFor(String ip) {
        PodAuth auth = authByIp.get(ip);
        if (auth == PodAuth.AS_USER) {
            RedisCredentials.AclUser user = credentials.orElseThrow().user().orElseThrow();
            return Optional.of(new Migration.MigrateAuth(Optional.of(user.name()), user.password()));
        }
        return auth == PodAuth.PROTECTED
                ? credentials.map(with -> new Migration.MigrateAuth(Optional.empty(), with.password())) : Optional.empty();
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
        Future<RedisConnection> connection = client.connect()
                .compose(connected -> SessionAuth.authenticate(ip, connected, credentials, authByIp));
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
