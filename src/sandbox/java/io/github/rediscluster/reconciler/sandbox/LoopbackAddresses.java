package io.github.rediscluster.reconciler.sandbox;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Pod IPs for the sandbox: Linux answers on all of 127.0.0.0/8, so each pod start gets a loopback address
 * of its own, never handed out twice by one sandbox (a restarted pod shows up on a new IP, as in a
 * cluster). The range starts at a random point of 127.16.0.0-127.239.255.254, away from 127.0.0.x where
 * local services listen, so two sandboxes on one machine (a test run beside a dev run) rarely meet, and an
 * address whose ports are taken is skipped.
 */
public final class LoopbackAddresses {

    private static final int FIRST = (127 << 24) | (16 << 16);
    private static final int SPAN = (240 - 16) << 16;

    private int next;

    public LoopbackAddresses() {
        this(ThreadLocalRandom.current().nextInt(SPAN));
    }

    LoopbackAddresses(int offset) {
        this.next = Math.floorMod(offset, SPAN);
    }

    /** A fresh address on which every given port is free right now. */
    public synchronized String allocate(List<Integer> ports) {
        for (int tries = 0; tries < 1000; tries++) {
            int address = FIRST + next;
            next = (next + 1) % SPAN;
            int lastOctet = address & 0xff;
            if (lastOctet != 0 && lastOctet != 255 && portsFree(format(address), ports)) {
                return format(address);
            }
        }
        throw new IllegalStateException("no free loopback address found for ports " + ports);
    }

    private static boolean portsFree(String address, List<Integer> ports) {
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    static String format(int address) {
        return ((address >>> 24) & 0xff) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }
}
