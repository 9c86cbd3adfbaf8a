package io.github.rediscluster.reconciler.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Writes and reads keys the way an application does: through a cluster-aware client (Vert.x Redis in cluster
 * mode, which follows MOVED), seeded with the pods' current IPs. A new client per call, so no slot map survives
 * a topology change.
 */
public final class ClusterKeys implements AutoCloseable {

    private static final String KEY_PREFIX = "key-";

    private final Vertx vertx = Vertx.vertx();
    private final Optional<String> password;
    private final Optional<NetClientOptions> tls;

    /** Without a password. */
    public ClusterKeys() {
        this(Optional.empty());
    }

    /** Every connection authenticates with {@code password} when given. */
    public ClusterKeys(Optional<String> password) {
        this(password, Optional.empty());
    }

    /**
     * Every connection authenticates with {@code password} when given; with {@code tls} (see {@link TlsClient}) the
     * client speaks TLS to every node.
     */
    public ClusterKeys(Optional<String> password, Optional<NetClientOptions> tls) {
        this.password = password;
        this.tls = tls;
    }

    /** SET key-0..key-(count-1) to value-i, each confirmed OK by its master. */
    public void write(List<String> seeds, int port, int count) throws Exception {
        write(seeds, port, KEY_PREFIX, count);
    }

    /**
     * SET {@code <prefix>0..<prefix>(count-1)} to value-i, each confirmed OK by its master; a prefix with a hash tag,
     * e.g. {@code "{hot-1}:"}, puts them all in one slot.
     */
    public void write(List<String> seeds, int port, String prefix, int count) throws Exception {
        write(seeds, port, prefix, count, 0);
    }

    /**
     * As {@link #write(List, int, String, int)}, each value padded to {@code bytes} (e.g. 1 MB values, which a slot
     * move must carry in batches bounded by bytes); {@link #missing(List, int, String, int, int)} reads them back.
     */
    public void write(List<String> seeds, int port, String prefix, int count, int bytes) throws Exception {
        Redis redis = client(seeds, port);
        try {
            for (int i = 0; i < count; i++) {
                Response reply = redis.send(Request.cmd(Command.SET).arg(prefix + i).arg(value(i, bytes)))
                        .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                if (!"OK".equals(reply.toString())) {
                    throw new AssertionError("SET " + prefix + i + " answered " + reply);
                }
            }
        } finally {
            redis.close();
        }
    }

    /** The keys among key-0..key-(count-1) that cannot be read back with their value, with what was read. */
    public List<String> missing(List<String> seeds, int port, int count) {
        return missing(seeds, port, KEY_PREFIX, count);
    }

    /** As {@link #missing(List, int, int)}, for the keys {@link #write(List, int, String, int)} wrote with {@code prefix}. */
    public List<String> missing(List<String> seeds, int port, String prefix, int count) {
        return missing(seeds, port, prefix, count, 0);
    }

    /** As {@link #missing(List, int, String, int)}, for values padded to {@code bytes}; a wrong value is shown by its size. */
    public List<String> missing(List<String> seeds, int port, String prefix, int count, int bytes) {
        Redis redis = client(seeds, port);
        List<String> missing = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                String key = prefix + i;
                try {
                    Response reply = redis.send(Request.cmd(Command.GET).arg(key))
                            .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                    if (reply == null || !value(i, bytes).equals(reply.toString())) {
                        missing.add(key + "=" + (reply == null || bytes == 0 ? reply : reply.toString().length() + " bytes"));
                    }
                } catch (Exception e) {
                    missing.add(key + ": " + e.getMessage());
                }
            }
        } finally {
            redis.close();
        }
        return missing;
    }

    /** value-i, padded with dots to {@code bytes} when longer than that. */
    private static String value(int i, int bytes) {
        String value = "value-" + i;
        return value.length() >= bytes ? value : value + ".".repeat(bytes - value.length());
    }

    private Redis client(List<String> seeds, int port) {
        RedisOptions options = new RedisOptions().setType(RedisClientType.CLUSTER)
                .setPreferredProtocolVersion(ProtocolVersion.RESP2)
                .setMaxPoolSize(8).setMaxPoolWaiting(64);
        password.ifPresent(options::setPassword);
        seeds.forEach(ip -> options.addConnectionString((tls.isPresent() ? "rediss://" : "redis://") + ip + ":" + port));
        tls.ifPresent(netOptions -> options.setNetClientOptions(new NetClientOptions(netOptions)));
        return Redis.createClient(vertx, options);
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
