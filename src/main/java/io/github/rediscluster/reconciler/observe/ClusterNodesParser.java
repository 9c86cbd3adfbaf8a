package io.github.rediscluster.reconciler.observe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the text of CLUSTER NODES (Redis 6.2 and 7.x):
 * {@code <id> <ip:port@cport[,hostname[,aux...]]> <flags> <master> <ping-sent> <pong-recv> <config-epoch> <link> <slot>...}.
 */
public final class ClusterNodesParser {

    private ClusterNodesParser() {
    }

    public static List<ClusterNode> parse(String text) {
        return parse(text, new NodeLines());
    }

    /** As {@link #parse(String)}, sharing equal lines with the other views of the pass through {@code lines}. */
    public static List<ClusterNode> parse(String text, NodeLines lines) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return parse(bytes, 0, bytes.length, lines);
    }

    /** As {@link #parse(String, NodeLines)}, for the UTF-8 text at {@code bytes[from..to)}: a reply as it came. */
    public static List<ClusterNode> parse(byte[] bytes, int from, int to, NodeLines lines) {
        List<ClusterNode> nodes = new ArrayList<>();
        int[] twinEnd = new int[1];
        int start = from;
        while (start < to) {
            while (start < to && blank(bytes[start])) {
                start++;
            }
            ClusterNode twin = start < to ? lines.twin(bytes, start, to, twinEnd) : null;
            if (twin != null) {
                nodes.add(twin);
                start = twinEnd[0] + 1;
                continue;
            }
            int end = start;
            while (end < to && bytes[end] != '\n') {
                end++;
            }
            int first = start;
            int last = end;
            while (first < last && blank(bytes[first])) {
                first++;
            }
            while (last > first && blank(bytes[last - 1])) {
                last--;
            }
            if (first < last) {
                nodes.add(lines.parse(bytes, first, last));
            }
            start = end + 1;
        }
        return nodes;
    }

    private static boolean blank(byte b) {
        return b == ' ' || b == '\r' || b == '\t';
    }

    static ClusterNode parseLine(String line) {
        String[] fields = line.split(" ");
        if (fields.length < 8) {
            throw new IllegalArgumentException("CLUSTER NODES line has " + fields.length + " fields, expected at least 8: " + line);
        }
        try {
            Address address = address(fields[1]);
            Set<String> flags = new HashSet<>(List.of(fields[2].split(",")));
            flags.remove("noflags");
            Optional<String> masterId = fields[3].equals("-") ? Optional.empty() : Optional.of(fields[3]);
            List<SlotRange> ranges = new ArrayList<>();
            List<OpenSlot> open = new ArrayList<>();
            for (int i = 8; i < fields.length; i++) {
                slot(fields[i], ranges, open);
            }
            return new ClusterNode(fields[0], address.ip, address.port, address.busPort, address.hostname, flags, masterId,
                    Long.parseLong(fields[6]), fields[7].equals("connected"), merge(ranges), open);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Cannot parse CLUSTER NODES line '" + line + "': " + e.getMessage(), e);
        }
    }

    private record Address(String ip, int port, int busPort, Optional<String> hostname) {
    }

    /** {@code ip:port@cport}, then from 7.0 {@code ,hostname} (maybe empty) and from 7.2 more {@code ,key=value}. */
    private static Address address(String field) {
        String[] parts = field.split(",", -1);
        Optional<String> hostname = parts.length > 1 && !parts[1].isEmpty() && !parts[1].contains("=")
                ? Optional.of(parts[1]) : Optional.empty();
        String endpoint = parts[0];
        int at = endpoint.indexOf('@');
        String hostPort = at < 0 ? endpoint : endpoint.substring(0, at);
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("no port in address " + field);
        }
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        int busPort = at < 0 ? 0 : Integer.parseInt(endpoint.substring(at + 1));
        return new Address(hostPort.substring(0, colon), port, busPort, hostname);
    }

    private static void slot(String field, List<SlotRange> ranges, List<OpenSlot> open) {
        if (field.startsWith("[")) {
            String inner = field.substring(1, field.length() - 1);
            int migrating = inner.indexOf("->-");
            int importing = inner.indexOf("-<-");
            if (migrating > 0) {
                open.add(new OpenSlot(Integer.parseInt(inner.substring(0, migrating)), OpenSlot.Direction.MIGRATING,
                        inner.substring(migrating + 3)));
            } else if (importing > 0) {
                open.add(new OpenSlot(Integer.parseInt(inner.substring(0, importing)), OpenSlot.Direction.IMPORTING,
                        inner.substring(importing + 3)));
            } else {
                throw new IllegalArgumentException("unknown open slot marker " + field);
            }
            return;
        }
        int dash = field.indexOf('-');
        if (dash < 0) {
            int slot = Integer.parseInt(field);
            ranges.add(new SlotRange(slot, slot));
        } else {
            ranges.add(new SlotRange(Integer.parseInt(field.substring(0, dash)), Integer.parseInt(field.substring(dash + 1))));
        }
    }

    /** Redis lists single slots and ranges in order; adjacent ones are joined so that equal ownership compares equal. */
    private static List<SlotRange> merge(List<SlotRange> ranges) {
        List<SlotRange> merged = new ArrayList<>();
        for (SlotRange range : ranges.stream().sorted(Comparator.comparingInt(SlotRange::first)).toList()) {
            SlotRange last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && range.first() <= last.last() + 1) {
                merged.set(merged.size() - 1, new SlotRange(last.first(), Math.max(last.last(), range.last())));
            } else {
                merged.add(range);
            }
        }
        return merged;
    }
}
