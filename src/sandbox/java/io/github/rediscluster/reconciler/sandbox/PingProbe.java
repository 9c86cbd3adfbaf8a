package io.github.rediscluster.reconciler.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The readiness probe of a sandbox pod: the container's exec probe ({@code redis-cli ping}) is played as a
 * PING over TCP to the pod's client port, ready on +PONG (a loading or broken server answers otherwise). When the
 * container has {@code REDISCLI_AUTH}, as redis-cli would, the probe sends AUTH with it first.
 */
final class PingProbe {

    private static final byte[] PING = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String PONG = "+PONG";

    private PingProbe() {
    }

    /** The variable redis-cli takes its password from. */
    static final String PASSWORD_VARIABLE = "REDISCLI_AUTH";

    static boolean answers(String ip, int port, Duration timeout, Optional<String> password, Optional<ProbeTls> tls) {
        try (Socket socket = ProbeTls.open(tls, ip, port, timeout)) {
            InputStream in = socket.getInputStream();
            if (password.isPresent()) {
                socket.getOutputStream().write(auth(password.get()));
                if (!firstLine(in).equals("+OK")) {
                    return false;
                }
            }
            socket.getOutputStream().write(PING);
            return firstLine(in).equals(PONG);
        } catch (IOException e) {
            return false;
        }
    }

    static byte[] auth(String password) {
        byte[] value = password.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        command.writeBytes(("*2\r\n$4\r\nAUTH\r\n$" + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        command.writeBytes(value);
        command.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return command.toByteArray();
    }

    /** One reply line, its CRLF consumed, so that the next reply on the connection starts clean. */
    static String firstLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1 && b != '\r' && line.length() < 256; b = in.read()) {
            line.append((char) b);
        }
        in.read();
        return line.toString();
    }
}
