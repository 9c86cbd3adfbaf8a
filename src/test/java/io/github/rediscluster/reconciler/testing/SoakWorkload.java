package io.github.rediscluster.reconciler.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * An application writing and reading keys without pause, through a cluster-aware client (Vert.x Redis in cluster
 * mode, which routes by slot and follows MOVED). Each write is {@code SET soak:n vn} then {@code WAIT 1} on the
 * same connection to the key's master; only a write that WAIT confirms reached a replica counts as acknowledged,
 * the promise Redis Cluster makes. Between writes it reads back a random acknowledged key. After a failure the
 * client is made again from the pods' current IPs, as an application resolving the access Service would.
 */
public final class SoakWorkload implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** How long a write waits for a replica's acknowledgement. */
    private static final long WAIT_MS = 1000;
    /** After a failed call, so a dead cluster is not hammered in a tight loop. */
    private static final long BACKOFF_MS = 50;

    /** What the client saw. */
    public record Stats(long writes, long acknowledged, long notAcknowledged, long reads, long staleReads,
            long errors, Map<String, Long> errorKinds) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final Supplier<List<String>> seeds;
    private final int port;
    private final Duration pause;
    private final Optional<String> password;
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final List<String> acknowledgedKeys = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong notAcknowledged = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong staleReads = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final SplittableRandom random = new SplittableRandom(42);
    private final Thread thread = new Thread(this::run, "soak-workload");
    private volatile boolean running = true;
    /** When calls began to fail (an error, or a write no replica acknowledged) since the last acknowledged write; 0 if none. */
    private long troubleSince;
    private volatile long longestTroubleNanos;
    private Redis client;
    private RedisConnection connection;

    /** @param seeds the pods' current IPs, asked again each time the client is made */
    public SoakWorkload(Supplier<List<String>> seeds, int port) {
        this(seeds, port, Duration.ZERO);
    }

    /**
     * A gentler client: {@code pause} after each write and read, e.g. so that a slot move with a small per-pass key
     * budget outruns the keys the client adds.
     */
    public SoakWorkload(Supplier<List<String>> seeds, int port, Duration pause) {
        this(seeds, port, pause, Optional.empty());
    }

    /** With auth on: every connection authenticates with {@code password} when given. */
    public SoakWorkload(Supplier<List<String>> seeds, int port, Duration pause, Optional<String> password) {
        this.seeds = seeds;
        this.port = port;
        this.pause = pause;
        this.password = password;
    }

    public SoakWorkload start() {
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Stops writing; the keys acknowledged so far stay available to {@link #lostAcknowledged()}. */
    public void stop() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(30));
        disconnect();
    }

    public Stats stats() {
        Map<String, Long> kinds = new TreeMap<>();
        errorKinds.forEach((kind, count) -> kinds.put(kind, count.get()));
        return new Stats(writes.get(), acknowledged.size(), notAcknowledged.get(), reads.get(), staleReads.get(),
                errors.get(), kinds);
    }

    /**
     * Reads every acknowledged key through a fresh client: those not holding their acknowledged value, with what was
     * read. Call on a healthy cluster, after {@link #stop()}.
     */
    public List<String> lostAcknowledged() {
        List<String> lost = new ArrayList<>();
        Map<String, String> expected = new LinkedHashMap<>(acknowledged);
        List<String> keys = new ArrayList<>(expected.keySet());
        for (int from = 0; from < keys.size(); from += 500) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + 500));
            List<Future<Response>> replies = new ArrayList<>();
            RedisConnection reader = connect();
            try {
                chunk.forEach(key -> replies.add(reader.send(Request.cmd(Command.GET).arg(key))));
                for (int i = 0; i < chunk.size(); i++) {
                    String key = chunk.get(i);
                    try {
                        Response value = await(replies.get(i));
                        if (value == null || !expected.get(key).equals(value.toString())) {
                            lost.add(key + "=" + value + " (acknowledged " + expected.get(key) + ")");
                        }
                    } catch (Exception e) {
                        lost.add(key + ": " + e.getMessage());
                    }
                }
            } finally {
                disconnect();
            }
        }
        return lost;
    }

    private void run() {
        long n = 0;
        while (running) {
            try {
                write(n++);
                readBack();
                if (!pause.isZero()) {
                    sleep(pause.toMillis());
                }
            } catch (Exception e) {
                trouble();
                errors.incrementAndGet();
                errorKinds.computeIfAbsent(kind(e), kind -> new AtomicLong()).incrementAndGet();
                disconnect();
                pause();
            }
        }
    }

    private void write(long n) throws Exception {
        String key = "soak:" + n;
        String value = "v" + n;
        writes.incrementAndGet();
        List<Response> replies = await(connection().batch(List.of(Request.cmd(Command.SET).arg(key).arg(value),
                Request.cmd(Command.WAIT).arg(1).arg(WAIT_MS))));
        if (replies.get(1).toLong() >= 1) {
            acknowledged.put(key, value);
            acknowledgedKeys.add(key);
            if (troubleSince != 0) {
                longestTroubleNanos = Math.max(longestTroubleNanos, System.nanoTime() - troubleSince);
                troubleSince = 0;
            }
        } else {
            trouble();
            notAcknowledged.incrementAndGet();
        }
    }

    /** A read of an acknowledged key that answers otherwise is stale (a node that has not yet learned it lost its slots). */
    private void trouble() {
        if (troubleSince == 0) {
            troubleSince = System.nanoTime();
        }
    }

    /**
     * The longest time from a failed call (an error, or a write WAIT says no replica has) to the next acknowledged
     * write: the window in which this application could not make a durable write.
     */
    public Duration longestErrorWindow() {
        return Duration.ofNanos(longestTroubleNanos);
    }

    private void readBack() throws Exception {
        if (acknowledgedKeys.isEmpty()) {
            return;
        }
        String key = acknowledgedKeys.get(random.nextInt(acknowledgedKeys.size()));
        Response value = await(connection().send(Request.cmd(Command.GET).arg(key)));
        reads.incrementAndGet();
        if (value == null || !acknowledged.get(key).equals(value.toString())) {
            staleReads.incrementAndGet();
        }
    }

    private RedisConnection connection() {
        if (connection == null) {
            connection = connect();
        }
        return connection;
    }

    private RedisConnection connect() {
        RedisOptions options = new RedisOptions().setType(RedisClientType.CLUSTER)
                .setPreferredProtocolVersion(ProtocolVersion.RESP2).setMaxPoolSize(16).setMaxPoolWaiting(64);
        password.ifPresent(options::setPassword);
        seeds.get().forEach(ip -> options.addConnectionString("redis://" + ip + ":" + port));
        client = Redis.createClient(vertx, options);
        try {
            return await(client.connect());
        } catch (Exception e) {
            client.close();
            client = null;
            throw new IllegalStateException("cannot connect: " + e.getMessage(), e);
        }
    }

    private void disconnect() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
        if (client != null) {
            client.close();
            client = null;
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** An error's kind, for counting: the first line of its root cause, without addresses or numbers. */
    private static String kind(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage()).lines().findFirst().orElse("")
                .replaceAll("[0-9]+(\\.[0-9]+)*(:[0-9]+)?", "#");
        return (e.getMessage() != null && e.getMessage().startsWith("cannot connect") ? "connect: " : "")
                + (message.length() > 70 ? message.substring(0, 70) : message);
    }

    private static void pause() {
        sleep(BACKOFF_MS);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
