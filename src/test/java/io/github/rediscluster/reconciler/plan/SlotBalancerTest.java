package io.github.rediscluster.reconciler.plan;

import io.github.rediscluster.reconciler.observe.SlotRange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The move planner on literal slot maps: where slots go when masters are added, removed or uneven. */
class SlotBalancerTest {

    private static final String A = "a";
    private static final String B = "b";
    private static final String C = "c";
    private static final String D = "d";

    /** The slot map redis-cli and the bootstrap give three masters. */
    private static Map<String, List<SlotRange>> threeMasters() {
        Map<String, List<SlotRange>> owned = new LinkedHashMap<>();
        owned.put(A, List.of(new SlotRange(0, 5460)));
        owned.put(B, List.of(new SlotRange(5461, 10921)));
        owned.put(C, List.of(new SlotRange(10922, 16383)));
        return owned;
    }

    /** Each master's slot count once the transfers are done. */
    private static Map<String, Integer> after(Map<String, List<SlotRange>> owned, List<SlotBalancer.Transfer> transfers) {
        Map<String, Integer> counts = new HashMap<>();
        owned.forEach((id, ranges) -> counts.put(id, ranges.stream().mapToInt(SlotRange::size).sum()));
        for (SlotBalancer.Transfer transfer : transfers) {
            counts.merge(transfer.sourceId(), -transfer.slots().size(), Integer::sum);
            counts.merge(transfer.targetId(), transfer.slots().size(), Integer::sum);
        }
        return counts;
    }

    @Test
    void aFourthMasterGetsAQuarterTakenFromTheTopOfEachOtherMaster() {
        Map<String, List<SlotRange>> owned = threeMasters();

        List<SlotBalancer.Transfer> transfers = SlotBalancer.transfers(owned, List.of(A, B, C, D));

        assertThat(transfers).extracting(SlotBalancer.Transfer::sourceId).containsExactly(A, B, C);
        assertThat(transfers).extracting(SlotBalancer.Transfer::targetId).containsOnly(D);
        assertThat(transfers).extracting(transfer -> SlotRange.of(transfer.slots()))
                .containsExactly(List.of(new SlotRange(4096, 5460)), List.of(new SlotRange(9557, 10921)),
                        List.of(new SlotRange(15018, 16383)));
        assertThat(after(owned, transfers)).containsExactlyInAnyOrderEntriesOf(Map.of(A, 4096, B, 4096, C, 4096, D, 4096));
    }

    @Test
    void aMasterToDrainGivesEverySlotToTheOthersEvenly() {
        Map<String, List<SlotRange>> owned = new LinkedHashMap<>();
        owned.put(A, List.of(new SlotRange(0, 4095)));
        owned.put(B, List.of(new SlotRange(4096, 8191)));
        owned.put(C, List.of(new SlotRange(8192, 12287)));
        owned.put(D, List.of(new SlotRange(12288, 16383)));

        List<SlotBalancer.Transfer> transfers = SlotBalancer.transfers(owned, List.of(A, B, C));

        assertThat(transfers).extracting(SlotBalancer.Transfer::sourceId).containsOnly(D);
        assertThat(after(owned, transfers)).containsEntry(D, 0);
        assertThat(after(owned, transfers).values().stream().filter(count -> count > 0))
                .containsExactlyInAnyOrder(5462, 5461, 5461);
    }

    @Test
    void aBalancedMapNeedsNoMove() {
        assertThat(SlotBalancer.transfers(threeMasters(), List.of(A, B, C))).isEmpty();
    }

    @Test
    void theOneExtraSlotStaysWithTheMasterThatHasItSoNothingMovesForIt() {
        Map<String, List<SlotRange>> owned = new LinkedHashMap<>();
        owned.put(A, List.of(new SlotRange(0, 5460)));
        owned.put(B, List.of(new SlotRange(5461, 10921)));
        owned.put(C, List.of(new SlotRange(10922, 16383)));

        // 5461 + 5461 + 5462: within one slot of even, in whatever order the keepers come.
        assertThat(SlotBalancer.transfers(owned, List.of(C, B, A))).isEmpty();
    }

    @Test
    void scatteredAndUnevenSlotsAreEvenedOutWithinOneSlot() {
        Map<String, List<SlotRange>> owned = new LinkedHashMap<>();
        owned.put(A, List.of(new SlotRange(0, 99), new SlotRange(200, 9999)));
        owned.put(B, List.of(new SlotRange(100, 199)));
        owned.put(C, List.of(new SlotRange(10000, 16383)));

        List<SlotBalancer.Transfer> transfers = SlotBalancer.transfers(owned, List.of(A, B, C));

        assertThat(after(owned, transfers).values()).allSatisfy(count -> assertThat(count).isBetween(5461, 5462));
        assertThat(transfers).allSatisfy(transfer -> assertThat(transfer.targetId()).isEqualTo(B));
        assertThat(transfers).flatExtracting(SlotBalancer.Transfer::slots).doesNotHaveDuplicates()
                .allSatisfy(slot -> assertThat(owned.get(B).stream().noneMatch(range -> range.contains(slot))).isTrue());
    }

    @Test
    void threeMastersDownToOneGiveEverythingToIt() {
        List<SlotBalancer.Transfer> transfers = SlotBalancer.transfers(threeMasters(), List.of(B));

        assertThat(after(threeMasters(), transfers)).containsExactlyInAnyOrderEntriesOf(Map.of(A, 0, B, 16384, C, 0));
    }
}
