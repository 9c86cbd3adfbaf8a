package io.github.rediscluster.reconciler.report;

import static org.jboss.logging.Logger.Level.INFO;
import static org.jboss.logging.Logger.Level.WARN;

import io.github.rediscluster.reconciler.plan.Refusal;
import io.github.rediscluster.reconciler.plan.TopologyPlan;
import io.github.rediscluster.reconciler.plan.Wait;
import io.github.rediscluster.reconciler.report.ClusterEvents.Notice;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the Redis side found, as topics: what it waits for (INFO), what needs a human (WARN and a Warning Event), why it
 * could not look at all (WARN and a Warning Event), when it converged (INFO), and, while a spec change cannot go on,
 * why (a ScaleWaiting Event, so that users need not read the log to learn it).
 */
public final class RedisNotices {

    static final String FINDINGS = "redis-findings";
    static final String CONVERGED = "redis-converged";
    static final String SCALE_WAIT = "scale-wait";

    /** What the planner found: the one place that reads the plan's waits and refusals. */
    record Findings(List<Wait> waits, List<Refusal> refusals) {

        static Findings of(TopologyPlan plan) {
            return new Findings(plan.waits(), plan.refusals());
        }
    }

    private RedisNotices() {
    }

    static Telling of(ClusterSpec spec, TopologyReport redis) {
        Findings findings = Findings.of(redis.plan());
        List<Topic> found = new ArrayList<>();
        findings.waits().forEach(wait -> found.add(Topic.of("wait: " + wait.text()).log(INFO, "Redis cluster: " + wait.text())));
        // A refusal's reason is its Event reason (SlotsLost, ForeignCluster, ...): users filter Events on it.
        findings.refusals().forEach(refusal -> found.add(Topic.of("human: " + refusal.text())
                .log(WARN, "Redis cluster needs a human: " + refusal.text())
                .event(new Notice(refusal.eventReason(), refusal.text(), true))));
        redis.error().ifPresent(error -> found.add(Topic.of("error: " + error).log(WARN, "Redis cluster: " + error)
                .event(new Notice("RedisUnreachable", error, true))));
        List<Topic> converged = redis.converged() ? List.of(Topic.of("converged").log(INFO, "Redis cluster converged: every pod"
                + " answers, cluster_state ok, all slots covered, every master with its replicas")) : List.of();
        Telling telling = new Telling(List.of(), Map.of(FINDINGS, found)).and(Telling.standing(CONVERGED, converged));
        return redis.error().isPresent() ? telling : telling.and(Telling.standing(SCALE_WAIT, scaleWait(spec, redis, findings)));
    }

    /**
     * While the cluster is not yet what the spec asks (pods, masters or slots) and a pass could take no step, why: the
     * spec change waits.
     */
    private static List<Topic> scaleWait(ClusterSpec spec, TopologyReport redis, Findings findings) {
        TopologyPlan plan = redis.plan();
        boolean scaling = plan.slotsToMove() > 0 || redis.summary().pods() != spec.podCount() || plan.podsReleasedDownTo().isPresent();
        if (!scaling || !plan.steps().isEmpty() || findings.waits().isEmpty()) {
            return List.of();
        }
        String wait = String.join("; ", findings.waits().stream().map(Wait::text).toList());
        return List.of(Topic.of("ScaleWaiting", wait).event(new Notice("ScaleWaiting", "the spec asks for " + spec.masters()
                + " masters with " + spec.replicasPerMaster() + " replicas each (" + spec.podCount() + " pods); waiting: " + wait,
                false)));
    }
}
