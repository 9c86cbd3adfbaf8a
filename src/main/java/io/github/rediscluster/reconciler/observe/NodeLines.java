package io.github.rediscluster.reconciler.observe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CLUSTER NODES lines of one pass, each parsed once: on a settled cluster of n nodes every node lists the same n
 * lines but for the ping and pong times (which the service does not read), so the n x n lines of a pass come down to
 * about 2n distinct {@link ClusterNode}s, shared by the views. Without it, 1,000 pods hold a million parsed lines.
 * Safe for the event-loop threads that parse replies as they arrive.
 */
public final class NodeLines {

    private final Map<String, ClusterNode> parsed = new ConcurrentHashMap<>();

    /** The parsed line, the same instance for every line equal to it but for fields 5 and 6 (ping-sent, pong-recv). */
    public ClusterNode parse(String line) {
        return parsed.computeIfAbsent(withoutTimes(line), key -> ClusterNodesParser.parseLine(line));
    }

    public int distinct() {
        return parsed.size();
    }

    /** {@code <id> <addr> <flags> <master> <ping-sent> <pong-recv> <rest>} -> {@code <id> <addr> <flags> <master> <rest>}. */
    static String withoutTimes(String line) {
        int space = -1;
        int fourth = -1;
        for (int field = 0; field < 6; field++) {
            space = line.indexOf(' ', space + 1);
            if (space < 0) {
                return line;
            }
            if (field == 3) {
                fourth = space;
            }
        }
        return line.substring(0, fourth) + line.substring(space);
    }
}
