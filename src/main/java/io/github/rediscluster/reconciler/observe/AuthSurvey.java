package io.github.rediscluster.reconciler.observe;

import io.github.rediscluster.reconciler.redis.PodAuth;
import java.util.List;
import java.util.Map;

/**
 * Whether the pods require the password, as the last pass of the Redis side found them: what decides whether the
 * StatefulSet may roll to pods started with (or without) it.
 *
 * @param looked false before the first pass that read the pods, or when it could not (the Secret was missing)
 * @param authOn whether that pass had a password to send
 * @param notProtected pods that answered AUTH with "no password configured"
 * @param unreached pods that could not be read (no IP yet, down, or refusing the reconciler)
 */
public record AuthSurvey(boolean looked, boolean authOn, List<String> notProtected, List<String> unreached) {

    public static final AuthSurvey NONE = new AuthSurvey(false, false, List.of(), List.of());

    public AuthSurvey {
        notProtected = List.copyOf(notProtected);
        unreached = List.copyOf(unreached);
    }

    public static AuthSurvey of(boolean authOn, ObservedCluster observed, Map<String, PodAuth> authByIp) {
        List<String> unreached = observed.pods().stream().filter(pod -> pod.view().isEmpty()).map(AuthSurvey::name).toList();
        List<String> notProtected = observed.pods().stream().filter(pod -> pod.view().isPresent())
                .filter(pod -> authByIp.get(pod.pod().ip()) == PodAuth.NOT_PROTECTED).map(AuthSurvey::name).toList();
        return new AuthSurvey(true, authOn, notProtected, unreached);
    }

    private static String name(ObservedPod pod) {
        return pod.pod().name();
    }

    /** Every pod answered and already requires the password: new pods started with it can replicate with all. */
    public boolean everyPodProtected() {
        return looked && authOn && notProtected.isEmpty() && unreached.isEmpty();
    }

    /** Every pod answered without a password, so none requires one any more. */
    public boolean everyPodOpen() {
        return looked && !authOn && unreached.isEmpty();
    }
}
