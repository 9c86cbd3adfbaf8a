package io.github.rediscluster.reconciler.observe;

import io.github.rediscluster.reconciler.redis.HostPort;
import io.github.rediscluster.reconciler.redis.RedisSession;

import io.netty.buffer.ByteBuf;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads every pod's redis-server, {@link #IN_FLIGHT} at a time (CLUSTER MYID, CLUSTER NODES, CLUSTER INFO, INFO server
 * and replication, DBSIZE, and CONFIG GET of the redis.conf directives the spec sets, pipelined on one connection per
 * pod: one connection, one HELLO and one round trip a pod), then, only for slots that no node owns or that some node
 * shows open, how many keys the nodes holding keys have in them. A pod that cannot be read is reported with the reason;
 * one whose CONFIG GETs fail (a batch fails as a whole) is still read, its config reported unread.
 */
public final class ClusterObserver {

    private static final List<List<String>> READS = List.of(
            List.of("CLUSTER", "MYID"),
            List.of("CLUSTER", "NODES"),
            List.of("CLUSTER", "INFO"),
            List.of("INFO", "server"),
            List.of("INFO", "replication"),
            List.of("DBSIZE"));

    private ClusterObserver() {
    }

    /**
     * Pods read at once. Each reply is parsed as it arrives and its text dropped, so a pass holds at most this many
     * CLUSTER NODES texts (about 100 kB each at 1,000 nodes) rather than all of them; enough to keep every round trip
     * overlapped with others.
     */
    static final int IN_FLIGHT = 64;

    /**
     * A CLUSTER NODES reply above this (about 150 nodes) has its connection closed once read: the Redis client keeps
     * the buffer of a connection's last read until its next one, and the next one (CONFIG GET) comes only after every
     * pod was read, so at 1,000 pods the connections would hold every reply at once, over 100 MB.
     */
    static final int RELEASE_AFTER_BYTES = 16 * 1024;

    /** As {@link #observe(RedisSession, List, List)}, reading no redis.conf directive. */
    public static ObservedCluster observe(RedisSession session, List<RedisPod> pods) {
        return observe(session, pods, List.of());
    }

    /** @param directives the redis.conf directives to read with CONFIG GET on every pod (none: no CONFIG GET) */
    public static ObservedCluster observe(RedisSession session, List<RedisPod> pods, List<String> directives) {
        NodeLines lines = new NodeLines();
        List<RedisPod> reachable = pods.stream().filter(pod -> !pod.ip().isEmpty()).toList();
        List<CompletableFuture<PodRead>> read = reachable.stream().map(pod -> new CompletableFuture<PodRead>()).toList();
        Reads reads = new Reads(session, reachable, read, new AtomicInteger(), lines, directives,
                directives.stream().map(directive -> List.of("CONFIG", "GET", directive)).toList());
        for (int i = 0; i < Math.min(IN_FLIGHT, reachable.size()); i++) {
            readNext(reads);
        }
        Map<RedisPod, PodRead> byPod = new HashMap<>();
        for (int i = 0; i < reachable.size(); i++) {
            byPod.put(reachable.get(i), read.get(i).join());
        }
        List<ObservedPod> observed = new ArrayList<>();
        for (RedisPod pod : pods) {
            observed.add(pod.ip().isEmpty() ? ObservedPod.unreached(pod, "no pod IP yet") : byPod.get(pod).pod());
        }
        Map<Integer, Map<String, Long>> keys = countKeys(session, observed);
        // After counting keys, which may find a pod unreadable: its config is not asked about, as before it was read.
        List<PodConfig> configs = observed.stream().filter(ObservedPod::answered)
                .map(pod -> byPod.get(pod.pod()).config()).filter(Objects::nonNull).toList();
        return new ObservedCluster(observed, keys, configs);
    }

    /** One pod's reads: what it answered, and what CONFIG GET answered (null when no directive was asked for). */
    private record PodRead(ObservedPod pod, PodConfig config) {
    }

    /** What the reads of one pass share. */
    private record Reads(RedisSession session, List<RedisPod> pods, List<CompletableFuture<PodRead>> read,
            AtomicInteger next, NodeLines lines, List<String> directives, List<List<String>> configGets) {
    }

    /**
     * Sends the reads of the next pod not read yet, and when they are answered (or fail), those of the one after. The
     * CONFIG GETs go as a second batch right behind the first, on the same connection: one round trip, yet a pod
     * whose CONFIG GET fails is still read.
     */
    private static void readNext(Reads reads) {
        int index = reads.next().getAndIncrement();
        if (index >= reads.pods().size()) {
            return;
        }
        RedisSession session = reads.session();
        RedisPod pod = reads.pods().get(index);
        CompletableFuture<List<Response>> topology = session.batch(pod.ip(), READS);
        CompletableFuture<List<Response>> config = reads.configGets().isEmpty()
                ? CompletableFuture.completedFuture(null) : session.batch(pod.ip(), reads.configGets());
        CompletableFuture<Throwable> configFailure = config.handle((answers, failure) -> failure);
        topology.handle((answers, failure) -> configFailure.thenAccept(configFailed -> {
            // Completed whatever happens (even an OutOfMemoryError while parsing): the pass waits for every pod.
            try {
                ObservedPod observed = failure == null ? read(session, pod, answers, reads.lines()) : unreached(session, pod, failure);
                reads.read().get(index).complete(new PodRead(observed, podConfig(reads, observed, config, configFailed)));
                if (failure == null && answers.get(1) != null && answers.get(1).toBuffer().length() > RELEASE_AFTER_BYTES) {
                    session.release(pod.ip());
                }
            } catch (Throwable e) {
                reads.read().get(index).completeExceptionally(e);
            } finally {
                readNext(reads);
            }
        }));
    }

    /** What CONFIG GET answered on a pod that answered the reads; null when it did not or nothing was asked. */
    private static PodConfig podConfig(Reads reads, ObservedPod observed, CompletableFuture<List<Response>> config,
            Throwable failure) {
        if (!observed.answered() || reads.configGets().isEmpty()) {
            return null;
        }
        String version = observed.view().orElseThrow().info().getOrDefault("redis_version", "");
        return failure == null ? PodConfig.read(observed.pod(), version, ConfigObserver.values(reads.directives(), config.join()))
                : PodConfig.unread(observed.pod(), version, "CONFIG GET failed: " + reads.session().describe(failure));
    }

    private static ObservedPod unreached(RedisSession session, RedisPod pod, Throwable failure) {
        // Vert.x names the address in its message; the pod's name says it better, and equal reasons then group.
        return ObservedPod.unreached(pod, "could not be read on its pod IP: "
                + session.describe(failure).replace(": /" + HostPort.of(pod.ip(), session.port()), "")
                        .replace(": /" + pod.ip() + ":" + session.port(), ""));
    }

    private static ObservedPod read(RedisSession session, RedisPod pod, List<Response> answers, NodeLines lines) {
        try {
            Map<String, String> info = new HashMap<>(InfoText.parse(answers.get(3).toString()));
            info.putAll(InfoText.parse(answers.get(4).toString()));
            return ObservedPod.reached(pod, new RedisView(lines.id(answers.get(0).toString()), nodes(answers.get(1), lines),
                    InfoText.parse(answers.get(2).toString()), info, answers.get(5).toLong()));
        } catch (RuntimeException e) {
            return ObservedPod.unreached(pod, "answered what this service cannot read (is it a cluster-enabled"
                    + " redis-server?): " + e.getMessage());
        }
    }

    /** CLUSTER NODES parsed from the reply's bytes as they came: no copy of its 100 kB (at 1,000 nodes) as a String. */
    private static List<ClusterNode> nodes(Response reply, NodeLines lines) {
        ByteBuf bytes = reply.toBuffer().getByteBuf();
        if (bytes.hasArray()) {
            int from = bytes.arrayOffset() + bytes.readerIndex();
            return ClusterNodesParser.parse(bytes.array(), from, from + bytes.readableBytes(), lines);
        }
        byte[] copy = new byte[bytes.readableBytes()];
        bytes.getBytes(bytes.readerIndex(), copy);
        return ClusterNodesParser.parse(copy, 0, copy.length, lines);
    }

    /**
     * COUNTKEYSINSLOT, asked only where it matters: on every pod holding keys, for the slots nobody owns and the slots
     * it shows open itself; on masters also for the slots any other node shows open, since after a failover mid-move
     * the new master holds moved keys without the IMPORTING mark (as {@code redis-cli --cluster fix} knows, a slot's
     * keys are counted on every master before it is closed). The session pipelines at most {@code PIPELINE_LIMIT} at
     * a time, so even all 16,384 slots (counted on a master without slots that holds keys) stay within the client's
     * limits. A node whose counts cannot be read is
     * reported as not answering, so that no slot is touched without them.
     */
    private static Map<Integer, Map<String, Long>> countKeys(RedisSession session, List<ObservedPod> observed) {
        SortedSet<Integer> unowned = unowned(observed);
        SortedSet<Integer> openAnywhere = new TreeSet<>();
        observed.stream().flatMap(pod -> pod.view().stream())
                .forEach(view -> view.myself().openSlots().stream().map(OpenSlot::slot).forEach(openAnywhere::add));
        Map<Integer, Map<String, Long>> counts = new HashMap<>();
        Optional<ObservedPod> promoted = StrayKeySearch.promotedToCount(observed, Instant.now().getEpochSecond());
        for (int i = 0; i < observed.size(); i++) {
            ObservedPod pod = observed.get(i);
            if (pod.view().isEmpty() || pod.view().get().keys() == 0) {
                continue;
            }
            RedisView view = pod.view().get();
            TreeSet<Integer> slots = new TreeSet<>(unowned);
            view.myself().openSlots().stream().map(OpenSlot::slot).forEach(slots::add);
            if (view.myself().master()) {
                slots.addAll(openAnywhere);
            }
            if (view.myself().master() && (!view.myself().ownsSlots() || promoted.filter(chosen -> chosen == pod).isPresent())) {
                // A master without slots that holds keys holds them in slots other masters own (a move cut short
                // and closed on the wrong side), and so may a master promoted after a failover mid-move (see
                // StrayKeySearch): every slot is counted, so that they can be found and returned.
                for (int slot = 0; slot < SlotRange.SLOTS; slot++) {
                    slots.add(slot);
                }
            }
            if (slots.isEmpty()) {
                continue;
            }
            List<List<String>> commands = slots.stream().map(slot -> List.of("CLUSTER", "COUNTKEYSINSLOT", String.valueOf(slot))).toList();
            try {
                List<Response> answers = session.batch(pod.pod().ip(), commands).join();
                int answer = 0;
                for (int slot : slots) {
                    counts.computeIfAbsent(slot, key -> new HashMap<>()).put(view.myId(), answers.get(answer++).toLong());
                }
            } catch (RuntimeException e) {
                observed.set(i, ObservedPod.unreached(pod.pod(), "counting its keys in " + slots.size() + " open or unowned"
                        + " slots failed: " + session.describe(e)));
            }
        }
        return counts;
    }

    /** Slots that no line of any view gives an owner (handshakes aside). */
    private static SortedSet<Integer> unowned(List<ObservedPod> observed) {
        BitSet owned = new BitSet(SlotRange.SLOTS);
        observed.stream().flatMap(pod -> pod.view().stream()).flatMap(view -> view.nodes().stream())
                .filter(node -> !node.handshake())
                .forEach(node -> node.slots().forEach(range -> owned.set(range.first(), range.last() + 1)));
        SortedSet<Integer> slots = new TreeSet<>();
        for (int slot = owned.nextClearBit(0); slot < SlotRange.SLOTS; slot = owned.nextClearBit(slot + 1)) {
            slots.add(slot);
        }
        return slots;
    }
}
