package io.github.rediscluster.reconciler.testing;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The Redis Cluster people build by hand, the classic way (issue 19), as its objects: static NFS PVs {@code nfs-pv1..N}
 * without claimRef, the {@code redis-conf} ConfigMap made from a redis.conf file, the headless {@code redis-service}, the
 * {@code redis-access-service}, and the StatefulSet {@code redis-app} selecting {@code app: redis}.
 */
public final class HandBuiltCluster {

    public static final String REDIS_CONF = """
            appendonly yes
            cluster-enabled yes
            cluster-config-file /var/lib/redis/nodes.conf
            cluster-node-timeout 5000
            dir /var/lib/redis
            port 6379
            """;
    public static final Map<String, String> SELECTOR = Map.of("app", "redis");
    private static final Map<String, String> POD_LABELS = Map.of("app", "redis", "appCluster", "redis-cluster");

    private HandBuiltCluster() {
    }

    /** The spec that describes it, for the service: every name as it is, the pods selected as they are. */
    public static String spec(String namespace, String nfsServer, boolean dryRun, boolean adopt) {
        return String.join("\n",
                "redis-cluster.namespace=" + namespace,
                "redis-cluster.storage.nfs.server=" + nfsServer,
                "redis-cluster.pod-selector=app=redis",
                "redis-cluster.dry-run=" + dryRun,
                "redis-cluster.adopt=" + adopt) + "\n";
    }

    /** Creates every object, as {@code kubectl apply} of the hand-written manifests would. */
    public static void create(KubernetesClient client, String namespace, String nfsServer, int pods) {
        createVolumes(client, nfsServer, pods);
        createTheRest(client, namespace, pods);
    }

    public static void createVolumes(KubernetesClient client, String nfsServer, int pods) {
        IntStream.rangeClosed(1, pods).forEach(i -> client.persistentVolumes().resource(volume(nfsServer, i)).create());
    }

    /** The claim the StatefulSet's template makes for pod {@code ordinal}, made ahead of it. */
    public static void createClaim(KubernetesClient client, String namespace, int ordinal) {
        client.persistentVolumeClaims().inNamespace(namespace).resource(new io.fabric8.kubernetes.api.model
                .PersistentVolumeClaimBuilder().withNewMetadata().withName("redis-data-redis-app-" + ordinal)
                .withLabels(SELECTOR).endMetadata().withNewSpec().withAccessModes("ReadWriteMany")
                .withNewResources().addToRequests("storage", new Quantity("200M")).endResources().endSpec().build()).create();
    }

    /** The ConfigMap, both Services and the StatefulSet. */
    public static void createTheRest(KubernetesClient client, String namespace, int pods) {
        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder().withNewMetadata().withName("redis-conf")
                .endMetadata().withData(Map.of("redis.conf", REDIS_CONF)).build()).create();
        client.services().inNamespace(namespace).resource(new ServiceBuilder().withNewMetadata().withName("redis-service")
                .withLabels(Map.of("app", "redis")).endMetadata().withNewSpec().withClusterIP("None").withSelector(POD_LABELS)
                .addNewPort().withName("redis-port").withPort(6379).endPort().endSpec().build()).create();
        client.services().inNamespace(namespace).resource(new ServiceBuilder().withNewMetadata().withName("redis-access-service")
                .withLabels(Map.of("app", "redis")).endMetadata().withNewSpec().withSelector(POD_LABELS)
                .addNewPort().withName("redis-port").withProtocol("TCP").withPort(6379).withTargetPort(new IntOrString(6379))
                .endPort().endSpec().build()).create();
        client.apps().statefulSets().inNamespace(namespace).resource(new StatefulSetBuilder()
                .withNewMetadata().withName("redis-app").endMetadata()
                .withNewSpec().withServiceName("redis-service").withReplicas(pods)
                    .withNewSelector().withMatchLabels(SELECTOR).endSelector()
                    .withNewTemplate().withNewMetadata().withLabels(POD_LABELS).endMetadata()
                        .withNewSpec().withTerminationGracePeriodSeconds(20L)
                            .addNewContainer().withName("redis").withImage("redis").withCommand("redis-server")
                                .withArgs("/etc/redis/redis.conf", "--protected-mode", "no")
                                .withNewResources().addToRequests("cpu", new Quantity("100m"))
                                    .addToRequests("memory", new Quantity("100Mi")).endResources()
                                .addNewPort().withName("redis").withContainerPort(6379).withProtocol("TCP").endPort()
                                .addNewPort().withName("cluster").withContainerPort(16379).withProtocol("TCP").endPort()
                                .addNewVolumeMount().withName("redis-conf").withMountPath("/etc/redis").endVolumeMount()
                                .addNewVolumeMount().withName("redis-data").withMountPath("/var/lib/redis").endVolumeMount()
                            .endContainer()
                            .addNewVolume().withName("redis-conf").withNewConfigMap().withName("redis-conf").endConfigMap()
                                .endVolume()
                        .endSpec()
                    .endTemplate()
                    .addNewVolumeClaimTemplate().withNewMetadata().withName("redis-data").endMetadata()
                        .withNewSpec().withAccessModes("ReadWriteMany")
                            .withNewResources().addToRequests("storage", new Quantity("200M")).endResources()
                        .endSpec()
                    .endVolumeClaimTemplate()
                .endSpec().build()).create();
    }

    /** {@code nfs-pv<i>}: no claimRef, no storage class, ReadWriteMany, 200M, {@code /usr/local/k8s/redis/pv<i>}. */
    public static PersistentVolume volume(String nfsServer, int i) {
        return new PersistentVolumeBuilder().withNewMetadata().withName("nfs-pv" + i).endMetadata()
                .withNewSpec().withCapacity(Map.of("storage", new Quantity("200M"))).withAccessModes(List.of("ReadWriteMany"))
                    .withNewNfs().withServer(nfsServer).withPath("/usr/local/k8s/redis/pv" + i).endNfs()
                .endSpec().build();
    }
}
