package io.github.rediscluster.reconciler.plan;

import io.github.rediscluster.reconciler.desired.RedisTls;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Certificate rotation without a restart: a pod whose TLS handshake presented another certificate than the Secret's
 * {@code tls.crt} gets {@code CONFIG SET tls-cert-file <the same path>}, which makes redis-server read its certificate,
 * key and CA files again (6.2.11 and 7.0.15 alike, measured: the next handshake presents the new certificate; the
 * files are the Secret volume's, which the kubelet swaps in place). Until the kubelet has written the new files the
 * reload reads the old ones, changes nothing, and the next pass tries again. Pure.
 */
public final class CertificateReload {

    private CertificateReload() {
    }

    /**
     * @param wanted SHA-256 of the Secret's certificate
     * @param presented SHA-256 of the certificate each pod IP presented to this pass's connections
     */
    public static AddedSteps plan(String wanted, List<ObservedPod> pods, Map<String, String> presented) {
        List<TopologyStep> steps = new ArrayList<>();
        for (ObservedPod pod : pods) {
            String found = presented.get(pod.pod().ip());
            if (pod.answered() && found != null && !found.equals(wanted)) {
                steps.add(new TopologyStep(TopologyStep.Kind.RELOAD_CERTIFICATES, pod.pod().name(),
                        "it presents certificate " + shortly(found) + ", the Secret holds " + shortly(wanted)
                                + ": reloaded from its files without a restart",
                        List.of(RedisCommand.on(pod.pod(), "CONFIG", "SET", "tls-cert-file", RedisTls.path(RedisTls.CERT)))));
            }
        }
        return new AddedSteps(steps, List.of());
    }

    private static String shortly(String fingerprint) {
        return fingerprint.substring(0, Math.min(12, fingerprint.length()));
    }
}
