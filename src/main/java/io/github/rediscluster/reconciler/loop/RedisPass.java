package io.github.rediscluster.reconciler.loop;

import io.github.rediscluster.reconciler.desired.RedisConfig;
import io.github.rediscluster.reconciler.observe.ClusterObserver;
import io.github.rediscluster.reconciler.observe.ConfigObserver;
import io.github.rediscluster.reconciler.observe.ObservedCluster;
import io.github.rediscluster.reconciler.plan.ClusterFacts;
import io.github.rediscluster.reconciler.plan.DrainFailover;
import io.github.rediscluster.reconciler.plan.LiveConfig;
import io.github.rediscluster.reconciler.plan.TopologyPlan;
import io.github.rediscluster.reconciler.plan.TopologyPlanner;
import io.github.rediscluster.reconciler.redis.RedisSession;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.observe.ObservedPod;
import io.github.rediscluster.reconciler.observe.RedisPod;
import io.github.rediscluster.reconciler.plan.AddedSteps;
import io.github.rediscluster.reconciler.plan.CertificateReload;
import io.github.rediscluster.reconciler.redis.TlsMaterial;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reads and the plan of a pass: a master being deleted fails over first, live redis.conf changes ride along with
 * the topology's steps. Apart from {@link TopologyReconciler} so that the 1,000-node simulation plans
 * exactly as the service does, without Kubernetes.
 */
public final class RedisPass {

    private RedisPass() {
    }

    /**
     * Certificate reloads ({@link CertificateReload}): the pods presenting another certificate than the Secret's are
     * asked for their {@code tls-cert-file} (nothing is read while none is stale), and set it again.
     */
    public static AddedSteps certificateReloads(RedisSession session, TlsMaterial tls, ObservedCluster observed) {
        String wanted = tls.certificateFingerprint();
        Map<String, String> presented = session.presentedCertificates();
        List<ObservedPod> stale = CertificateReload.stale(wanted, observed.pods(), presented);
        Map<String, String> certFiles = new HashMap<>();
        if (!stale.isEmpty()) {
            ConfigObserver.observe(session, stale, List.of(CertificateReload.CERT_FILE)).forEach(config ->
                    config.value(CertificateReload.CERT_FILE).ifPresent(file -> certFiles.put(config.pod().name(), file)));
        }
        return CertificateReload.plan(wanted, stale, presented, certFiles);
    }

    /**
     * Reads every pod ({@link ClusterObserver}), with CONFIG GET of the redis.conf directives the spec sets in the same
     * round trip, for {@link #plan}'s live redis.conf check.
     */
    public static ObservedCluster observe(RedisSession session, ClusterSpec spec, List<RedisPod> pods) {
        return ClusterObserver.observe(session, pods, LiveConfig.directives(RedisConfig.tunable(spec)));
    }

    /**
     * @param observed as {@link #observe} read it: its CONFIG GET answers are those of the spec's directives
     * @param terminating pods being deleted, by name (see {@code TerminatingPods})
     */
    public static TopologyPlan plan(ClusterSpec spec, ObservedCluster observed, Map<String, String> terminating,
            Set<String> failoversInFlight) {
        return plan(spec, observed, ClusterFacts.of(spec, observed, failoversInFlight), terminating, failoversInFlight);
    }

    /** @param facts the planner's view of {@code observed} (with the pods a rolling restart still has to replace) */
    public static TopologyPlan plan(ClusterSpec spec, ObservedCluster observed, ClusterFacts facts,
            Map<String, String> terminating, Set<String> failoversInFlight) {
        return DrainFailover.plan(observed, terminating, failoversInFlight).putBefore(
                LiveConfig.plan(RedisConfig.tunable(spec), observed.configs()).addTo(TopologyPlanner.plan(facts)));
    }
}
