package io.github.rediscluster.reconciler.apply;

import io.github.rediscluster.reconciler.observe.AuthSurvey;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.rediscluster.reconciler.desired.RedisStatefulSet;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * Holds back the StatefulSet change that turns auth on or off for pods that already run. A replica whose masterauth
 * does not match its master's requirepass cannot (re)connect to it (measured on 6.2.11 and 7.0.15: "NOAUTH
 * Authentication required" one way, "Unable to AUTH to MASTER: -ERR AUTH ... called without any password configured"
 * the other), so a roll from pods without the password to pods with it breaks replication mid-roll. The change goes
 * ahead once the last pass found every pod already as the new pods will be: all requiring the password (turning on),
 * or none (turning off). Only the password's env and args are held; the rest of the StatefulSet is still repaired.
 */
final class AuthRolloutGuard implements ChangeGuard {

    private static final String CONTAINER = "/spec/template/spec/containers/0";
    private static final String ENV = CONTAINER + "/env";
    private static final String ARGS = CONTAINER + "/args";

    private final ClusterSpec spec;
    private final AuthSurvey survey;

    AuthRolloutGuard(ClusterSpec spec, AuthSurvey survey) {
        this.spec = spec;
        this.survey = survey;
    }

    @Override
    public Optional<String> check(ObjectNode live, ObjectNode merged) {
        boolean liveAuth = readsPassword(live);
        boolean wantedAuth = readsPassword(merged);
        if (liveAuth == wantedAuth || (wantedAuth ? survey.everyPodProtected() : survey.everyPodOpen())) {
            return Optional.empty();
        }
        ChangeGuard.restore(merged, ENV, live.at(ENV));
        ChangeGuard.restore(merged, ARGS, live.at(ARGS));
        return Optional.of(wantedAuth ? turningOn() : turningOff());
    }

    private static boolean readsPassword(ObjectNode statefulSet) {
        return StreamSupport.stream(statefulSet.at(ENV).spliterator(), false)
                .map(env -> env.path("name").asText())
                .anyMatch(RedisStatefulSet.PASSWORD_ENV::equals);
    }

    private String turningOn() {
        ClusterSpec.Auth auth = spec.auth().orElseThrow();
        return "turning auth on waits: pods started without the password and pods started with it cannot replicate"
                + " from each other, so the StatefulSet rolls only once every pod already requires the password"
                + waitingFor(true) + ". Safe path: on every pod, redis-cli -h <pod ip> CONFIG SET masterauth <password>;"
                + " then on every pod, redis-cli -h <pod ip> CONFIG SET requirepass <password> (the password of Secret "
                + spec.namespace() + "/" + auth.secret() + ", key " + auth.key() + "); the next pass sees it and rolls";
    }

    private String turningOff() {
        return "turning auth off waits: pods started with the password and pods started without it cannot replicate"
                + " from each other, so the StatefulSet rolls only once no pod requires the password" + waitingFor(false)
                + ". Safe path: put redis-cluster.auth.secret back; on every pod, redis-cli -h <pod ip> -a <password>"
                + " CONFIG SET requirepass ''; then on every pod CONFIG SET masterauth ''; then remove the key again";
    }

    /** @param wantedAuth the setting the StatefulSet waits to roll to: the last pass must have read the pods with it */
    private String waitingFor(boolean wantedAuth) {
        List<String> parts = new ArrayList<>();
        if (!survey.looked() || survey.authOn() != wantedAuth) {
            parts.add("no pass has read the pods with this setting yet");
        }
        if (!survey.notProtected().isEmpty()) {
            parts.add("not requiring it yet: " + String.join(", ", survey.notProtected()));
        }
        if (!survey.unreached().isEmpty()) {
            parts.add("not answering the reconciler: " + String.join(", ", survey.unreached()));
        }
        return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
    }
}
