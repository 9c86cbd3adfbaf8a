package io.github.rediscluster.reconciler.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** What the dev-mode sandbox tells its user: the chaos controls and where to look. */
final class SandboxHelp {

    private SandboxHelp() {
    }

    static String banner(int httpPort, String apiUrl) {
        String base = "http://localhost:" + httpPort + "/sandbox";
        return String.join(System.lineSeparator(),
                "Sandbox ready: the reconciler applies dev/application.properties to the embedded API at " + apiUrl
                        + " and the sandbox runs its pods as redis-server processes on loopback IPs.",
                "  curl " + base + "                              pods, IPs, nodes, data directories",
                "  curl -X POST " + base + "/pods/<pod>/restart          kill a pod: it comes back on a new IP",
                "  curl -X POST " + base + "/restart-all                 kill every pod at once: all come back on new IPs",
                "  curl -X POST '" + base + "/pods/<pod>/stop?seconds=30'  keep a pod down, then start it on the same IP",
                "  curl -X POST " + base + "/pods/<pod>/delete           delete a pod through the API (graceful SIGTERM)",
                "  curl -X POST " + base + "/pods/<pod>/lose-volume      empty its PV and restart it: it comes back as a new empty node",
                "  curl '" + base + "/pods/<pod>/redis?command=cluster+nodes'   any Redis command on a pod",
                "  redis-cli -h <pod ip> -p 6379 cluster nodes   (redis-cli is in Debian's redis-tools package)",
                "Auth: the sandbox made Secret " + SandboxLauncher.AUTH_SECRET + " (its password is sandbox.redis-password);"
                        + " redis-cluster.auth.secret=" + SandboxLauncher.AUTH_SECRET + " in the spec turns it on.");
    }

    static String table(Sandbox sandbox) {
        List<SandboxPod> pods = sandbox.pods();
        String rows = pods.isEmpty() ? "  (no pods yet: the StatefulSet has not been applied, or has 0 replicas)"
                : pods.stream().map(pod -> "  " + pod.describe()).collect(Collectors.joining(System.lineSeparator()));
        String data = pods.stream()
                .map(pod -> "  " + pod.name() + ": " + pod.volumes(Path::toString))
                .collect(Collectors.joining(System.lineSeparator()));
        return String.join(System.lineSeparator(),
                "Pods run " + sandbox.redisServer() + ". The NFS server is " + sandbox.nfsRoot() + ".",
                String.format("  %-20s %-16s %-15s %-18s %s", "NAME", "IP", "NODE", "STATE", "RESTARTS"),
                rows, "Volumes and logs:", data, "") + System.lineSeparator();
    }
}
