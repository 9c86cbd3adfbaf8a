package io.github.rediscluster.reconciler.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.act.StepOutcome;
import io.github.rediscluster.reconciler.observe.ObservedCluster;
import io.github.rediscluster.reconciler.plan.Refusal;
import io.github.rediscluster.reconciler.plan.RefusalReason;
import io.github.rediscluster.reconciler.plan.TopologyPlan;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import io.github.rediscluster.reconciler.plan.Wait;
import io.github.rediscluster.reconciler.plan.WaitReason;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the Redis side of a pass sets the loop's pace, and what it tells as problems. */
class TopologyReportTest {

    private static TopologyReport report(List<TopologyStep> steps, List<Wait> waits, List<Refusal> refusals) {
        return TopologyReport.of(6, new ObservedCluster(List.of()), new TopologyPlan(steps, waits, refusals), List.of(), false, 0);
    }

    @Test
    void aWaitRedisSettlesByItselfBringsTheNextPassAtTheNextTick() {
        assertThat(report(List.of(), List.of(new Wait(WaitReason.HANDSHAKE, "redis-app-0")), List.of()).settled()).isFalse();
        assertThat(report(List.of(), List.of(new Wait(WaitReason.FAILOVER_IN_FLIGHT, "redis-app-1", "redis-app-3")), List.of())
                .settled()).isFalse();
    }

    @Test
    void waitingForPodsIsLeftToThePodWatch() {
        assertThat(report(List.of(), List.of(new Wait(WaitReason.POD_MISSING, "redis-app-5"),
                new Wait(WaitReason.MOVES_AWAIT_PODS, "4096 slots to move to even out the masters")), List.of()).settled()).isTrue();
    }

    @Test
    void aStepTakenIsLookedAtAtTheNextTick() {
        TopologyStep step = new TopologyStep(TopologyStep.Kind.REPLICATE, "redis-app-3", "a replica", List.of());
        assertThat(report(List.of(step), List.of(), List.of()).settled()).isFalse();
    }

    @Test
    void introductionsTakenAndAReplicaWaitingForItsMasterBringAQuickFollowUpOtherWaitsDoNot() {
        TopologyStep meet = new TopologyStep(TopologyStep.Kind.REJOIN, "redis-app-1", "moved", List.of());
        TopologyStep replicate = new TopologyStep(TopologyStep.Kind.REPLICATE, "redis-app-3", "a replica", List.of());
        TopologyPlan plan = new TopologyPlan(List.of(meet), List.of(), List.of());

        assertThat(TopologyReport.of(6, new ObservedCluster(List.of()), plan, List.of(new StepOutcome(meet, List.of())),
                false, 0).followUpSoon()).isTrue();
        assertThat(TopologyReport.of(6, new ObservedCluster(List.of()), plan, List.of(new StepOutcome(meet, List.of("refused"))),
                false, 0).followUpSoon()).as("a MEET that failed started no handshake").isFalse();
        assertThat(TopologyReport.of(6, new ObservedCluster(List.of()), new TopologyPlan(List.of(replicate), List.of(), List.of()),
                List.of(new StepOutcome(replicate, List.of())), false, 0).followUpSoon()).as("a sync is Redis's pace").isFalse();
        assertThat(report(List.of(), List.of(new Wait(WaitReason.REPLICA_MASTER_UNKNOWN, "redis-app-3", "redis-app-1")),
                List.of()).followUpSoon()).isTrue();
        assertThat(report(List.of(), List.of(new Wait(WaitReason.HANDSHAKE, "redis-app-0"),
                new Wait(WaitReason.FAILURE_FLAG, "redis-app-2", "redis-app-1 as fail?")), List.of()).followUpSoon()).isFalse();
    }

    @Test
    void problemsAreTheRenderedFindings() {
        TopologyReport report = report(List.of(), List.of(new Wait(WaitReason.POD_MISSING, "redis-app-5")),
                List.of(new Refusal(RefusalReason.SLOTS_CONTESTED, "slots [5]")));

        assertThat(report.problems()).containsExactly("no such pod yet: redis-app-5", "needs a human: slots [5] have no owner and"
                + " keys on more than one node (or on a replica): fix by hand with `redis-cli --cluster fix`");
        assertThat(report.settled()).as("a refusal alone waits for a human, not for the next tick").isTrue();
    }
}
