package io.github.rediscluster.reconciler.loop;

import io.github.rediscluster.reconciler.apply.PodRelease;
import io.github.rediscluster.reconciler.observe.AuthSurvey;
import io.github.rediscluster.reconciler.report.PodProblemNotices;
import io.github.rediscluster.reconciler.report.RepeatedFailures;
import io.github.rediscluster.reconciler.report.TopologyReport;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.rediscluster.reconciler.observe.Diagnosis;
import io.github.rediscluster.reconciler.report.ClusterEvents;
import io.github.rediscluster.reconciler.observe.ClusterPods;
import io.github.rediscluster.reconciler.observe.PodDiagnostics;
import io.github.rediscluster.reconciler.observe.RedisAuthSecret;
import io.github.rediscluster.reconciler.act.ActionLog;
import io.github.rediscluster.reconciler.observe.ClusterObserver;
import io.github.rediscluster.reconciler.redis.RedisConnections;
import io.github.rediscluster.reconciler.redis.RedisCredentials;
import io.github.rediscluster.reconciler.redis.RedisSession;
import io.github.rediscluster.reconciler.act.StepOutcome;
import io.github.rediscluster.reconciler.act.TopologyActor;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.observe.ObservedCluster;
import io.github.rediscluster.reconciler.observe.RedisPod;
import io.github.rediscluster.reconciler.observe.SlotRange;
import io.github.rediscluster.reconciler.plan.TopologyPlan;
import io.github.rediscluster.reconciler.plan.TopologyPlanner;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import io.github.rediscluster.reconciler.plan.Wait;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The Redis side of a pass: read the pods, read every redis-server, plan, act, and tell (log and Events).
 * All decisions are in {@link TopologyPlanner}; this class only does the I/O around it.
 */
@ApplicationScoped
public class TopologyReconciler {

    private static final Logger LOG = Logger.getLogger(TopologyReconciler.class);
    /** A coordinated failover takes well under a second when healthy; Redis gives up on one after 5 s. */
    static final Duration FAILOVER_PATIENCE = Duration.ofSeconds(15);

    private final ClusterPods pods;
    private final RedisConnections redis;
    private final ClusterEvents events;
    private final ActionLog actions;
    private final PodDiagnostics diagnostics;
    private final PodProblemNotices podProblems;
    private final RedisAuthSecret authSecret;
    private final Map<String, Instant> failoversRequested = new HashMap<>();
    private final RepeatedFailures repeatedFailures = new RepeatedFailures();
    /** Slots moved since the masters were last balanced: the progress readiness shows. */
    private int slotsMoved;
    /** What the last pass said about pods beyond the spec's pod count; read by the objects side of the next pass. */
    private volatile PodRelease podRelease = new PodRelease(-1, Optional.empty());
    private String lastScaleWait = "";
    /** What the last pass found about the pods' passwords; read by the objects side of the next pass. */
    private volatile AuthSurvey authSurvey = AuthSurvey.NONE;

    public TopologyReconciler(ClusterPods pods, RedisConnections redis, ClusterEvents events, ActionLog actions,
            PodDiagnostics diagnostics, RedisAuthSecret authSecret) {
        this.pods = pods;
        this.redis = redis;
        this.events = events;
        this.actions = actions;
        this.diagnostics = diagnostics;
        this.podProblems = new PodProblemNotices(events);
        this.authSecret = authSecret;
    }

    public TopologyReport reconcile(ClusterSpec spec) {
        podRelease = new PodRelease(spec.podCount(), Optional.empty());
        authSurvey = AuthSurvey.NONE;
        // Read every pass: a Secret created or changed after the spec is used from the next pass on.
        Optional<RedisAuthSecret.Lookup> password = spec.auth().map(auth -> authSecret.read(spec, auth));
        if (password.orElse(null) instanceof RedisAuthSecret.Unavailable unavailable) {
            return TopologyReport.failed("no Redis password, so no pod is read: " + unavailable.problem());
        }
        Optional<RedisCredentials> credentials = password.map(found -> ((RedisAuthSecret.Found) found).credentials());
        List<Pod> listed;
        try {
            listed = pods.list(spec);
        } catch (KubernetesClientException e) {
            return TopologyReport.failed("could not list the redis-server pods: " + e.getMessage());
        }
        Diagnosis diagnosis = diagnostics.diagnose(spec, listed);
        podProblems.tell(spec, diagnosis);
        List<RedisPod> redisPods = ClusterPods.redisPods(spec, listed);
        try (RedisSession session = redis.open(spec.port(), credentials)) {
            ObservedCluster observed = ClusterObserver.observe(session, redisPods);
            authSurvey = AuthSurvey.of(credentials.isPresent(), observed, session.authByIp());
            TopologyPlan plan = TopologyPlanner.plan(spec, observed, failoversInFlight());
            podRelease = new PodRelease(spec.podCount(), plan.podsReleasedDownTo());
            Instant acted = Instant.now();
            List<StepOutcome> outcomes = TopologyActor.execute(session, plan.steps(), spec.resharding());
            actions.record(acted, outcomes);
            rememberFailovers(outcomes);
            countMoves(plan, outcomes);
            RepeatedFailures.Verdict verdict = repeatedFailures.judge(outcomes);
            tell(spec, verdict.toTell());
            tellScaleWait(spec, observed, plan);
            return TopologyReport.of(spec.podCount(), observed, plan, outcomes, verdict.onlyRepeats(), slotsMoved)
                    .withDiagnosis(diagnosis);
        } catch (RuntimeException e) {
            // A bug here must not stop the loop or hide behind the objects' outcome: readiness and the log say it.
            LOG.error("The Redis side of the pass failed", e);
            return TopologyReport.failed("the Redis side of the pass failed: " + e).withDiagnosis(diagnosis);
        }
    }

    /** What the last pass said about the pods beyond the spec's pod count. */
    public PodRelease podRelease() {
        return podRelease;
    }

    /** What the last pass found about the pods' passwords. */
    public AuthSurvey authSurvey() {
        return authSurvey;
    }

    private void countMoves(TopologyPlan plan, List<StepOutcome> outcomes) {
        int moved = outcomes.stream().mapToInt(outcome -> outcome.moved().slotsMoved()).sum();
        slotsMoved = plan.slotsToMove() == 0 && moved == 0 ? 0 : slotsMoved + moved;
    }

    /**
     * While the cluster is not yet what the spec asks (pods, masters or slots) and a pass could take no step, why is
     * told once as an Event: the spec change waits, and users should not have to read the log to learn why.
     */
    private void tellScaleWait(ClusterSpec spec, ObservedCluster observed, TopologyPlan plan) {
        boolean scaling = plan.slotsToMove() > 0 || observed.pods().size() != spec.podCount() || plan.podsReleasedDownTo().isPresent();
        String wait = scaling && plan.steps().isEmpty() && !plan.waits().isEmpty()
                ? plan.waits().stream().map(Wait::text).collect(Collectors.joining("; ")) : "";
        if (!wait.isEmpty() && !wait.equals(lastScaleWait)) {
            events.record(spec, List.of(new ClusterEvents.Notice("ScaleWaiting", "the spec asks for " + spec.masters()
                    + " masters with " + spec.replicasPerMaster() + " replicas each (" + spec.podCount() + " pods); waiting: "
                    + wait, false)));
        }
        lastScaleWait = wait;
    }

    private Set<String> failoversInFlight() {
        Instant now = Instant.now();
        failoversRequested.values().removeIf(requested -> requested.plus(FAILOVER_PATIENCE).isBefore(now));
        return Set.copyOf(failoversRequested.keySet());
    }

    private void rememberFailovers(List<StepOutcome> outcomes) {
        outcomes.stream().filter(outcome -> outcome.step().kind() == TopologyStep.Kind.FAILOVER && outcome.succeeded())
                .forEach(outcome -> failoversRequested.put(outcome.step().subject(), Instant.now()));
    }

    /** One INFO line and one Event per step, with its reason; a failed step is a WARN and a Warning Event. */
    private void tell(ClusterSpec spec, List<StepOutcome> outcomes) {
        for (StepOutcome outcome : outcomes) {
            TopologyStep step = outcome.step();
            if (outcome.succeeded()) {
                LOG.infof("Redis %s %s: %s (%s)", step.kind().eventReason(), step.subject(), step.reason(), done(outcome));
            } else {
                LOG.warnf("Redis %s %s failed: %s; reason for it: %s", step.kind().eventReason(), step.subject(),
                        String.join("; ", outcome.failures()), step.reason());
            }
            step.commands().forEach(command -> LOG.debugf("Redis command %s", command));
        }
        events.record(spec, outcomes.stream().map(TopologyReconciler::notice).collect(Collectors.toList()));
    }

    /** What a step did: how many commands it sent, or for a slot move how far it got. */
    private static String done(StepOutcome outcome) {
        return outcome.step().move().map(move -> outcome.moved().slotsMoved() + " of " + move.slots().size() + " slot(s) "
                + SlotRange.describe(move.slots()) + " moved from " + move.source().name() + " with " + outcome.moved().keysMoved()
                + " keys" + (outcome.moved().leftOpen().isEmpty() ? ""
                        : ", " + outcome.moved().leftOpen().size() + " left open for the next pass (key budget spent)"))
                .orElse(outcome.sent().size() + " command(s)");
    }

    private static ClusterEvents.Notice notice(StepOutcome outcome) {
        TopologyStep step = outcome.step();
        return outcome.succeeded()
                ? new ClusterEvents.Notice(step.kind().eventReason(), step.subject() + ": " + step.reason()
                        + (step.move().isPresent() ? " (" + done(outcome) + ")" : ""), false)
                : new ClusterEvents.Notice(step.kind().eventReason() + "Failed", step.subject() + ": "
                        + String.join("; ", outcome.failures()) + " (reason for it: " + step.reason() + ")", true);
    }
}
