package io.github.rediscluster.reconciler.testing.sim;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough RESP2 for a fake redis-server: requests as arrays of bulk strings (all a client library sends), replies
 * as Java values: a {@link String} (or {@code byte[]}, or {@link Chunks}) is a bulk string, a {@link Long} or {@link Integer} an integer, a {@link List} an
 * array, {@code null} a null bulk, {@link Simple} a status and {@link Error} an error.
 */
final class Resp {

    record Simple(String text) {
    }

    record Error(String text) {
    }

    /** A bulk string sent as the concatenation of its parts, without joining them first. */
    record Chunks(List<byte[]> parts) {
    }

    static final Simple OK = new Simple("OK");

    private Resp() {
    }

    /**
     * The complete requests at the start of {@code input}; {@code consumed[0]} is set to how many bytes they took, so
     * that the caller keeps the rest for when more arrives.
     */
    static List<List<String>> requests(Buffer input, int[] consumed) {
        List<List<String>> requests = new ArrayList<>();
        int at = 0;
        int length = input.length();
        outer:
        while (at < length) {
            if (input.getByte(at) != '*') {
                throw new IllegalArgumentException("expected an array of bulk strings at byte " + at);
            }
            int end = lineEnd(input, at, length);
            if (end < 0) {
                break;
            }
            int count = Integer.parseInt(input.getString(at + 1, end, "US-ASCII"));
            int next = end + 2;
            List<String> args = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                if (next >= length) {
                    break outer;
                }
                int sizeEnd = lineEnd(input, next, length);
                if (sizeEnd < 0) {
                    break outer;
                }
                int size = Integer.parseInt(input.getString(next + 1, sizeEnd, "US-ASCII"));
                int from = sizeEnd + 2;
                if (from + size + 2 > length) {
                    break outer;
                }
                args.add(input.getString(from, from + size, "UTF-8"));
                next = from + size + 2;
            }
            requests.add(args);
            at = next;
        }
        consumed[0] = at;
        return requests;
    }

    private static int lineEnd(Buffer input, int from, int length) {
        for (int i = from; i < length - 1; i++) {
            if (input.getByte(i) == '\r' && input.getByte(i + 1) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * About how many bytes {@link #write} takes for these replies, at least as many for the CLUSTER NODES texts: the
     * fake servers size their output buffer with it, rather than growing it (copying) a dozen times for a 100 kB reply.
     */
    static int sizeHint(List<Object> replies) {
        int size = 0;
        for (Object reply : replies) {
            size += 64 + (reply instanceof Chunks chunks ? chunks.parts().stream().mapToInt(part -> part.length).sum() : 0);
        }
        return size;
    }

    static void write(Buffer out, Object reply) {
        if (reply == null) {
            out.appendString("$-1\r\n");
        } else if (reply instanceof Simple simple) {
            out.appendString("+").appendString(simple.text()).appendString("\r\n");
        } else if (reply instanceof Error error) {
            out.appendString("-").appendString(error.text()).appendString("\r\n");
        } else if (reply instanceof Long || reply instanceof Integer) {
            out.appendString(":").appendString(reply.toString()).appendString("\r\n");
        } else if (reply instanceof String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            out.appendString("$").appendString(String.valueOf(bytes.length)).appendString("\r\n").appendBytes(bytes)
                    .appendString("\r\n");
        } else if (reply instanceof byte[] bytes) {
            out.appendString("$").appendString(String.valueOf(bytes.length)).appendString("\r\n").appendBytes(bytes)
                    .appendString("\r\n");
        } else if (reply instanceof Chunks chunks) {
            int length = chunks.parts().stream().mapToInt(part -> part.length).sum();
            out.appendString("$").appendString(String.valueOf(length)).appendString("\r\n");
            chunks.parts().forEach(out::appendBytes);
            out.appendString("\r\n");
        } else if (reply instanceof List<?> list) {
            out.appendString("*").appendString(String.valueOf(list.size())).appendString("\r\n");
            list.forEach(item -> write(out, item));
        } else {
            throw new IllegalArgumentException("no RESP form for " + reply.getClass());
        }
    }
}
