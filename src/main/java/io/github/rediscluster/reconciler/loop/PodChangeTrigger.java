package io.github.rediscluster.reconciler.loop;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.github.rediscluster.reconciler.desired.ClusterLabels;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * Asks for a pass as soon as a redis-server pod appears, goes, moves to another IP or changes readiness, so
 * that repairs do not wait for the next scheduled pass. Only a hint: passes read everything themselves, so
 * a missed or repeated event costs nothing, and the schedule still runs when the watch cannot.
 */
@ApplicationScoped
public class PodChangeTrigger {

    private static final Logger LOG = Logger.getLogger(PodChangeTrigger.class);

    private final KubernetesClient client;
    private SharedIndexInformer<Pod> informer;
    private String watched;
    private String lastProblem;

    public PodChangeTrigger(KubernetesClient client) {
        this.client = client;
    }

    /** Watches the pods of {@code spec}'s cluster, moving the watch when the namespace or name changed. */
    public synchronized void follow(ClusterSpec spec, Runnable onChange) {
        Map<String, String> selector = ClusterLabels.selector(spec);
        String target = spec.namespace() + " " + selector;
        if (target.equals(watched) && informer != null && informer.isRunning()) {
            return;
        }
        stop();
        // Started without waiting for the first list, so a slow or unreachable API never holds up a pass.
        informer = client.pods().inNamespace(spec.namespace()).withLabels(selector).runnableInformer(0);
        informer.addEventHandler(handler(onChange));
        watched = target;
        informer.start().whenComplete((started, error) -> {
            if (error != null) {
                warnOnce("cannot watch the pods of " + spec.namespace() + "/" + spec.name()
                        + " (passes still run on schedule; the watch is retried at the next pass): " + error.getMessage());
            } else {
                clearProblem();
            }
        });
    }

    private synchronized void clearProblem() {
        lastProblem = null;
    }

    private synchronized void warnOnce(String problem) {
        if (!problem.equals(lastProblem)) {
            LOG.warn(problem);
            lastProblem = problem;
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (informer != null) {
            informer.close();
            informer = null;
            watched = null;
        }
    }

    private static ResourceEventHandler<Pod> handler(Runnable onChange) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                onChange.run();
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                if (!state(before).equals(state(after))) {
                    onChange.run();
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                onChange.run();
            }
        };
    }

    /** The parts of a pod the topology depends on; other updates (e.g. a probe time) are no reason for a pass. */
    static String state(Pod pod) {
        if (pod.getStatus() == null) {
            return "no status";
        }
        boolean ready = pod.getStatus().getConditions().stream()
                .anyMatch(condition -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
        return String.join("|", Objects.toString(pod.getStatus().getPhase()), Objects.toString(pod.getStatus().getPodIP()),
                String.valueOf(ready), Objects.toString(pod.getMetadata().getDeletionTimestamp()),
                Objects.toString(pod.getSpec() == null ? null : pod.getSpec().getNodeName()));
    }
}
