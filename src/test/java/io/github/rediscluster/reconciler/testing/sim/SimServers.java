package io.github.rediscluster.reconciler.testing.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The fake redis-servers of a {@link SimCluster}: one RESP server per node on its own loopback IP (Linux routes all of
 * 127/8 to the loopback interface), all on one free port, on a Vert.x of their own so that their threads can be told
 * apart from the service's. Each read of a connection is answered as a whole after {@code latency}, as one round trip.
 */
public final class SimServers implements AutoCloseable {

    private final SimCluster cluster;
    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    private final int port;
    private final Duration latency;
    private final SimCommands commands;
    private final List<NetServer> servers = new ArrayList<>();
    /** The threads that answer, so that a benchmark can leave their allocations out of the service's. */
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

    public SimServers(SimCluster cluster, int port, Duration latency) {
        this.cluster = cluster;
        this.port = port;
        this.latency = latency;
        this.commands = new SimCommands(cluster, port);
        listen();
    }

    /** A port free on 127.0.0.1, for the simulation's nodes (other developers' redis-servers may hold 6379). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code count} loopback IPs for the {@code life}-th set of pod IPs: 127.(90+life).x.y. */
    public static List<String> ips(int count, int life) {
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ips.add("127." + (90 + life) + "." + (i / 250) + "." + (i % 250 + 1));
        }
        return ips;
    }

    public int port() {
        return port;
    }

    public Set<Thread> threads() {
        return threads;
    }

    /** After {@link SimCluster#restartAll}: every server closed and opened again on its node's new IP. */
    public void relisten() {
        closeServers();
        listen();
    }

    private void listen() {
        List<Future<NetServer>> started = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            String ip = cluster.ip(i);
            started.add(vertx.createNetServer(new NetServerOptions().setHost(ip).setPort(port))
                    .connectHandler(socket -> serve(ip, socket)).listen());
        }
        try {
            Future.all(started).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("fake nodes could not listen on port " + port + ": " + e, e);
        }
        started.forEach(server -> servers.add(server.result()));
    }

    private void serve(String ip, NetSocket socket) {
        Buffer[] pending = {Buffer.buffer()};
        socket.handler(data -> {
            threads.add(Thread.currentThread());
            pending[0].appendBuffer(data);
            int[] consumed = new int[1];
            List<List<String>> requests = Resp.requests(pending[0], consumed);
            pending[0] = pending[0].getBuffer(consumed[0], pending[0].length());
            if (requests.isEmpty()) {
                return;
            }
            List<Object> replies = requests.stream().map(request -> commands.answer(ip, request)).toList();
            Buffer out = Buffer.buffer(Resp.sizeHint(replies));
            replies.forEach(reply -> Resp.write(out, reply));
            if (latency.isZero()) {
                socket.write(out);
            } else {
                vertx.setTimer(latency.toMillis(), id -> socket.write(out));
            }
        });
    }

    private void closeServers() {
        List<Future<Void>> closed = servers.stream().map(NetServer::close).toList();
        Future.join(new ArrayList<>(closed)).toCompletionStage().toCompletableFuture().join();
        servers.clear();
    }

    @Override
    public void close() {
        closeServers();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
