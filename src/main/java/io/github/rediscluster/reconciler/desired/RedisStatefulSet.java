package io.github.rediscluster.reconciler.desired;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.spec.RolloutStrategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The StatefulSet of redis-server pods. */
public final class RedisStatefulSet {

    public static final String COMPONENT = "server";
    public static final String POD_IP_ENV = "POD_IP";
    /** The password from the Secret, expanded by the kubelet into the args: the pod spec holds only the reference. */
    public static final String PASSWORD_ENV = "REDIS_PASSWORD";
    /** Where redis-cli looks for a password, so that the exec readiness probe authenticates without an argument. */
    public static final String REDIS_CLI_PASSWORD_ENV = "REDISCLI_AUTH";
    static final String HOSTNAME_TOPOLOGY_KEY = "kubernetes.io/hostname";

    private RedisStatefulSet() {
    }

    /**
     * Parallel pod management: after a full restart every node must come back at once, since a Redis Cluster
     * with most masters missing cannot serve, and ordered start-up would wait on readiness that never comes.
     */
    public static StatefulSet desired(ClusterSpec spec) {
        return new StatefulSetBuilder()
                .withMetadata(ClusterLabels.metadata(spec, spec.name(), COMPONENT))
                .withNewSpec()
                    .withServiceName(spec.headlessService())
                    .withReplicas(spec.podCount())
                    .withPodManagementPolicy("Parallel")
                    .withNewUpdateStrategy().withType(updateStrategy(spec)).endUpdateStrategy()
                    .withNewSelector().withMatchLabels(ClusterLabels.selector(spec)).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(ClusterLabels.of(spec, COMPONENT))
                            .withAnnotations(templateAnnotations(spec))
                        .endMetadata()
                        .withNewSpec()
                            // redis-server never talks to the Kubernetes API: no token in its pods.
                            .withAutomountServiceAccountToken(false)
                            .withSecurityContext(podSecurity(spec))
                            .withNewAffinity()
                                .withNewPodAntiAffinity()
                                    // Preferred, not required: a small cluster must still start on fewer nodes.
                                    .addNewPreferredDuringSchedulingIgnoredDuringExecution()
                                        .withWeight(100)
                                        .withNewPodAffinityTerm()
                                            .withTopologyKey(HOSTNAME_TOPOLOGY_KEY)
                                            .withNewLabelSelector().withMatchLabels(ClusterLabels.selector(spec)).endLabelSelector()
                                        .endPodAffinityTerm()
                                    .endPreferredDuringSchedulingIgnoredDuringExecution()
                                .endPodAntiAffinity()
                            .endAffinity()
                            .withContainers(ExporterSidecar.withRedis(container(spec), spec))
                            .addNewVolume()
                                .withName(ClusterNames.CONFIG_VOLUME)
                                .withNewConfigMap().withName(spec.configMap()).endConfigMap()
                            .endVolume()
                            .addAllToVolumes(RedisTls.volume(spec).stream().toList())
                        .endSpec()
                    .endTemplate()
                    .withVolumeClaimTemplates(claimTemplate(spec))
                .endSpec()
                .build();
    }

    /**
     * OnDelete by default: the controller never restarts a pod by itself when the template changes; the reconciler does,
     * one at a time with a failover first (plan.RollingRestart). RollingUpdate when the spec leaves it to the controller.
     */
    static String updateStrategy(ClusterSpec spec) {
        return spec.rollout() == RolloutStrategy.RECONCILER ? "OnDelete" : "RollingUpdate";
    }

    /**
     * The exporter's scrape annotations (with a sidecar) and the digest of the restart-only redis.conf directives (when
     * any): null when neither applies, so that the template carries no empty annotations map.
     */
    static Map<String, String> templateAnnotations(ClusterSpec spec) {
        Map<String, String> annotations = new LinkedHashMap<>();
        Map<String, String> scrape = ExporterSidecar.scrapeAnnotations(spec);
        if (scrape != null) {
            annotations.putAll(scrape);
        }
        annotations.putAll(RedisConfig.restartAnnotations(spec));
        return annotations.isEmpty() ? null : annotations;
    }

    /**
     * redis-server announces the pod IP (downward API) so that every node, itself included, records the
     * address peers can reach now; nodes.conf on the PV keeps the NodeId across restarts.
     */
    static Container container(ClusterSpec spec) {
        return new ContainerBuilder()
                .withName(ClusterNames.CONTAINER)
                .withImage(spec.image())
                .withCommand("redis-server")
                .withArgs(args(spec))
                .withEnv(env(spec))
                .addNewPort().withName(ClusterNames.CLIENT_PORT_NAME).withContainerPort(spec.port()).withProtocol("TCP").endPort()
                .addNewPort().withName(ClusterNames.BUS_PORT_NAME).withContainerPort(spec.busPort()).withProtocol("TCP").endPort()
                .withResources(resources(spec))
                .withSecurityContext(containerSecurity())
                // A crash's last log lines ("Permission denied" on the data directory...) land in the container's
                // status, where the pod diagnosis reads them; the API server's default is File, which stays empty.
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                // Both probes only ask whether this redis-server is up, never whether the cluster is formed:
                // the cluster forms only after the pods are running, and the reconciler forms it.
                .withNewLivenessProbe()
                    .withNewTcpSocket().withPort(new IntOrString(spec.port())).endTcpSocket()
                    .withInitialDelaySeconds(10)
                    .withPeriodSeconds(10)
                    .withTimeoutSeconds(5)
                    .withFailureThreshold(6)
                .endLivenessProbe()
                .withNewReadinessProbe()
                    .withNewExec()
                        .withCommand("sh", "-c", "redis-cli" + RedisTls.redisCliFlags(spec) + " -h 127.0.0.1 -p " + spec.port()
                                + " ping | grep -q PONG")
                    .endExec()
                    .withInitialDelaySeconds(5)
                    .withPeriodSeconds(5)
                    .withTimeoutSeconds(5)
                    .withFailureThreshold(3)
                .endReadinessProbe()
                .withNewLifecycle().withNewPreStop().withNewExec().withCommand(PreStopHook.command(spec)).endExec().endPreStop()
                .endLifecycle()
                .addNewVolumeMount().withName(ClusterNames.CONFIG_VOLUME).withMountPath(ClusterNames.CONFIG_DIR).withReadOnly(true)
                    .endVolumeMount()
                .addNewVolumeMount().withName(ClusterNames.DATA_VOLUME).withMountPath(ClusterNames.DATA_DIR).endVolumeMount()
                .addAllToVolumeMounts(RedisTls.mounts(spec))
                .build();
    }

    /**
     * With auth, the password comes in as {@code $(REDIS_PASSWORD)}, which the kubelet expands from the Secret when it
     * starts the container: it is in no ConfigMap and in no object of the API but the Secret. redis-server rewrites
     * its process title at start (6.2 and 7.0 alike: {@code /proc/<pid>/cmdline} then reads
     * {@code redis-server <ip>:<port>}), so it does not stay on the command line either. Replicas authenticate to
     * their masters with the same password (masterauth).
     */
    static List<String> args(ClusterSpec spec) {
        List<String> args = new ArrayList<>(List.of(ClusterNames.CONFIG_DIR + "/" + ClusterNames.CONFIG_KEY,
                "--cluster-announce-ip", "$(" + POD_IP_ENV + ")"));
        args.addAll(RedisTls.args(spec));
        if (spec.auth().isPresent()) {
            String password = "$(" + PASSWORD_ENV + ")";
            args.addAll(List.of("--requirepass", password, "--masterauth", password));
        }
        args.addAll(ReconcilerAclUser.args(spec));
        return args;
    }

    /**
     * What the {@code restricted} Pod Security level asks of a pod, with redis-server as the spec's user (by default the
     * official image's redis user, 999). The command is redis-server itself, so the image's entrypoint (which starts as
     * root and switches user) never runs. fsGroup makes the ConfigMap volume the group's; NFS volumes keep the owner
     * the NFS server gives them, which is why {@code GET /nfs-setup} chowns the directories to the same uid:gid.
     */
    static PodSecurityContext podSecurity(ClusterSpec spec) {
        ClusterSpec.Security security = spec.security();
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(security.runAsUser())
                .withRunAsGroup(security.fsGroup())
                .withFsGroup(security.fsGroup())
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    /**
     * No capabilities, no way to gain privileges, and a read-only root filesystem: redis-server writes only in its data
     * directory (nodes.conf, AOF, RDB and their temporary files all go to {@code dir}), which is the PV; it needs no /tmp.
     */
    static SecurityContext containerSecurity() {
        return new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withPrivileged(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .build();
    }

    static List<EnvVar> env(ClusterSpec spec) {
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVarBuilder().withName(POD_IP_ENV)
                .withNewValueFrom().withNewFieldRef().withApiVersion("v1").withFieldPath("status.podIP").endFieldRef().endValueFrom()
                .build());
        spec.auth().ifPresent(auth -> {
            env.add(fromSecret(PASSWORD_ENV, auth));
            env.add(fromSecret(REDIS_CLI_PASSWORD_ENV, auth));
        });
        env.addAll(ReconcilerAclUser.env(spec));
        return env;
    }

    /** Not optional: a pod must not start without the password that its peers and the reconciler expect. */
    static EnvVar fromSecret(String name, ClusterSpec.Auth auth) {
        return new EnvVarBuilder().withName(name)
                .withNewValueFrom().withNewSecretKeyRef().withName(auth.secret()).withKey(auth.key()).withOptional(false)
                .endSecretKeyRef().endValueFrom()
                .build();
    }

    static ResourceRequirements resources(ClusterSpec spec) {
        return resources(spec.resources());
    }

    static ResourceRequirements resources(ClusterSpec.Resources wanted) {
        Map<String, Quantity> limits = new LinkedHashMap<>();
        wanted.limitsCpu().ifPresent(cpu -> limits.put("cpu", new Quantity(cpu)));
        wanted.limitsMemory().ifPresent(memory -> limits.put("memory", new Quantity(memory)));
        ResourceRequirementsBuilder builder = new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(wanted.requestsCpu()))
                .addToRequests("memory", new Quantity(wanted.requestsMemory()));
        if (!limits.isEmpty()) {
            builder.withLimits(limits);
        }
        return builder.build();
    }

    /**
     * With NFS, storageClassName "" keeps dynamic provisioning away: only the pre-bound static PVs may serve. With a
     * StorageClass, its provisioner makes a volume for each claim.
     */
    static PersistentVolumeClaim claimTemplate(ClusterSpec spec) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                    .withName(ClusterNames.DATA_VOLUME)
                    .withLabels(ClusterLabels.of(spec, PersistentVolumes.COMPONENT))
                .endMetadata()
                .withNewSpec()
                    .withAccessModes(List.of(spec.storage().accessMode()))
                    .withStorageClassName(spec.storage().storageClass().orElse(""))
                    .withNewResources().addToRequests("storage", new Quantity(spec.storage().size())).endResources()
                .endSpec()
                .build();
    }
}
