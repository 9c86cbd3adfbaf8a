package io.github.rediscluster.reconciler.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The readiness probe of a sandbox pod: the container's exec probe ({@code redis-cli ping}) is played as a
 * PING over TCP to the pod's client port, ready on +PONG (a loading or broken server answers otherwise).
 */
final class PingProbe {

    private static final byte[] PING = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String PONG = "+PONG";

    private PingProbe() {
    }

    static boolean answers(String ip, int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ip, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            socket.getOutputStream().write(PING);
            return firstLine(socket.getInputStream()).equals(PONG);
        } catch (IOException e) {
            return false;
        }
    }

    private static String firstLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != -1 && b != '\r' && line.length() < 256; b = in.read()) {
            line.append((char) b);
        }
        return line.toString();
    }
}
