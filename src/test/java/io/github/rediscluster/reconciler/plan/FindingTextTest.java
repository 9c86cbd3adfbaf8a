package io.github.rediscluster.reconciler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FindingTextTest {

    @Test
    void everyReasonIsWordedWithItsSubjectAndDetail() {
        Arrays.stream(WaitReason.values()).map(reason -> new Wait(reason, "SUBJECT", "DETAIL")).forEach(wait ->
                assertThat(wait.text()).as(wait.reason().name()).isNotBlank().doesNotContain("null"));
        Arrays.stream(RefusalReason.values()).map(reason -> new Refusal(reason, "SUBJECT", "DETAIL")).forEach(refusal ->
                assertThat(refusal.text()).as(refusal.reason().name()).contains("SUBJECT").doesNotContain("null"));
    }

    @Test
    void aReasonIsItsOwnEventReasonInCamelCase() {
        assertThat(new Refusal(RefusalReason.OPEN_SLOT_KEYS_ON_NON_OWNER, "slot 7").eventReason()).isEqualTo("OpenSlotKeysOnNonOwner");
        assertThat(new Wait(WaitReason.SLOT_OPEN, "slot 7").eventReason()).isEqualTo("SlotOpen");
    }

    @Test
    void textsStayAsUsersKnowThem() {
        assertThat(new Wait(WaitReason.POD_MISSING, "redis-app-3, redis-app-4").text()).isEqualTo("no such pod yet: redis-app-3, redis-app-4");
        assertThat(new Wait(WaitReason.MAJORITY_LOST, "1 of 3 masters").text())
                .isEqualTo("only 1 of 3 masters answer: no topology change until a majority does");
        assertThat(new Wait(WaitReason.REPLICAS_COUNT, "redis-app-0", "0 replicas; the spec wants 1").text())
                .isEqualTo("redis-app-0 has 0 replicas; the spec wants 1");
    }

    @Test
    void onlyWaitsForPodsAreLeftToThePodWatch() {
        assertThat(Arrays.stream(WaitReason.values()).filter(reason -> !reason.converging()))
                .containsExactlyInAnyOrder(WaitReason.POD_MISSING, WaitReason.POD_NOT_ANSWERING, WaitReason.FORMING_AWAITS_PODS,
                        WaitReason.MAJORITY_LOST, WaitReason.SLOT_OPEN_AWAITS_PODS, WaitReason.SLOT_OPEN_OWNER_SILENT, WaitReason.SLOT_OWNER_SILENT,
                        WaitReason.SLOTS_UNCOVERED_AWAITS_PODS, WaitReason.NEW_PODS_PENDING, WaitReason.MOVES_AWAIT_PODS,
                        WaitReason.GONE_NODE_AWAITS_PODS,
                        // redis.conf waits: for the pods to answer CONFIG GET or restart, or for a spec edit
                        WaitReason.CONFIG_UNREADABLE, WaitReason.CONFIG_RESTART_PENDING, WaitReason.CONFIG_DIRECTIVE_UNKNOWN);
    }
}
