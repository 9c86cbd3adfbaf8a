package io.github.rediscluster.reconciler.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches a rollout of a StatefulSet's pods through the API every 50 ms: the most pods of the spec that were down at
 * once (missing, terminating or not Ready), which were, and how long until every pod runs the StatefulSet's
 * current revision, Ready.
 */
public final class RolloutWatch implements AutoCloseable {

    private static final String REVISION = "controller-revision-hash";

    private final KubernetesClient client;
    private final String namespace;
    private final String statefulSet;
    private final int pods;
    private final Instant start = Instant.now();
    private final AtomicInteger mostDown = new AtomicInteger();
    private final Set<String> downAtOnce = new TreeSet<>();
    private final Thread sampler;
    private volatile boolean stopped;

    public RolloutWatch(KubernetesClient client, String namespace, String statefulSet, int pods) {
        this.client = client;
        this.namespace = namespace;
        this.statefulSet = statefulSet;
        this.pods = pods;
        this.sampler = new Thread(this::sample, "rollout-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        while (!stopped) {
            try {
                List<Pod> listed = client.pods().inNamespace(namespace).list().getItems().stream()
                        .filter(pod -> pod.getMetadata().getName().startsWith(statefulSet + "-")).toList();
                List<String> up = listed.stream().filter(pod -> pod.getMetadata().getDeletionTimestamp() == null && ready(pod))
                        .map(pod -> pod.getMetadata().getName()).toList();
                int down = pods - up.size();
                if (down > mostDown.get()) {
                    mostDown.set(down);
                    synchronized (downAtOnce) {
                        downAtOnce.clear();
                        listed.stream().map(pod -> pod.getMetadata().getName()).filter(name -> !up.contains(name))
                                .forEach(downAtOnce::add);
                    }
                }
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The API answers again at the next sample.
            }
        }
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions().stream()
                .anyMatch(condition -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
    }

    /** Every pod of the spec runs the StatefulSet's update revision, Ready, and none is terminating. */
    public boolean rolled() {
        var set = client.apps().statefulSets().inNamespace(namespace).withName(statefulSet).get();
        if (set == null || set.getStatus() == null || set.getStatus().getUpdateRevision() == null) {
            return false;
        }
        String revision = set.getStatus().getUpdateRevision();
        List<Pod> listed = client.pods().inNamespace(namespace).list().getItems();
        return listed.stream().filter(pod -> pod.getMetadata().getName().startsWith(statefulSet + "-")
                && pod.getMetadata().getDeletionTimestamp() == null && ready(pod)
                && revision.equals(pod.getMetadata().getLabels().get(REVISION))).count() == pods;
    }

    /** Each pod's revision label, to show when a rollout does not finish. */
    public Map<String, String> revisions() {
        return new java.util.TreeMap<>(client.pods().inNamespace(namespace).list().getItems().stream()
                .collect(java.util.stream.Collectors.toMap(pod -> pod.getMetadata().getName(),
                        pod -> pod.getMetadata().getLabels().getOrDefault(REVISION, "?")
                                + (pod.getMetadata().getDeletionTimestamp() == null ? "" : " terminating"))));
    }

    public Duration elapsed() {
        return Duration.between(start, Instant.now());
    }

    public int mostDownAtOnce() {
        return mostDown.get();
    }

    public Set<String> downAtOnce() {
        synchronized (downAtOnce) {
            return Set.copyOf(downAtOnce);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        sampler.interrupt();
        sampler.join(1000);
    }
}
