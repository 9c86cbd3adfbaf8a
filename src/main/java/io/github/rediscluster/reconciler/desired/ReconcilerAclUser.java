package io.github.rediscluster.reconciler.desired;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.github.rediscluster.reconciler.redis.ReconcilerCommands;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The reconciler's own ACL user in the redis pods ({@code redis-cluster.auth.reconciler-user}): a {@code user}
 * directive given on redis-server's command line, {@code --user <name> reset on >$(REDIS_RECONCILER_PASSWORD) ~*
 * resetchannels -@all +cluster|nodes ...}, the commands being {@link ReconcilerCommands}'s. The password comes from its
 * Secret through the environment, expanded by the kubelet as the default user's is: it is in no ConfigMap, and
 * redis-server rewrites its process title, so it is not on the command line of the running process either. Inline, not
 * an {@code aclfile}: Redis refuses {@code user} directives next to an aclfile, and a file would have to be written
 * somewhere with the password in it; the command line keeps the user a pure function of the spec (ACL SETUSER or ACL
 * SAVE by clients stays possible, for their own users).
 */
public final class ReconcilerAclUser {

    public static final String PASSWORD_ENV = "REDIS_RECONCILER_PASSWORD";

    private ReconcilerAclUser() {
    }

    static List<String> args(ClusterSpec spec) {
        return spec.auth().flatMap(ClusterSpec.Auth::reconcilerUser).map(user -> {
            List<String> args = new ArrayList<>(List.of("--user", user, "reset", "on", ">$(" + PASSWORD_ENV + ")"));
            args.addAll(ReconcilerCommands.aclRules());
            return args;
        }).orElse(List.of());
    }

    static List<EnvVar> env(ClusterSpec spec) {
        return spec.auth().flatMap(ClusterSpec.Auth::reconcilerSecret).map(secret -> List.of(new EnvVarBuilder()
                .withName(PASSWORD_ENV)
                .withNewValueFrom().withNewSecretKeyRef().withName(secret).withKey(ClusterSpec.Auth.RECONCILER_KEY)
                .withOptional(false).endSecretKeyRef().endValueFrom()
                .build())).orElse(List.of());
    }
}
