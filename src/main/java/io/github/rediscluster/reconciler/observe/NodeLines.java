package io.github.rediscluster.reconciler.observe;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
        key.release();
        return node;
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
