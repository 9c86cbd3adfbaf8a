package io.github.rediscluster.reconciler.apply;

import io.github.rediscluster.reconciler.observe.AuthSurvey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.rediscluster.reconciler.desired.RedisStatefulSet;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.Specs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The StatefulSet rolls to pods with (or without) the password only when every running pod already is so. */
class AuthRolloutGuardTest {

    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final ClusterSpec OPEN = Specs.classic();
    private static final ClusterSpec SECURED = Specs.classicWith("redis-cluster.auth.secret", "redis-auth");
    private static final String CONTAINER = "/spec/template/spec/containers/0";

    private static ObjectNode statefulSet(ClusterSpec spec) {
        return (ObjectNode) JSON.convertValue(RedisStatefulSet.desired(spec), JsonNode.class);
    }

    private static AuthSurvey survey(boolean authOn, List<String> notProtected, List<String> unreached) {
        return new AuthSurvey(true, authOn, notProtected, unreached);
    }

    @Test
    void turningAuthOnWaitsWhilePodsDoNotRequireThePasswordAndSaysTheSafePath() {
        ObjectNode live = statefulSet(OPEN);
        ObjectNode merged = statefulSet(Specs.classicWith("redis-cluster.auth.secret", "redis-auth", "redis-cluster.image", "redis:7.4"));

        var refusal = new AuthRolloutGuard(SECURED, survey(true, List.of("redis-app-0", "redis-app-3"), List.of())).check(live, merged);

        assertThat(refusal).hasValueSatisfying(message -> assertThat(message)
                .startsWith("turning auth on waits: pods started without the password and pods started with it cannot replicate")
                .contains("not requiring it yet: redis-app-0, redis-app-3")
                .contains("CONFIG SET masterauth <password>;").contains("then on every pod, redis-cli -h <pod ip> CONFIG SET requirepass <password>")
                .contains("Secret default/redis-auth, key password"));
        assertThat(merged.at(CONTAINER + "/env")).as("env held").isEqualTo(live.at(CONTAINER + "/env"));
        assertThat(merged.at(CONTAINER + "/args")).as("args held").isEqualTo(live.at(CONTAINER + "/args"));
        assertThat(merged.at(CONTAINER + "/image").asText()).as("the rest of the template still goes").isEqualTo("redis:7.4");
    }

    @Test
    void beforeAnyPassLookedOrWithPodsNotAnsweringItWaitsToo() {
        assertThat(new AuthRolloutGuard(SECURED, AuthSurvey.NONE).check(statefulSet(OPEN), statefulSet(SECURED)))
                .hasValueSatisfying(message -> assertThat(message).contains("no pass has read the pods with this setting yet"));
        assertThat(new AuthRolloutGuard(SECURED, survey(true, List.of(), List.of("redis-app-2"))).check(statefulSet(OPEN), statefulSet(SECURED)))
                .hasValueSatisfying(message -> assertThat(message).contains("not answering the reconciler: redis-app-2"));
    }

    @Test
    void aPassThatReadThePodsWithoutThePasswordDoesNotCount() {
        assertThat(new AuthRolloutGuard(SECURED, survey(false, List.of(), List.of())).check(statefulSet(OPEN), statefulSet(SECURED)))
                .hasValueSatisfying(message -> assertThat(message).contains("no pass has read the pods with this setting yet"));
    }

    @Test
    void onceEveryPodRequiresThePasswordTheStatefulSetRolls() {
        ObjectNode merged = statefulSet(SECURED);

        assertThat(new AuthRolloutGuard(SECURED, survey(true, List.of(), List.of())).check(statefulSet(OPEN), merged)).isEmpty();

        assertThat(merged).isEqualTo(statefulSet(SECURED));
    }

    @Test
    void turningAuthOffWaitsUntilNoPodRequiresIt() {
        ObjectNode merged = statefulSet(OPEN);

        assertThat(new AuthRolloutGuard(OPEN, survey(false, List.of(), List.of("redis-app-1"))).check(statefulSet(SECURED), merged))
                .hasValueSatisfying(message -> assertThat(message).startsWith("turning auth off waits")
                        .contains("not answering the reconciler: redis-app-1"));
        assertThat(merged).isEqualTo(statefulSet(SECURED));

        ObjectNode open = statefulSet(OPEN);
        assertThat(new AuthRolloutGuard(OPEN, survey(false, List.of(), List.of())).check(statefulSet(SECURED), open)).isEmpty();
        assertThat(open).isEqualTo(statefulSet(OPEN));
    }

    @Test
    void noChangeOfAuthNeedsNothing() {
        assertThat(new AuthRolloutGuard(SECURED, AuthSurvey.NONE).check(statefulSet(SECURED), statefulSet(SECURED))).isEmpty();
        assertThat(new AuthRolloutGuard(OPEN, AuthSurvey.NONE).check(statefulSet(OPEN), statefulSet(OPEN))).isEmpty();
    }
}
