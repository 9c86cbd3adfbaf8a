package io.github.rediscluster.reconciler.redis;

import io.github.rediscluster.reconciler.metrics.RedisCommandMeter;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Opens the per-pass sessions that reach each redis-server pod directly on its pod IP. */
@ApplicationScoped
public class RedisConnections {

    private final Vertx vertx;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final Consumer<List<String>> onSend;

    @Inject
    public RedisConnections(Vertx vertx, RedisCommandMeter commandMeter,
            @ConfigProperty(name = "reconciler.redis.connect-timeout", defaultValue = "1s") Duration connectTimeout,
            @ConfigProperty(name = "reconciler.redis.command-timeout", defaultValue = "2s") Duration commandTimeout) {
        this.vertx = vertx;
        this.connectTimeout = connectTimeout;
        this.commandTimeout = commandTimeout;
        this.onSend = commandMeter::sent;
    }

    /** Without the command counter: for tests that reach redis-server outside the application. */
    public RedisConnections(Vertx vertx, Duration connectTimeout, Duration commandTimeout) {
        this.vertx = vertx;
        this.connectTimeout = connectTimeout;
        this.commandTimeout = commandTimeout;
        this.onSend = command -> {
        };
    }

    /** A session keeps one connection per pod until it is closed, at the end of the pass. */
    public RedisSession open(int port) {
        return open(port, Optional.empty());
    }

    /** As {@link #open(int)}; with credentials, every connection sends AUTH before anything else. */
    public RedisSession open(int port, Optional<RedisCredentials> credentials) {
        return open(port, credentials, Optional.empty());
    }

    /** As {@link #open(int, Optional)}; with {@code tls}, every connection is TLS (the pods' plain port is closed). */
    public RedisSession open(int port, Optional<RedisCredentials> credentials, Optional<TlsMaterial> tls) {
        return new RedisSession(vertx, port, connectTimeout, commandTimeout, credentials, tls, onSend,
                ReconcilerCommands::allows);
    }
}
