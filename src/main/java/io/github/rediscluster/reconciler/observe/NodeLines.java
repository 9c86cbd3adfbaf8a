package io.github.rediscluster.reconciler.observe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The CLUSTER NODES lines of one pass, each parsed once: on a settled cluster of n nodes every node lists the same n
 * lines but for the ping and pong times (which the service does not read), so the n x n lines of a pass come down to
 * about 2n distinct {@link ClusterNode}s, shared by the views, and every NodeId is one {@link String} instance. A line
 * seen before is recognised from the reply's bytes, without making a {@link String} of it: at 1,000 pods a pass reads
 * a million lines (100 MB), and splitting them into strings was most of what a pass allocated. Safe for the
 * event-loop threads that parse replies as they arrive.
 */
public final class NodeLines {

    private final Map<Key, ClusterNode> parsed = new ConcurrentHashMap<>();
    /** The lines parsed so far as they came, found by their first bytes (part of the NodeId): see {@link #twin}. */
    private final Twins twins = new Twins();
    private final Map<String, String> ids = new ConcurrentHashMap<>();
    /** Each thread's probe for a lookup, so that a line seen before allocates nothing. */
    private final ThreadLocal<Key> probe = ThreadLocal.withInitial(Key::new);

    /** The parsed line, the same instance for every line equal to it but for fields 5 and 6 (ping-sent, pong-recv). */
    public ClusterNode parse(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, 0, bytes.length);
    }

    /** As {@link #parse(String)}, for the line at {@code bytes[from..to)} (UTF-8, no line end). */
    ClusterNode parse(byte[] bytes, int from, int to) {
        Key key = probe.get().over(bytes, from, to);
        ClusterNode node = parsed.get(key);
        if (node == null) {
            ClusterNode fresh = interned(ClusterNodesParser.parseLine(new String(bytes, from, to - from, StandardCharsets.UTF_8)));
            node = parsed.computeIfAbsent(key.copy(), copied -> fresh);
        }
        if (key.cut < key.resume) {
            twins.add(new Twin(bytes, from, key.cut, key.resume, to, node));
        }
        key.release();
        return node;
    }

    /**
     * The fast way to a line parsed before: the line starting at {@code bytes[from]} (no leading blank) is compared,
     * as it stands, with the lines seen before that start with the same 8 bytes, its fields 5 and 6 (ping-sent,
     * pong-recv) skipped, without hashing it or looking for its end first; almost every line of a settled cluster's
     * replies is one of them. Equal to what {@link #parse(byte[], int, int)} would find for the same line.
     *
     * @param to the end of the reply
     * @return the twin's node, and in {@code end[0]} where the line ends (its {@code '\n'}, or {@code to}); null when
     *     no line seen before is the same
     */
    ClusterNode twin(byte[] bytes, int from, int to, int[] end) {
        if (to - from < Long.BYTES) {
            return null;
        }
        long start = Twin.start(bytes, from);
        for (Twin twin = twins.first(start); twin != null; twin = twin.next) {
            if (twin.start == start) {
                int matched = twin.match(bytes, from, to);
                if (matched >= 0) {
                    end[0] = matched;
                    return twin.node;
                }
            }
        }
        return null;
    }

    /** The one instance of this NodeId in the pass, so that equal NodeIds compare by reference first. */
    public String id(String id) {
        String known = ids.putIfAbsent(id, id);
        return known == null ? id : known;
    }

    public int distinct() {
        return parsed.size();
    }

    private ClusterNode interned(ClusterNode node) {
        return new ClusterNode(id(node.id()), node.ip(), node.port(), node.busPort(), node.hostname(), node.flags(),
                node.masterId().map(this::id), node.configEpoch(), node.linkConnected(), node.slots(), node.openSlots());
    }

    /**
     * A line parsed before as it came: {@code head} up to and with the space before field 5, {@code tail} from the
     * space after field 6 to its end (trailing blanks aside).
     */
    private static final class Twin {

        private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

        final long start;
        final byte[] head;
        final byte[] tail;
        final ClusterNode node;
        /** The next twin in the same bucket of {@link Twins}. */
        Twin next;

        Twin(byte[] bytes, int from, int cut, int resume, int to, ClusterNode node) {
            this.start = start(bytes, from);
            this.head = Arrays.copyOfRange(bytes, from, cut + 1);
            this.tail = Arrays.copyOfRange(bytes, resume, to);
            this.node = node;
        }

        static long start(byte[] bytes, int from) {
            return (long) LONGS.get(bytes, from);
        }

        /** Where the line at {@code bytes[from..]} ends if it is this one but for fields 5 and 6; -1 if it is not. */
        int match(byte[] bytes, int from, int to) {
            int at = from + head.length;
            if (at > to || !Arrays.equals(head, 0, head.length, bytes, from, at)) {
                return -1;
            }
            at = skipField(bytes, at, to);
            if (at < 0) {
                return -1;
            }
            at = skipField(bytes, at + 1, to);
            if (at < 0 || at + tail.length > to || !Arrays.equals(tail, 0, tail.length, bytes, at, at + tail.length)) {
                return -1;
            }
            at += tail.length;
            while (at < to && (bytes[at] == ' ' || bytes[at] == '\r' || bytes[at] == '\t')) {
                at++;
            }
            return at == to || bytes[at] == '\n' ? at : -1;
        }

        private static final long ONES = 0x0101010101010101L;
        private static final long HIGHS = 0x8080808080808080L;
        private static final long SPACES = ' ' * ONES;
        private static final long NEWLINES = '\n' * ONES;

        /**
         * The space after the field starting at {@code at}; -1 if the line or the reply ends first. Eight bytes at a
         * time (the lowest byte that is a space or a line end, found with the usual zero-byte test), since the ping
         * and pong fields of every line of every reply are skipped this way.
         */
        private static int skipField(byte[] bytes, int at, int to) {
            int i = at;
            for (; i + Long.BYTES <= to; i += Long.BYTES) {
                long word = (long) LONGS.get(bytes, i);
                long found = zeroBytes(word ^ SPACES) | zeroBytes(word ^ NEWLINES);
                if (found != 0) {
                    int index = i + Long.numberOfTrailingZeros(found) / Byte.SIZE;
                    return bytes[index] == ' ' ? index : -1;
                }
            }
            for (; i < to; i++) {
                if (bytes[i] == ' ') {
                    return i;
                }
                if (bytes[i] == '\n') {
                    return -1;
                }
            }
            return -1;
        }

        /** The high bit of each byte of {@code word} that is zero, exact up to and with the lowest one. */
        private static long zeroBytes(long word) {
            return (word - ONES) & ~word & HIGHS;
        }
    }

    /** Twins by their first 8 bytes, in buckets that threads parsing at once add to without a lock. */
    private static final class Twins {

        private static final int BUCKETS = 4096;

        private final AtomicReferenceArray<Twin> buckets = new AtomicReferenceArray<>(BUCKETS);

        Twin first(long start) {
            return buckets.get(bucket(start));
        }

        void add(Twin twin) {
            int bucket = bucket(twin.start);
            Twin first;
            do {
                first = buckets.get(bucket);
                twin.next = first;
            } while (!buckets.compareAndSet(bucket, first, twin));
        }

        private static int bucket(long start) {
            return (int) ((start * 0x9E3779B97F4A7C15L) >>> (Long.SIZE - 12));
        }
    }

    /**
     * A line without its fields 5 and 6: {@code bytes[from..cut)} then {@code bytes[resume..to)}. A probe points into
     * a reply; a stored key holds its own copy.
     */
    private static final class Key {

        byte[] bytes;
        int from;
        int cut;
        int resume;
        int to;
        int hash;

        Key over(byte[] line, int start, int end) {
            bytes = line;
            from = start;
            to = end;
            cut = end;
            resume = end;
            int spaces = 0;
            for (int i = start; i < end; i++) {
                if (line[i] == ' ') {
                    spaces++;
                    if (spaces == 4) {
                        cut = i;
                    } else if (spaces == 6) {
                        resume = i;
                        break;
                    }
                }
            }
            if (spaces < 6) {
                cut = end;
                resume = end;
            }
            int h = 1;
            for (int i = from; i < cut; i++) {
                h = 31 * h + bytes[i];
            }
            for (int i = resume; i < to; i++) {
                h = 31 * h + bytes[i];
            }
            hash = h;
            return this;
        }

        int length() {
            return cut - from + to - resume;
        }

        Key copy() {
            Key stored = new Key();
            stored.bytes = new byte[length()];
            System.arraycopy(bytes, from, stored.bytes, 0, cut - from);
            System.arraycopy(bytes, resume, stored.bytes, cut - from, to - resume);
            stored.from = 0;
            stored.cut = stored.bytes.length;
            stored.resume = stored.bytes.length;
            stored.to = stored.bytes.length;
            stored.hash = hash;
            return stored;
        }

        /** Drops the reference to the reply, so that the probe does not keep it alive. */
        void release() {
            bytes = null;
        }

        /** Whether this key, flat (a stored copy: one segment), holds the same bytes as {@code probe}. */
        private boolean flatEquals(Key probe) {
            int head = probe.cut - probe.from;
            return Arrays.equals(bytes, 0, head, probe.bytes, probe.from, probe.cut)
                    && Arrays.equals(bytes, head, to, probe.bytes, probe.resume, probe.to);
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Key key) || key.hash != hash || key.length() != length()) {
                return false;
            }
            return key.from == 0 && key.cut == key.to ? key.flatEquals(this) : flatEquals(key);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
