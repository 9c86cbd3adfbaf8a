package io.github.rediscluster.reconciler.observe;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which master holding keys has all 16,384 slots counted this pass, to find keys it holds in slots other masters own.
 *
 * <p>A master without slots that holds keys always does: every key it holds is stray. A master that owns slots does
 * when it was promoted from replica since its process started ({@code second_repl_offset} in INFO replication, set
 * when Redis shifts the replication ID on promotion): after a failover in the middle of a slot move that took both
 * sides' marks with it (the importing target stopped past {@code cluster-node-timeout} and its replica took over, the
 * migrating source failed over too), the promoted replica holds the moved keys in slots another master owns, and no
 * mark says so. Counting every slot costs 16,384 pipelined commands, so at most one such promoted master a pass is
 * counted: they take turns, one each second of {@code epochSecond}, in the order of their pod names, so a cluster
 * whose every master was once promoted (after a rolling restart) costs one master's count a pass, not all of them.
 */
public final class StrayKeySearch {

    private StrayKeySearch() {
    }

    /** Whether {@code view} is that of a master promoted from replica since its process started. */
    public static boolean promoted(RedisView view) {
        String offset = view.info().getOrDefault("second_repl_offset", "-1");
        try {
            return view.myself().master() && Long.parseLong(offset.trim()) >= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The master owning slots, holding keys and promoted, whose turn it is at {@code epochSecond}; none when none is. */
    public static Optional<ObservedPod> promotedToCount(List<ObservedPod> observed, long epochSecond) {
        List<ObservedPod> candidates = observed.stream()
                .filter(pod -> pod.view().filter(view -> view.keys() > 0 && view.myself().ownsSlots() && promoted(view))
                        .isPresent())
                .sorted(Comparator.comparing(pod -> pod.pod().name()))
                .toList();
        return candidates.isEmpty() ? Optional.empty()
                : Optional.of(candidates.get((int) Math.floorMod(epochSecond, (long) candidates.size())));
    }
}
