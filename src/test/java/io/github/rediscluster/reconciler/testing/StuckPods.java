package io.github.rediscluster.reconciler.testing;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;

/** Literal pods, claims and Events as Kubernetes shows a redis pod that cannot start, with the kubelet's real wording. */
public final class StuckPods {

    /** As the StatefulSet's template gives them: the selector and the managed-by label the service lists pods by. */
    public static final Map<String, String> POD_LABELS = Map.of("app.kubernetes.io/name", "redis", "app.kubernetes.io/instance",
            "redis-app", "app.kubernetes.io/managed-by", "redis-cluster-reconciler");

    /** What the kubelet says (exit status 32) when the NFS server does not export the path to the node. */
    public static String accessDenied(int pv) {
        return "MountVolume.SetUp failed for volume \"nfs-pv" + pv + "\" : mount failed: exit status 32\n"
                + "Mounting command: mount\n"
                + "Mounting arguments: -t nfs 192.168.184.122:/usr/local/k8s/redis/pv" + pv
                + " /var/lib/kubelet/pods/7f1c2a4e-0b4e-4c55-9d0a-3f7e8c1b2d90/volumes/kubernetes.io~nfs/nfs-pv" + pv + "\n"
                + "Output: mount.nfs: access denied by server while mounting 192.168.184.122:/usr/local/k8s/redis/pv" + pv + "\n";
    }

    /** What the kubelet says when the exported directory does not exist on the server. */
    public static String pathMissing(int pv) {
        return "MountVolume.SetUp failed for volume \"nfs-pv" + pv + "\" : mount failed: exit status 32\n"
                + "Mounting command: mount\n"
                + "Mounting arguments: -t nfs 192.168.184.122:/usr/local/k8s/redis/pv" + pv
                + " /var/lib/kubelet/pods/7f1c2a4e-0b4e-4c55-9d0a-3f7e8c1b2d90/volumes/kubernetes.io~nfs/nfs-pv" + pv + "\n"
                + "Output: mount.nfs: mounting 192.168.184.122:/usr/local/k8s/redis/pv" + pv
                + " failed, reason given by server: No such file or directory\n";
    }

    /** The kubelet's summary after two minutes of failed mounts, which says nothing of the cause. */
    public static final String MOUNT_TIMEOUT = "Unable to attach or mount volumes: unmounted volumes=[redis-data],"
            + " unattached volumes=[redis-conf redis-data kube-api-access-x7k2p]: timed out waiting for the condition";

    private StuckPods() {
    }

    /** Scheduled on a node, its container waiting in ContainerCreating: the volumes are not mounted yet. */
    public static Pod containerCreating(String name, String uid) {
        return base(name, uid).editStatus()
                .withPhase("Pending")
                .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                .addNewCondition().withType("Ready").withStatus("False").withReason("ContainersNotReady").endCondition()
                .addNewContainerStatus().withName("redis").withImage("redis:7.2").withReady(false).withRestartCount(0)
                    .withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting().endState()
                .endContainerStatus()
                .endStatus().build();
    }

    /** Its container waiting with {@code reason} and {@code message}, as for an image that cannot be pulled. */
    public static Pod containerWaiting(String name, String uid, String image, String reason, String message) {
        return base(name, uid).editStatus()
                .withPhase("Pending")
                .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                .addNewContainerStatus().withName("redis").withImage(image).withReady(false).withRestartCount(0)
                    .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState()
                .endContainerStatus()
                .endStatus().build();
    }

    /** Not scheduled: the scheduler's condition, as with an unbound claim or too little memory. */
    public static Pod unscheduled(String name, String uid, String message) {
        return new PodBuilder(base(name, uid).build()).editSpec().withNodeName(null).endSpec().editStatus()
                .withPhase("Pending")
                .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable").withMessage(message)
                .endCondition()
                .endStatus().build();
    }

    public static Pod runningReady(String name, String uid) {
        return base(name, uid).editStatus()
                .withPhase("Running").withPodIP("10.1.0.9")
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus().build();
    }

    private static PodBuilder base(String name, String uid) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withUid(uid).withLabels(POD_LABELS).endMetadata()
                .withNewSpec().withNodeName("node-2").addNewContainer().withName("redis").withImage("redis:7.2").endContainer()
                .endSpec()
                .withNewStatus().endStatus();
    }

    /** An Event the kubelet or scheduler records on a pod. */
    public static Event onPod(String eventName, String pod, String uid, String reason, String message, String lastTimestamp) {
        return new EventBuilder()
                .withNewMetadata().withName(eventName).endMetadata()
                .withNewInvolvedObject().withKind("Pod").withApiVersion("v1").withName(pod).withUid(uid).endInvolvedObject()
                .withReason(reason).withMessage(message).withType("Warning")
                .withNewSource().withComponent("kubelet").withHost("node-2").endSource()
                .withFirstTimestamp(lastTimestamp).withLastTimestamp(lastTimestamp).withCount(3)
                .build();
    }

    /** An Event the StatefulSet controller records on the StatefulSet redis-app, e.g. FailedCreate. */
    public static Event onStatefulSet(String eventName, String reason, String message, String lastTimestamp) {
        return new EventBuilder()
                .withNewMetadata().withName(eventName).endMetadata()
                .withNewInvolvedObject().withKind("StatefulSet").withApiVersion("apps/v1").withName("redis-app").endInvolvedObject()
                .withReason(reason).withMessage(message).withType("Warning")
                .withNewSource().withComponent("statefulset-controller").endSource()
                .withFirstTimestamp(lastTimestamp).withLastTimestamp(lastTimestamp).withCount(12)
                .build();
    }

    public static PersistentVolumeClaim claim(String name, String phase) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(name).withLabels(POD_LABELS).endMetadata()
                .withNewSpec().withVolumeName(null).endSpec()
                .withNewStatus().withPhase(phase).endStatus()
                .build();
    }
}
