package io.github.rediscluster.reconciler.sandbox;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The parts of the StatefulSet controller the product relies on: claims from the volumeClaimTemplates
 * (kept when pods go), pods {@code <name>-<ordinal>} created and deleted as replicas change (all at once
 * with Parallel, one by one with OrderedReady), a rolling update that replaces one outdated pod at a time
 * once the pods it already updated are ready (none with OnDelete: pods are replaced only when someone deletes them),
 * pods labelled with the revision of the template they were made from, and the status counters and revisions.
 */
final class StatefulSetController {

    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
    static final String REVISION_LABEL = "controller-revision-hash";
    private static final Logger LOG = Logger.getLogger(StatefulSetController.class);

    private final KubernetesClient client;
    private final String namespace;
    /** Writes made so far; the sandbox reads the API again after a step that wrote. */
    int writes;

    StatefulSetController(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    void sync(ClusterSnapshot snapshot) {
        snapshot.statefulSets().forEach(set -> sync(set, snapshot));
    }

    private void sync(StatefulSet set, ClusterSnapshot snapshot) {
        String name = set.getMetadata().getName();
        int replicas = Optional.ofNullable(set.getSpec().getReplicas()).orElse(1);
        boolean parallel = "Parallel".equals(set.getSpec().getPodManagementPolicy());
        String revision = revision(set);
        TreeMap<Integer, Pod> pods = ownedPods(set, snapshot);
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            String podName = name + "-" + ordinal;
            ensureClaims(set, podName, snapshot);
            if (!pods.containsKey(ordinal)) {
                if (!parallel && !pods.headMap(ordinal).values().stream().allMatch(StatefulSetController::ready)) {
                    break;
                }
                Pod created = client.pods().inNamespace(namespace).resource(pod(set, ordinal, revision)).create();
                writes++;
                LOG.infof("Sandbox: StatefulSet %s created pod %s", name, created.getMetadata().getName());
                pods.put(ordinal, created);
            }
        }
        scaleIn(set, pods, replicas, parallel);
        rollingUpdate(set, pods, replicas, revision);
        updateStatus(set, pods, replicas, revision);
    }

    private TreeMap<Integer, Pod> ownedPods(StatefulSet set, ClusterSnapshot snapshot) {
        TreeMap<Integer, Pod> owned = new TreeMap<>();
        String prefix = set.getMetadata().getName() + "-";
        for (Pod pod : snapshot.pods()) {
            if (PodAdoption.adoptable(set, pod, snapshot.statefulSets())) {
                pod = adopt(set, pod);
            }
            boolean ownedBySet = pod.getMetadata().getOwnerReferences().stream()
                    .anyMatch(owner -> Objects.equals(owner.getUid(), set.getMetadata().getUid()));
            String podName = pod.getMetadata().getName();
            if (ownedBySet && podName.startsWith(prefix) && podName.substring(prefix.length()).matches("\\d+")) {
                owned.put(Integer.parseInt(podName.substring(prefix.length())), pod);
            }
        }
        return owned;
    }

    /** As the controller adopts an orphan matching its selector: the pod, its uid and its process stay. */
    private Pod adopt(StatefulSet set, Pod pod) {
        pod.getMetadata().setOwnerReferences(List.of(PodAdoption.controllerReference(set)));
        Pod adopted = client.pods().inNamespace(namespace).resource(pod).update();
        writes++;
        LOG.infof("Sandbox: StatefulSet %s adopted pod %s", set.getMetadata().getName(), pod.getMetadata().getName());
        return adopted;
    }

    private void ensureClaims(StatefulSet set, String podName, ClusterSnapshot snapshot) {
        for (PersistentVolumeClaim template : set.getSpec().getVolumeClaimTemplates()) {
            String claimName = template.getMetadata().getName() + "-" + podName;
            if (snapshot.claim(claimName).isEmpty()) {
                PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                            .withName(claimName)
                            .withNamespace(namespace)
                            .withLabels(template.getMetadata().getLabels())
                        .endMetadata()
                        .withSpec(template.getSpec())
                        .withNewStatus().withPhase("Pending").endStatus()
                        .build();
                client.persistentVolumeClaims().inNamespace(namespace).resource(claim).create();
                writes++;
                LOG.infof("Sandbox: StatefulSet %s created claim %s", set.getMetadata().getName(), claimName);
            }
        }
    }

    private Pod pod(StatefulSet set, int ordinal, String revision) {
        String podName = set.getMetadata().getName() + "-" + ordinal;
        Map<String, String> labels = new LinkedHashMap<>(
                Optional.ofNullable(set.getSpec().getTemplate().getMetadata().getLabels()).orElse(Map.of()));
        labels.put(POD_NAME_LABEL, podName);
        labels.put(POD_INDEX_LABEL, String.valueOf(ordinal));
        labels.put(REVISION_LABEL, revision);
        PodSpec spec = Serialization.clone(set.getSpec().getTemplate().getSpec());
        spec.setHostname(podName);
        spec.setSubdomain(set.getSpec().getServiceName());
        for (PersistentVolumeClaim template : set.getSpec().getVolumeClaimTemplates()) {
            String volume = template.getMetadata().getName();
            spec.getVolumes().add(new VolumeBuilder().withName(volume)
                    .withNewPersistentVolumeClaim().withClaimName(volume + "-" + podName).endPersistentVolumeClaim()
                    .build());
        }
        return new PodBuilder()
                .withNewMetadata()
                    .withName(podName)
                    .withNamespace(namespace)
                    .withLabels(labels)
                    .withAnnotations(set.getSpec().getTemplate().getMetadata().getAnnotations())
                    .withOwnerReferences(PodAdoption.controllerReference(set))
                .endMetadata()
                .withSpec(spec)
                .withNewStatus().withPhase("Pending").endStatus()
                .build();
    }

    /** Pods beyond the replicas go, highest ordinal first; their claims (and so their data) stay. */
    private void scaleIn(StatefulSet set, TreeMap<Integer, Pod> pods, int replicas, boolean parallel) {
        for (Integer ordinal : List.copyOf(pods.descendingMap().headMap(replicas - 1, false).keySet())) {
            Pod pod = pods.remove(ordinal);
            if (terminating(pod)) {
                continue;
            }
            delete(set, pod, "scaled in to " + replicas);
            if (!parallel) {
                return;
            }
        }
    }

    /**
     * RollingUpdate: the highest outdated ordinal at or above the partition is replaced once every pod above it (the
     * ones already updated) is ready. Like the Kubernetes controller with Parallel pod management, it waits for the
     * pods it updated, not for outdated ones: an outdated pod that is not ready is replaced in its turn.
     */
    private void rollingUpdate(StatefulSet set, TreeMap<Integer, Pod> pods, int replicas, String revision) {
        var strategy = set.getSpec().getUpdateStrategy();
        if (strategy != null && "OnDelete".equals(strategy.getType())) {
            return;
        }
        int partition = strategy == null || strategy.getRollingUpdate() == null
                || strategy.getRollingUpdate().getPartition() == null ? 0 : strategy.getRollingUpdate().getPartition();
        if (pods.size() < replicas) {
            return;
        }
        // As the controller walks from the highest ordinal down: an outdated pod not yet terminating is deleted, and
        // the walk stops at the first pod that is not healthy (running, ready and not terminating).
        for (var entry : pods.descendingMap().entrySet()) {
            if (entry.getKey() < partition) {
                return;
            }
            Pod pod = entry.getValue();
            if (!revision.equals(pod.getMetadata().getLabels().get(REVISION_LABEL)) && !terminating(pod)) {
                delete(set, pod, "its template changed (rolling update)");
                return;
            }
            if (!healthy(pod)) {
                return;
            }
        }
    }

    static boolean terminating(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() != null;
    }

    private static boolean healthy(Pod pod) {
        return ready(pod) && !terminating(pod);
    }

    private void delete(StatefulSet set, Pod pod, String why) {
        client.pods().inNamespace(namespace).resource(pod).delete();
        writes++;
        LOG.infof("Sandbox: StatefulSet %s deleted pod %s: %s", set.getMetadata().getName(),
                pod.getMetadata().getName(), why);
    }

    /**
     * As the Kubernetes 1.34 controller reports it: updateRevision is the current template's, currentRevision the one
     * the pods had when the last rollout completed. It moves on only when a RollingUpdate completes (every pod updated
     * and ready): with OnDelete it never does (kubernetes/kubernetes#73492, fixed only in a later release).
     */
    private void updateStatus(StatefulSet set, TreeMap<Integer, Pod> pods, int replicas, String revision) {
        int ready = (int) pods.values().stream().filter(StatefulSetController::ready).count();
        int updated = countWith(pods, revision);
        String current = set.getStatus() == null || set.getStatus().getCurrentRevision() == null ? revision
                : set.getStatus().getCurrentRevision();
        var strategy = set.getSpec().getUpdateStrategy();
        boolean rolling = strategy == null || !"OnDelete".equals(strategy.getType());
        if (rolling && updated == pods.size() && ready == pods.size()) {
            current = revision;
        }
        StatefulSetStatus status = new StatefulSetStatusBuilder()
                .withObservedGeneration(set.getMetadata().getGeneration())
                .withReplicas(pods.size())
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .withCurrentReplicas(countWith(pods, current))
                .withUpdatedReplicas(updated)
                .withCurrentRevision(current)
                .withUpdateRevision(revision)
                .build();
        if (!status.equals(set.getStatus())) {
            set.setStatus(status);
            client.apps().statefulSets().inNamespace(namespace).resource(set).updateStatus();
            writes++;
        }
    }

    private static int countWith(TreeMap<Integer, Pod> pods, String revision) {
        return (int) pods.values().stream().filter(pod -> revision.equals(pod.getMetadata().getLabels().get(REVISION_LABEL)))
                .count();
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions().stream()
                .anyMatch(condition -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
    }

    /** A hash of the pod template, as the controller's revision names tell outdated pods from current ones. */
    static String revision(StatefulSet set) {
        try {
            byte[] template = Serialization.asJson(set.getSpec().getTemplate()).getBytes(StandardCharsets.UTF_8);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(template);
            return set.getMetadata().getName() + "-" + HexFormat.of().formatHex(digest, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static Optional<PodCondition> condition(Pod pod, String type) {
        return pod.getStatus() == null ? Optional.empty()
                : pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
