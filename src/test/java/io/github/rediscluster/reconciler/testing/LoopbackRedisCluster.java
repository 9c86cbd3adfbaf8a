package io.github.rediscluster.reconciler.testing;

import io.github.rediscluster.reconciler.observe.RedisPod;
import io.github.rediscluster.reconciler.sandbox.LoopbackAddresses;
import io.github.rediscluster.reconciler.sandbox.RedisServerBinary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * A few cluster-enabled redis-servers (masters only) on loopback addresses of their own and one common port, as pods
 * are on their pod IPs: the binary the sandbox uses, {@code appendonly yes} (a node stopped and started again keeps
 * its keys and its nodes.conf, open slots included), optionally with a password (requirepass and masterauth). The
 * 16,384 slots are split evenly in node order. For tests of how the reconciler moves slots between real servers.
 */
public final class LoopbackRedisCluster implements AutoCloseable {

    private static final Duration READY = Duration.ofSeconds(30);

    private final RedisServerBinary binary;
    private final int port;
    private final Optional<String> password;
    private final List<String> ips = new ArrayList<>();
    private final List<Path> dirs = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final RedisCalls calls;

    private LoopbackRedisCluster(RedisServerBinary binary, int port, Optional<String> password) {
        this.binary = binary;
        this.port = port;
        this.password = password;
        this.calls = new RedisCalls(password);
    }

    /** {@code nodes} masters with the slots split evenly, every node seeing cluster_state ok. */
    public static LoopbackRedisCluster start(int nodes, Optional<String> password) throws IOException {
        RedisServerBinary binary = RedisServerBinary.locate(Optional.ofNullable(System.getProperty("sandbox.redis-server")), false);
        int port = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
        LoopbackRedisCluster cluster = new LoopbackRedisCluster(binary, port, password);
        try {
            LoopbackAddresses addresses = new LoopbackAddresses();
            for (int i = 0; i < nodes; i++) {
                cluster.ips.add(addresses.allocate(List.of(port, port + 10_000)));
                cluster.dirs.add(Files.createTempDirectory(Path.of("target"), "loopback-cluster"));
                cluster.processes.add(null);
                cluster.launch(i);
            }
            for (int i = 0; i < nodes; i++) {
                cluster.ids.add(cluster.call(i, "CLUSTER", "MYID"));
                cluster.addSlots(i, i * 16384 / nodes, (i + 1) * 16384 / nodes - 1);
            }
            for (int i = 1; i < nodes; i++) {
                cluster.call(0, "CLUSTER", "MEET", cluster.ip(i), String.valueOf(port));
            }
            cluster.awaitOk();
        } catch (IOException | RuntimeException | AssertionError e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    private void launch(int node) throws IOException {
        List<String> command = new ArrayList<>(List.of(binary.path().toString(), "--port", String.valueOf(port),
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000",
                "--cluster-announce-ip", ip(node), "--appendonly", "yes", "--save", "", "--protected-mode", "no",
                "--dir", dirs.get(node).toAbsolutePath().toString()));
        command.addAll(Arrays.asList(binary.loopbackArgs(ip(node))));
        password.ifPresent(secret -> command.addAll(List.of("--requirepass", secret, "--masterauth", secret)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dirs.get(node).resolve("redis-server.log").toFile())).start();
        processes.set(node, process);
        Poll.until("redis-server " + node + " listening on " + ip(node) + ":" + port, READY,
                () -> process.isAlive() && calls.pings(ip(node), port), up -> up);
    }

    private void addSlots(int node, int first, int last) {
        for (int from = first; from <= last; from += 1000) {
            List<String> args = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            IntStream.rangeClosed(from, Math.min(last, from + 999)).forEach(slot -> args.add(String.valueOf(slot)));
            call(node, args.toArray(String[]::new));
        }
    }

    /** Until every node knows all the others and says cluster_state:ok. */
    public void awaitOk() {
        for (int i = 0; i < ips.size(); i++) {
            int node = i;
            Poll.until("node " + node + " to see the whole cluster ok", READY, () -> call(node, "CLUSTER", "INFO"),
                    info -> info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + ips.size()));
        }
    }

    /** Stops the node gracefully (SIGTERM: the append-only file is flushed, as on a pod's deletion). */
    public void stop(int node) throws InterruptedException {
        Process process = processes.get(node);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Starts a stopped node again on its address, with its data directory: its keys and nodes.conf come back. */
    public void start(int node) throws IOException {
        launch(node);
    }

    /** A command on one node, its reply as {@link RedisCalls#call} gives it; a failure as an unchecked exception. */
    public String call(int node, String... command) {
        try {
            return calls.call(ip(node), port, command[0], Arrays.copyOfRange(command, 1, command.length));
        } catch (Exception e) {
            throw new IllegalStateException(String.join(" ", Arrays.asList(command).subList(0, Math.min(3, command.length)))
                    + " on node " + node + ": " + e.getMessage(), e);
        }
    }

    /** Commands sent in one round trip to one node. */
    public List<String> batch(int node, List<List<String>> commands) {
        try {
            return calls.batch(ip(node), port, commands);
        } catch (Exception e) {
            throw new IllegalStateException("batch on node " + node + ": " + e.getMessage(), e);
        }
    }

    /** The node's CLUSTER NODES line for itself. */
    public String myselfLine(int node) {
        return Arrays.stream(call(node, "CLUSTER", "NODES").split("\n")).filter(line -> line.contains("myself"))
                .findFirst().orElseThrow();
    }

    public String ip(int node) {
        return ips.get(node);
    }

    public String id(int node) {
        return ids.get(node);
    }

    public int port() {
        return port;
    }

    /** The node as the reconciler sees a pod: {@code redis-app-<node>} on its address. */
    public RedisPod pod(int node) {
        return new RedisPod("redis-app-" + node, node, ip(node), "");
    }

    public String version() {
        return binary.version();
    }

    @Override
    public void close() {
        processes.stream().filter(process -> process != null && process.isAlive()).forEach(Process::destroy);
        for (Process process : processes) {
            try {
                if (process != null && !process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        calls.close();
    }
}
