package io.github.rediscluster.reconciler.loop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.github.rediscluster.reconciler.act.ActResult;
import io.github.rediscluster.reconciler.act.ActionLog;
import io.github.rediscluster.reconciler.act.StepOutcome;
import io.github.rediscluster.reconciler.act.TopologyActor;
import io.github.rediscluster.reconciler.apply.WriteGate;
import io.github.rediscluster.reconciler.leader.Leadership;
import io.github.rediscluster.reconciler.observe.AuthSurvey;
import io.github.rediscluster.reconciler.observe.ClusterPods;
import io.github.rediscluster.reconciler.observe.Diagnosis;
import io.github.rediscluster.reconciler.observe.ObservedCluster;
import io.github.rediscluster.reconciler.observe.PodDiagnostics;
import io.github.rediscluster.reconciler.observe.RedisAuthSecret;
import io.github.rediscluster.reconciler.observe.RedisTlsSecret;
import io.github.rediscluster.reconciler.observe.SecretLookup;
import io.github.rediscluster.reconciler.redis.TlsMaterial;
import io.github.rediscluster.reconciler.observe.RedisPod;
import io.github.rediscluster.reconciler.plan.TopologyPlan;
import io.github.rediscluster.reconciler.redis.RedisConnections;
import io.github.rediscluster.reconciler.redis.RedisCredentials;
import io.github.rediscluster.reconciler.redis.RedisSession;
import io.github.rediscluster.reconciler.report.RepeatedFailures;
import io.github.rediscluster.reconciler.report.TopologyReport;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.observe.TerminatingPods;
import io.github.rediscluster.reconciler.act.PodRestarter;
import io.github.rediscluster.reconciler.observe.PodRevisions;
import io.github.rediscluster.reconciler.plan.ClusterFacts;
import io.github.rediscluster.reconciler.plan.RollingRestart;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import io.github.rediscluster.reconciler.spec.RolloutStrategy;
import java.util.ArrayList;
import java.util.Set;
import java.util.stream.Collectors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The Redis side of a pass: read the pods, read every redis-server, plan, act. All decisions are in
 * {@link io.github.rediscluster.reconciler.plan.TopologyPlanner}; this class only does the I/O around it. It keeps nothing: what the last pass left (failovers
 * in flight, what was told) comes in as a {@link PassMemory}, and what this pass leaves goes out with its report.
 * Telling users is the {@link io.github.rediscluster.reconciler.report.Announcer}'s, from the report.
 */
@ApplicationScoped
public class TopologyReconciler {

    private static final Logger LOG = Logger.getLogger(TopologyReconciler.class);

    private final ClusterPods pods;
    private final RedisConnections redis;
    private final ActionLog actions;
    private final PodDiagnostics diagnostics;
    private final RedisAuthSecret authSecret;
    private final RedisTlsSecret tlsSecret;
    private final Leadership leadership;
    private final PodRestarter restarter;
    private final Clock clock;
    private final WriteGate gate;

    @Inject
    public TopologyReconciler(ClusterPods pods, RedisConnections redis, ActionLog actions, PodDiagnostics diagnostics,
            RedisAuthSecret authSecret, RedisTlsSecret tlsSecret, Leadership leadership, PodRestarter restarter,
            WriteGate gate) {
        this(pods, redis, actions, diagnostics, authSecret, tlsSecret, leadership, restarter, Clock.systemUTC(), gate);
    }

    /** @param clock when failovers were requested and steps taken: a test moves it instead of sleeping */
    TopologyReconciler(ClusterPods pods, RedisConnections redis, ActionLog actions, PodDiagnostics diagnostics,
            RedisAuthSecret authSecret, RedisTlsSecret tlsSecret, Leadership leadership, PodRestarter restarter,
            Clock clock) {
        this(pods, redis, actions, diagnostics, authSecret, tlsSecret, leadership, restarter, clock, new WriteGate(false));
    }

    private TopologyReconciler(ClusterPods pods, RedisConnections redis, ActionLog actions, PodDiagnostics diagnostics,
            RedisAuthSecret authSecret, RedisTlsSecret tlsSecret, Leadership leadership, PodRestarter restarter,
            Clock clock, WriteGate gate) {
        this.gate = gate;
        this.tlsSecret = tlsSecret;
        this.pods = pods;
        this.restarter = restarter;
        this.redis = redis;
        this.actions = actions;
        this.diagnostics = diagnostics;
        this.authSecret = authSecret;
        this.leadership = leadership;
        this.clock = clock;
    }

    public RedisSideResult reconcile(ClusterSpec spec, PassMemory memory) {
        return reconcile(spec, memory, Optional.empty());
    }

    /**
     * @param statefulSetAsRead the StatefulSet as the objects side of this pass read it and left it, when it did: its
     *        template revision is taken from it rather than from a second read
     */
    public RedisSideResult reconcile(ClusterSpec spec, PassMemory memory, Optional<ObjectNode> statefulSetAsRead) {
        PassMemory looking = memory.lookingAt(clock.instant());
        // Read every pass: a Secret created or changed after the spec is used from the next pass on.
        Optional<SecretLookup<RedisCredentials>> password = spec.auth().map(auth -> authSecret.read(spec, auth));
        if (password.orElse(null) instanceof SecretLookup.Unavailable<RedisCredentials> unavailable) {
            return new RedisSideResult(TopologyReport.failed("no Redis password, so no pod is read: " + unavailable.problem()), looking);
        }
        Optional<RedisCredentials> credentials = password.map(found -> ((SecretLookup.Found<RedisCredentials>) found).value());
        // Read every pass too: a rotated certificate is trusted, presented and pushed to the pods from the next pass on.
        Optional<SecretLookup<TlsMaterial>> certificates = spec.tls().map(tls -> tlsSecret.read(spec, tls));
        if (certificates.orElse(null) instanceof SecretLookup.Unavailable<TlsMaterial> unavailable) {
            return new RedisSideResult(TopologyReport.failed("no TLS certificates, so no pod is read: " + unavailable.problem()), looking);
        }
        Optional<TlsMaterial> tls = certificates.map(found -> ((SecretLookup.Found<TlsMaterial>) found).value());
        List<Pod> listed;
        long started = System.nanoTime();
        try {
            listed = pods.list(spec);
        } catch (KubernetesClientException e) {
            return new RedisSideResult(TopologyReport.failed("could not list the redis-server pods: " + e.getMessage()), looking);
        }
        Diagnosis diagnosis = diagnostics.diagnose(spec, listed);
        List<RedisPod> redisPods = ClusterPods.redisPods(spec, listed);
        long listedAt = System.nanoTime();
        try (RedisSession session = redis.open(spec.port(), credentials, tls)) {
            ObservedCluster observed = RedisPass.observe(session, spec, redisPods);
            long observedAt = System.nanoTime();
            AuthSurvey survey = AuthSurvey.of(credentials.isPresent(),
                    credentials.flatMap(RedisCredentials::user).isPresent(), observed, session.authByIp());
            tellPodsWithoutUser(credentials, survey, looking.authSurvey());
            PodRevisions revisions = statefulSetAsRead.map(read -> PodRevisions.of(read, listed))
                    .orElseGet(() -> PodRevisions.of(pods.statefulSet(spec), listed));
            TopologyPlan plan = plan(spec, observed, listed, revisions, looking);
            if (tls.isPresent()) {
                plan = RedisPass.certificateReloads(session, tls.get(), observed).addTo(plan);
            }
            if (gate.dryRun(spec)) {
                // The write gate of the Redis side: the plan is reported (PassNotices, /status), no step is taken, and
                // the memory stays as it was (nothing is in flight that this pass started).
                return new RedisSideResult(TopologyReport.of(spec.podCount(), observed, plan, List.of(), false,
                        looking.slotsMoved()).withDiagnosis(diagnosis), looking, true);
            }
            Instant acted = clock.instant();
            long plannedAt = System.nanoTime();
            List<TopologyStep> redisSteps = plan.steps().stream().filter(step -> step.kind() != TopologyStep.Kind.RESTART_POD).toList();
            ActResult act = TopologyActor.execute(session, redisSteps, spec.resharding(), leadership);
            act.fenced().ifPresent(fenced -> LOG.warnf("Redis: stopped acting with %d planned step(s) not taken: %s;"
                    + " whichever instance leads next plans again from what the nodes show", fenced.stepsNotTaken(), fenced.reason()));
            List<StepOutcome> outcomes = new ArrayList<>(act.outcomes());
            plan.steps().stream().filter(step -> step.kind() == TopologyStep.Kind.RESTART_POD)
                    .forEach(step -> outcomes.add(restarter.restart(spec, step, leadership)));
            actions.record(acted, outcomes);
            outcomes.forEach(outcome -> outcome.step().commands().forEach(command -> LOG.debugf("Redis command %s", command)));
            // Where a slow pass spent its time (a full restart of 100 pods, a saturated machine).
            LOG.debugf("Redis side: pods listed in %d ms, %d pods read in %d ms, planned in %d ms, %d steps taken in %d ms",
                    (listedAt - started) / 1_000_000, redisPods.size(), (observedAt - listedAt) / 1_000_000,
                    (plannedAt - observedAt) / 1_000_000, outcomes.size(), (System.nanoTime() - plannedAt) / 1_000_000);
            PassMemory next = looking.after(clock.instant(), spec.podCount(), survey, plan, outcomes);
            return new RedisSideResult(TopologyReport.of(spec.podCount(), observed, plan, outcomes,
                    RepeatedFailures.onlyRepeats(memory.told(), outcomes), next.slotsMoved()).withDiagnosis(diagnosis), next);
        } catch (RuntimeException e) {
            // A bug here must not stop the loop or hide behind the objects' outcome: readiness and the log say it.
            LOG.error("The Redis side of the pass failed", e);
            return new RedisSideResult(TopologyReport.failed("the Redis side of the pass failed: " + e).withDiagnosis(diagnosis),
                    looking);
        }
    }

    /**
     * Said once when the pods read as the default user change (steady state says nothing): with the reconciler's own
     * ACL user configured, these pods refused it, which a rolling restart mends when they predate the user.
     */
    private static void tellPodsWithoutUser(Optional<RedisCredentials> credentials, AuthSurvey survey, AuthSurvey before) {
        Optional<RedisCredentials.AclUser> user = credentials.flatMap(RedisCredentials::user);
        if (user.isPresent() && !survey.asDefaultUser().isEmpty() && !survey.asDefaultUser().equals(before.asDefaultUser())) {
            LOG.infof("Redis: %s refused ACL user %s (WRONGPASS) and were read as the default user: started before"
                    + " redis-cluster.auth.reconciler-user was set (the rolling restart gives them the user), or with"
                    + " another password than %s", String.join(", ", survey.asDefaultUser()), user.get().name(),
                    user.get().source());
        }
    }

    /**
     * A master being deleted fails over first; live redis.conf changes ride along with the topology's steps; a rolling
     * restart (when the spec leaves it to the reconciler) goes on only when none of these changes anything.
     */
    private static TopologyPlan plan(ClusterSpec spec, ObservedCluster observed, List<Pod> listed,
            PodRevisions revisions, PassMemory looking) {
        boolean ours = spec.rollout() == RolloutStrategy.RECONCILER;
        Set<String> outdated = ours ? observed.pods().stream().map(pod -> pod.pod().name()).filter(revisions::outdated)
                .collect(Collectors.toSet()) : Set.of();
        ClusterFacts facts = ClusterFacts.of(spec, observed, looking.failoversInFlight(), outdated);
        TopologyPlan rest = RedisPass.plan(spec, observed, facts, TerminatingPods.of(listed),
                looking.failoversInFlight());
        return ours ? RollingRestart.plan(facts, revisions, rest).addTo(rest) : rest;
    }
}
