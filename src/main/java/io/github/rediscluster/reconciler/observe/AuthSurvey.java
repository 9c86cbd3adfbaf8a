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
 * @param asDefaultUser with the reconciler's own ACL user configured, pods that refused it and were read as the default
 *        user: started before the user was (a rolling restart gives it to them), or with another password of it
 */
public record AuthSurvey(boolean looked, boolean authOn, List<String> notProtected, List<String> unreached,
        List<String> asDefaultUser) {

    public static final AuthSurvey NONE = new AuthSurvey(false, false, List.of(), List.of());

    public AuthSurvey {
        notProtected = List.copyOf(notProtected);
        unreached = List.copyOf(unreached);
        asDefaultUser = List.copyOf(asDefaultUser);
    }

    public AuthSurvey(boolean looked, boolean authOn, List<String> notProtected, List<String> unreached) {
        this(looked, authOn, notProtected, unreached, List.of());
    }

    /** @param userOn whether the pass authenticated as the reconciler's own ACL user where pods know it */
    public static AuthSurvey of(boolean authOn, boolean userOn, ObservedCluster observed, Map<String, PodAuth> authByIp) {
        List<String> unreached = observed.pods().stream().filter(pod -> pod.view().isEmpty()).map(AuthSurvey::name).toList();
        List<String> notProtected = answeredWith(observed, authByIp, PodAuth.NOT_PROTECTED);
        return new AuthSurvey(true, authOn, notProtected, unreached,
                userOn ? answeredWith(observed, authByIp, PodAuth.PROTECTED) : List.of());
    }

    private static List<String> answeredWith(ObservedCluster observed, Map<String, PodAuth> authByIp, PodAuth auth) {
        return observed.pods().stream().filter(pod -> pod.view().isPresent())
                .filter(pod -> authByIp.get(pod.pod().ip()) == auth).map(AuthSurvey::name).toList();
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
