package io.github.rediscluster.reconciler.act;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MIGRATE batches: one slot each, bounded by keys and by bytes, a key larger than the bound alone, within the budget. */
class KeyBatchesTest {

    private static final long MB = 1L << 20;

    @Test
    void batchesHoldOneSlotAndAtMostMaxKeys() {
        Map<Integer, List<String>> keys = new LinkedHashMap<>();
        keys.put(7, List.of("a", "b", "c"));
        keys.put(9, List.of("d"));
        Map<Integer, List<Long>> sizes = Map.of(7, List.of(10L, 10L, 10L), 9, List.of(10L));

        assertThat(KeyBatches.split(keys, sizes, 2, MB, 100)).containsExactly(
                new KeyBatches.Batch<>(7, List.of("a", "b"), 20),
                new KeyBatches.Batch<>(7, List.of("c"), 10),
                new KeyBatches.Batch<>(9, List.of("d"), 10));
    }

    @Test
    void bytesBoundABatchAndAKeyLargerThanTheBoundGoesAlone() {
        Map<Integer, List<String>> keys = Map.of(3, List.of("small1", "small2", "huge", "small3", "mb1", "mb2", "mb3"));
        Map<Integer, List<Long>> sizes = Map.of(3, List.of(100L, 100L, 9 * MB, 100L, MB, MB, MB));

        assertThat(KeyBatches.split(keys, sizes, 100, 2 * MB, 100)).containsExactly(
                new KeyBatches.Batch<>(3, List.of("small1", "small2"), 200),
                new KeyBatches.Batch<>(3, List.of("huge"), 9 * MB),
                new KeyBatches.Batch<>(3, List.of("small3", "mb1"), MB + 100),
                new KeyBatches.Batch<>(3, List.of("mb2", "mb3"), 2 * MB));
    }

    @Test
    void noMoreKeysThanTheBudget() {
        Map<Integer, List<String>> keys = new LinkedHashMap<>();
        keys.put(1, List.of("a", "b"));
        keys.put(2, List.of("c", "d"));
        Map<Integer, List<Long>> sizes = Map.of(1, List.of(1L, 1L), 2, List.of(1L, 1L));

        assertThat(KeyBatches.split(keys, sizes, 100, MB, 3)).containsExactly(
                new KeyBatches.Batch<>(1, List.of("a", "b"), 2),
                new KeyBatches.Batch<>(2, List.of("c"), 1));
    }
}
