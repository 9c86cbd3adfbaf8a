package io.github.rediscluster.reconciler.plan;

import io.github.rediscluster.reconciler.desired.RedisTls;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Certificate rotation without a restart: a pod whose TLS handshake presented another certificate than the Secret's
 * {@code tls.crt} gets {@code CONFIG SET tls-cert-file <the path it has>}, which makes redis-server read its
 * certificate, key and CA files again (6.2.11 and 7.0.15 alike, measured: the next handshake presents the new
 * certificate; the files are the Secret volume's, which the kubelet swaps in place). Until the kubelet has written the
 * new files the reload reads the old ones, changes nothing, and the next pass tries again. Pure.
 *
 * <p>The path is the one the pod answered to {@code CONFIG GET tls-cert-file}, not the one the reconciler would render:
 * any other path makes the reload read other files, or none. (Sending the rendered {@code /etc/redis-tls/tls.crt} to the
 * sandbox's processes, which see their mounts at other paths, failed on both versions; 7.0.15 then re-applied its old
 * settings while restoring them, which reloaded the files by accident, and 6.2.11 did not: hence "rotation fails on
 * 6.2" in the sandbox.)
 */
public final class CertificateReload {

    private CertificateReload() {
    }

    /** The directive whose value the reload sets again. */
    public static final String CERT_FILE = "tls-cert-file";

    /**
     * The pods to reload: they answered, and presented another certificate than the Secret's.
     *
     * @param wanted SHA-256 of the Secret's certificate
     * @param presented SHA-256 of the certificate each pod IP presented to this pass's connections
     */
    public static List<ObservedPod> stale(String wanted, List<ObservedPod> pods, Map<String, String> presented) {
        return pods.stream().filter(ObservedPod::answered).filter(pod -> {
            String found = presented.get(pod.pod().ip());
            return found != null && !found.equals(wanted);
        }).toList();
    }

    /**
     * @param certFiles each stale pod's {@code tls-cert-file}, by pod name, as it answered; the rendered path where it did not
     */
    public static AddedSteps plan(String wanted, List<ObservedPod> pods, Map<String, String> presented,
            Map<String, String> certFiles) {
        List<TopologyStep> steps = new ArrayList<>();
        for (ObservedPod pod : stale(wanted, pods, presented)) {
            String file = certFiles.getOrDefault(pod.pod().name(), RedisTls.path(RedisTls.CERT));
            steps.add(new TopologyStep(TopologyStep.Kind.RELOAD_CERTIFICATES, pod.pod().name(),
                    "it presents certificate " + shortly(presented.get(pod.pod().ip())) + ", the Secret holds "
                            + shortly(wanted) + ": reloaded from its files without a restart",
                    List.of(RedisCommand.on(pod.pod(), "CONFIG", "SET", CERT_FILE, file))));
        }
        return new AddedSteps(steps, List.of());
    }

    private static String shortly(String fingerprint) {
        return fingerprint.substring(0, Math.min(12, fingerprint.length()));
    }
}
