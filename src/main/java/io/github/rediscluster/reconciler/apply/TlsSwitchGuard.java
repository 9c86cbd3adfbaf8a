package io.github.rediscluster.reconciler.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.rediscluster.reconciler.desired.RedisTls;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * Holds back the StatefulSet change that turns TLS on or off for pods that already exist. A node with
 * {@code tls-cluster yes} and one without cannot exchange a single cluster-bus message (one side speaks TLS, the other
 * plain TCP), nor can a TLS replica sync from a plain master: a roll pod by pod would leave the cluster split in two
 * halves that each fail the other's nodes. So the pod template is kept as it is (the rest of the StatefulSet is still
 * repaired) and the refusal gives the path: all pods restart at once, which the service heals like any full restart.
 * A new StatefulSet is made with TLS straight away: the guard only sees changes.
 */
final class TlsSwitchGuard implements ChangeGuard {

    private static final String TEMPLATE = "/spec/template";
    private static final String VOLUMES = TEMPLATE + "/spec/volumes";

    private final ClusterSpec spec;

    TlsSwitchGuard(ClusterSpec spec) {
        this.spec = spec;
    }

    @Override
    public Optional<String> check(ObjectNode live, ObjectNode merged) {
        boolean liveTls = mountsTls(live);
        boolean wantedTls = mountsTls(merged);
        if (liveTls == wantedTls) {
            return Optional.empty();
        }
        ChangeGuard.restore(merged, TEMPLATE, live.at(TEMPLATE));
        return Optional.of("turning TLS " + (wantedTls ? "on" : "off") + " is not done pod by pod: a node with tls-cluster"
                + " and one without cannot talk to each other, so a rolling update would split the cluster; the pod template"
                + " stays as it is. Path (a short outage): stop the clients, then kubectl -n " + spec.namespace()
                + " delete statefulset " + spec.name() + " (the pods stop; claims, volumes and nodes.conf stay); the next pass"
                + " makes it again " + (wantedTls ? "with" : "without") + " TLS, every pod starts at once, and the service"
                + " rejoins them as after any full restart");
    }

    private static boolean mountsTls(ObjectNode statefulSet) {
        return StreamSupport.stream(statefulSet.at(VOLUMES).spliterator(), false)
                .anyMatch(volume -> RedisTls.VOLUME.equals(volume.path("name").asText()));
    }
}
