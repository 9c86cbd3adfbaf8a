package io.github.rediscluster.reconciler.plan;

import static io.github.rediscluster.reconciler.plan.Facts.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MajorityOfMastersTest {

    private static final String NODES = nodes(master(0, "0-5460"), master(1, "5461-10921"), master(2, "10922-16383"));

    @Test
    void oneOfThreeMastersAnsweringHoldsEveryChangeBack() {
        StageResult result = new MajorityOfMasters().decide(facts(spec(3, 0),
                List.of(pod(0, NODES), silent(1, "timeout"), silent(2, "timeout"))), PlanSoFar.NOTHING);

        assertThat(result.waits()).containsExactly(new Wait(WaitReason.MAJORITY_LOST, "1 of 3 masters"));
        assertThat(result.laterStagesRun()).isFalse();
    }

    @Test
    void twoOfThreeAreAMajority() {
        StageResult result = new MajorityOfMasters().decide(facts(spec(3, 0),
                List.of(pod(0, NODES), pod(1, NODES), silent(2, "timeout"))), PlanSoFar.NOTHING);

        assertThat(result.waits()).isEmpty();
        assertThat(result.laterStagesRun()).isTrue();
    }
}
