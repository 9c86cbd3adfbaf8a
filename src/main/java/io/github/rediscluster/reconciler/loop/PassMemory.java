package io.github.rediscluster.reconciler.loop;

import io.github.rediscluster.reconciler.act.StepOutcome;
import io.github.rediscluster.reconciler.apply.PodRelease;
import io.github.rediscluster.reconciler.observe.AuthSurvey;
import io.github.rediscluster.reconciler.plan.TopologyPlan;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import io.github.rediscluster.reconciler.report.Told;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * All that a pass hands the next: the only memory between passes, held by {@link ReconcileLoop} and passed in and
 * out of the reconcilers, which keep none. Everything else a pass reads afresh (level-triggered). Immutable.
 *
 * @param failoversRequested pods asked to take over from their master, and when: the planner leaves them alone for
 *        {@link #FAILOVER_PATIENCE} instead of asking again while the failover runs
 * @param release what the Redis side decided about the pods beyond the spec: read by the objects side of the next pass
 *        before the StatefulSet shrinks; empty before the first pass and after one that could not look
 * @param authSurvey whether the pods require the password: read by the objects side of the next pass before the
 *        StatefulSet rolls to pods with (or without) it
 * @param slotsMoved slots moved since the masters were last balanced: the progress readiness shows
 * @param told what the log and the Events said and still stands (see {@link io.github.rediscluster.reconciler.report.Announcer})
 */
public record PassMemory(Map<String, Instant> failoversRequested, Optional<PodRelease> release, AuthSurvey authSurvey,
        int slotsMoved, Told told) {

    /** A coordinated failover takes well under a second when healthy; Redis gives up on one after 5 s. */
    public static final Duration FAILOVER_PATIENCE = Duration.ofSeconds(15);

    /** What the first pass of a leader starts from: nothing in flight, nothing decided, nothing told. */
    public static final PassMemory FIRST = new PassMemory(Map.of(), Optional.empty(), AuthSurvey.NONE, 0, Told.NOTHING);

    public PassMemory {
        failoversRequested = Map.copyOf(failoversRequested);
    }

    /** The pods whose failover is still in flight: the planner asks them for nothing. */
    public Set<String> failoversInFlight() {
        return failoversRequested.keySet();
    }

    /**
     * What a pass starting at {@code now} works from: failovers older than {@link #FAILOVER_PATIENCE} forgotten, and no
     * release decision or auth survey until this pass has looked (what it hands on when it cannot look).
     */
    public PassMemory lookingAt(Instant now) {
        Map<String, Instant> inFlight = new HashMap<>(failoversRequested);
        inFlight.values().removeIf(requested -> requested.plus(FAILOVER_PATIENCE).isBefore(now));
        return new PassMemory(inFlight, Optional.empty(), AuthSurvey.NONE, slotsMoved, told);
    }

    /**
     * What a pass that looked hands on: the failovers it requested at {@code now}, its release decision for a spec of
     * {@code specPods} pods, what it found of the pods' passwords, and the slots moved so far (back to 0 once balanced).
     */
    public PassMemory after(Instant now, int specPods, AuthSurvey survey, TopologyPlan plan, List<StepOutcome> outcomes) {
        Map<String, Instant> requested = new HashMap<>(failoversRequested);
        outcomes.stream().filter(outcome -> outcome.step().kind() == TopologyStep.Kind.FAILOVER && outcome.succeeded())
                .forEach(outcome -> requested.put(outcome.step().subject(), now));
        int moved = outcomes.stream().mapToInt(outcome -> outcome.moved().slotsMoved()).sum();
        int slotsMovedNow = plan.slotsToMove() == 0 && moved == 0 ? 0 : slotsMoved + moved;
        return new PassMemory(requested, plan.podsReleasedDownTo().map(ordinal -> new PodRelease(specPods, ordinal)), survey,
                slotsMovedNow, told);
    }

    public PassMemory withTold(Told newTold) {
        return new PassMemory(failoversRequested, release, authSurvey, slotsMoved, newTold);
    }
}
