package io.github.rediscluster.reconciler.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * A kubelet's graceful termination of a pod whose deletionTimestamp is set, played off the sandbox thread: the
 * container's preStop hook, then SIGTERM, SIGKILL when the grace period is over, then the pod object removed from
 * the API (as the kubelet does once its containers are gone), so the StatefulSet makes it again.
 *
 * <p>The preStop exec hook of the redis-server container (wait while this server is a master with replicas) is played
 * as INFO replication over TCP every 100 ms, like {@link PingProbe} plays the readiness probe's redis-cli.
 */
public final class PodTermination {

    /** Holds a deleted pod in the mock API (which otherwise removes it at once) until its termination has run. */
    static final String FINALIZER = "sandbox.rediscluster.github.io/kubelet";
    private static final Logger LOG = Logger.getLogger(PodTermination.class);
    private static final Duration POLL = Duration.ofMillis(100);
    /** The preStop hook's own bound (PreStopHook.LONGEST_WAIT). */
    private static final Duration HOOK_BOUND = Duration.ofSeconds(20);

    /** How one pod ended: how long its preStop hook held SIGTERM, and the server's role when SIGTERM came. */
    public record Ended(String pod, Duration preStop, String roleAtSigterm, boolean killed) {
    }

    private PodTermination() {
    }

    /** Starts the termination; {@code ended} gets its record once the pod object is gone. */
    static CompletableFuture<Void> start(KubernetesClient client, String namespace, Pod pod, PodRuntime runtime,
            List<Ended> ended) {
        Process process = runtime.process;
        String ip = runtime.address == null ? null : runtime.address.podIp();
        int port = runtime.port;
        Optional<String> password = runtime.probePassword;
        Optional<ProbeTls> tls = runtime.probeTls;
        boolean hook = hasPreStopHook(pod.getSpec().getContainers().get(0));
        Long seconds = pod.getMetadata().getDeletionGracePeriodSeconds();
        Duration grace = Duration.ofSeconds(seconds == null ? 30 : seconds);
        String name = pod.getMetadata().getName();
        return CompletableFuture.runAsync(() -> {
            Instant start = Instant.now();
            Instant graceEnd = start.plus(grace);
            String role = process != null && ip != null ? role(ip, port, password, tls) : "not running";
            if (hook && process != null && ip != null) {
                // As the hook does: hold while a master that has had a replica during the hook; one that showed none
                // within the first second stops. A coordinated failover disconnects the replica a moment before the old
                // master learns it is one, so "no replica left" alone would let SIGTERM land in that gap.
                Instant hookEnd = min(graceEnd, start.plus(HOOK_BOUND));
                Instant settled = min(hookEnd, start.plus(Duration.ofSeconds(1)));
                boolean hadReplicas = false;
                while (Instant.now().isBefore(hookEnd)) {
                    String info = info(ip, port, password, tls);
                    if (!info.contains("role:master")) {
                        break;
                    }
                    hadReplicas |= masterWithReplicas(info);
                    if (!hadReplicas && !Instant.now().isBefore(settled)) {
                        break;
                    }
                    sleep();
                }
                role = role(ip, port, password, tls);
            }
            Duration preStop = Duration.between(start, Instant.now());
            boolean killed = false;
            if (process != null) {
                LOG.infof("Sandbox: pod %s terminating: preStop took %d ms, SIGTERM to redis-server (role %s)", name,
                        preStop.toMillis(), role);
                process.destroy();
                killed = !waitFor(process, Duration.between(Instant.now(), graceEnd));
                if (killed) {
                    SandboxProcesses.kill(process);
                }
            }
            ended.add(new Ended(name, preStop, role, killed));
            release(client, namespace, name);
        });
    }

    /** Takes the finalizer off, which lets the API remove the pod; retried, since the kubelet may update it meanwhile. */
    private static void release(KubernetesClient client, String namespace, String name) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.pods().inNamespace(namespace).withName(name).edit(pod -> {
                    pod.getMetadata().getFinalizers().remove(FINALIZER);
                    return pod;
                });
                return;
            } catch (RuntimeException e) {
                if (attempt == 5) {
                    LOG.warnf("Sandbox: could not release pod %s after its termination: %s", name, e.getMessage());
                    return;
                }
                sleep();
            }
        }
    }

    static List<Ended> newLog() {
        return new CopyOnWriteArrayList<>();
    }

    private static boolean hasPreStopHook(Container container) {
        return container.getLifecycle() != null && container.getLifecycle().getPreStop() != null
                && container.getLifecycle().getPreStop().getExec() != null;
    }

    private static boolean masterWithReplicas(String info) {
        return info.contains("role:master") && !info.contains("connected_slaves:0") && info.contains("connected_slaves:");
    }

    private static String role(String ip, int port, Optional<String> password, Optional<ProbeTls> tls) {
        String info = info(ip, port, password, tls);
        return info.lines().filter(line -> line.startsWith("role:")).map(line -> line.substring(5).strip()).findFirst()
                .orElse("unknown (no answer)");
    }

    /** INFO replication's text, or "" when the server does not answer. */
    private static String info(String ip, int port, Optional<String> password, Optional<ProbeTls> tls) {
        try (Socket socket = ProbeTls.open(tls, ip, port, Duration.ofMillis(500))) {
            InputStream in = socket.getInputStream();
            if (password.isPresent()) {
                socket.getOutputStream().write(PingProbe.auth(password.get()));
                if (!PingProbe.firstLine(in).equals("+OK")) {
                    return "";
                }
            }
            socket.getOutputStream().write("*2\r\n$4\r\nINFO\r\n$11\r\nreplication\r\n".getBytes(StandardCharsets.US_ASCII));
            String header = PingProbe.firstLine(in);
            if (!header.startsWith("$")) {
                return "";
            }
            return new String(in.readNBytes(Integer.parseInt(header.substring(1))), StandardCharsets.UTF_8);
        } catch (IOException | NumberFormatException e) {
            return "";
        }
    }

    private static boolean waitFor(Process process, Duration timeout) {
        try {
            return process.waitFor(Math.max(0, timeout.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
