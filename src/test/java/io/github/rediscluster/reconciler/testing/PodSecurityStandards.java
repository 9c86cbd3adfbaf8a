package io.github.rediscluster.reconciler.testing;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The Kubernetes Pod Security Standards, Baseline and Restricted levels, written out as code from the "Pod Security
 * Standards" page of the Kubernetes documentation (concepts/security/pod-security-standards, the version for 1.30+):
 * one method per control, named after it, each returning the violations it finds with the field at fault. Restricted
 * is everything in Baseline and more. The checks read the pod as written; they apply no API defaulting, which is the
 * conservative reading (e.g. an unset allowPrivilegeEscalation counts as a violation, as the admission plugin does).
 */
public final class PodSecurityStandards {

    /** Baseline "Capabilities": what may be added beyond the runtime's default set. */
    static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID",
            "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    /** Baseline "Sysctls": the safe subset. */
    static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    /** Baseline "SELinux": the types a pod may set. */
    static final Set<String> SELINUX_TYPES = Set.of("container_t", "container_init_t", "container_kvm_t", "container_engine_t");
    /** Restricted "Volume Types": the only sources a volume may have. */
    static final Set<String> RESTRICTED_VOLUME_TYPES = Collections.unmodifiableSortedSet(new TreeSet<>(List.of("configMap",
            "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret")));

    private PodSecurityStandards() {
    }

    public static Set<String> restrictedVolumeTypes() {
        return RESTRICTED_VOLUME_TYPES;
    }

    /** One container of any kind, with where it sits in the pod (for the messages). */
    private record AnyContainer(String where, SecurityContext securityContext, List<ContainerPort> ports) {
    }

    public static List<String> baselineViolations(ObjectMeta metadata, PodSpec pod) {
        List<String> found = new ArrayList<>();
        List<AnyContainer> containers = containers(pod);
        PodSecurityContext podContext = pod.getSecurityContext();
        // HostProcess
        if (podContext != null && podContext.getWindowsOptions() != null && isTrue(podContext.getWindowsOptions().getHostProcess())) {
            found.add("spec.securityContext.windowsOptions.hostProcess must be unset or false");
        }
        containers.forEach(c -> {
            if (c.securityContext() != null && c.securityContext().getWindowsOptions() != null
                    && isTrue(c.securityContext().getWindowsOptions().getHostProcess())) {
                found.add(c.where() + ".securityContext.windowsOptions.hostProcess must be unset or false");
            }
        });
        // Host Namespaces
        if (isTrue(pod.getHostNetwork()) || isTrue(pod.getHostPID()) || isTrue(pod.getHostIPC())) {
            found.add("spec.hostNetwork, hostPID and hostIPC must be unset or false");
        }
        // Privileged Containers
        containers.forEach(c -> {
            if (c.securityContext() != null && isTrue(c.securityContext().getPrivileged())) {
                found.add(c.where() + ".securityContext.privileged must be unset or false");
            }
        });
        // Capabilities
        containers.forEach(c -> added(c).stream().filter(cap -> !BASELINE_CAPABILITIES.contains(cap))
                .forEach(cap -> found.add(c.where() + ".securityContext.capabilities.add may not hold " + cap)));
        // HostPath Volumes
        volumes(pod).filter(volume -> volume.getHostPath() != null)
                .forEach(volume -> found.add("spec.volumes[" + volume.getName() + "].hostPath must be unset"));
        // Host Ports
        containers.forEach(c -> c.ports().stream().filter(port -> port.getHostPort() != null && port.getHostPort() != 0)
                .forEach(port -> found.add(c.where() + ".ports[*].hostPort must be unset or 0, is " + port.getHostPort())));
        // AppArmor: the field (1.30+) and the older annotations
        apparmorTypes(pod, containers).filter(type -> !type.equals("RuntimeDefault") && !type.equals("Localhost"))
                .forEach(type -> found.add("appArmorProfile.type must be unset, RuntimeDefault or Localhost, is " + type));
        annotations(metadata).forEach((key, value) -> {
            if (key.startsWith("container.apparmor.security.beta.kubernetes.io/")
                    && !value.equals("runtime/default") && !value.startsWith("localhost/")) {
                found.add("annotation " + key + " must be runtime/default or localhost/*, is " + value);
            }
        });
        // SELinux
        seLinuxOptions(pod, containers).forEach(options -> {
            if (options.getType() != null && !options.getType().isEmpty() && !SELINUX_TYPES.contains(options.getType())) {
                found.add("seLinuxOptions.type must be unset or one of " + SELINUX_TYPES + ", is " + options.getType());
            }
            if (notEmpty(options.getUser()) || notEmpty(options.getRole())) {
                found.add("seLinuxOptions.user and .role must be unset");
            }
        });
        // /proc Mount Type
        containers.forEach(c -> {
            if (c.securityContext() != null && c.securityContext().getProcMount() != null
                    && !"Default".equals(c.securityContext().getProcMount())) {
                found.add(c.where() + ".securityContext.procMount must be unset or Default");
            }
        });
        // Seccomp: never Unconfined
        seccompTypes(pod, containers).filter("Unconfined"::equals)
                .forEach(type -> found.add("seccompProfile.type must not be Unconfined"));
        // Sysctls
        if (podContext != null && podContext.getSysctls() != null) {
            podContext.getSysctls().stream().map(Sysctl::getName).filter(name -> !SAFE_SYSCTLS.contains(name))
                    .forEach(name -> found.add("spec.securityContext.sysctls may not set " + name));
        }
        return found;
    }

    public static List<String> restrictedViolations(ObjectMeta metadata, PodSpec pod) {
        List<String> found = new ArrayList<>(baselineViolations(metadata, pod));
        List<AnyContainer> containers = containers(pod);
        PodSecurityContext podContext = pod.getSecurityContext();
        // Volume Types
        volumes(pod).forEach(volume -> {
            List<String> sources = sources(volume);
            if (sources.isEmpty() || !RESTRICTED_VOLUME_TYPES.containsAll(sources)) {
                found.add("spec.volumes[" + volume.getName() + "] is of type " + sources + ", allowed: " + RESTRICTED_VOLUME_TYPES);
            }
        });
        // Privilege Escalation: must be false on every container
        containers.forEach(c -> {
            if (c.securityContext() == null || !Boolean.FALSE.equals(c.securityContext().getAllowPrivilegeEscalation())) {
                found.add(c.where() + ".securityContext.allowPrivilegeEscalation must be false");
            }
        });
        // Running as Non-root: true at pod level (containers may leave it unset, not false), or on every container
        boolean podNonRoot = podContext != null && isTrue(podContext.getRunAsNonRoot());
        containers.forEach(c -> {
            Boolean own = c.securityContext() == null ? null : c.securityContext().getRunAsNonRoot();
            if (Boolean.FALSE.equals(own) || (own == null && !podNonRoot)) {
                found.add(c.where() + ": runAsNonRoot must be true (in the pod's or the container's securityContext)");
            }
        });
        // Running as Non-root user: runAsUser is never 0
        if (podContext != null && Long.valueOf(0).equals(podContext.getRunAsUser())) {
            found.add("spec.securityContext.runAsUser must not be 0");
        }
        containers.forEach(c -> {
            if (c.securityContext() != null && Long.valueOf(0).equals(c.securityContext().getRunAsUser())) {
                found.add(c.where() + ".securityContext.runAsUser must not be 0");
            }
        });
        // Seccomp: RuntimeDefault or Localhost, at pod level or on every container
        String podSeccomp = seccompType(podContext == null ? null : podContext.getSeccompProfile());
        containers.forEach(c -> {
            String own = seccompType(c.securityContext() == null ? null : c.securityContext().getSeccompProfile());
            String effective = own != null ? own : podSeccomp;
            if (!"RuntimeDefault".equals(effective) && !"Localhost".equals(effective)) {
                found.add(c.where() + ": seccompProfile.type must be RuntimeDefault or Localhost, is " + effective);
            }
        });
        // Capabilities: drop ALL, add nothing but NET_BIND_SERVICE
        containers.forEach(c -> {
            Capabilities capabilities = c.securityContext() == null ? null : c.securityContext().getCapabilities();
            if (capabilities == null || capabilities.getDrop() == null || !capabilities.getDrop().contains("ALL")) {
                found.add(c.where() + ".securityContext.capabilities.drop must hold ALL");
            }
            added(c).stream().filter(cap -> !cap.equals("NET_BIND_SERVICE"))
                    .forEach(cap -> found.add(c.where() + ".securityContext.capabilities.add may hold only NET_BIND_SERVICE, holds " + cap));
        });
        return found;
    }

    private static List<AnyContainer> containers(PodSpec pod) {
        List<AnyContainer> all = new ArrayList<>();
        orEmpty(pod.getInitContainers()).forEach(c -> all.add(of("spec.initContainers[" + c.getName() + "]", c)));
        orEmpty(pod.getContainers()).forEach(c -> all.add(of("spec.containers[" + c.getName() + "]", c)));
        for (EphemeralContainer c : orEmpty(pod.getEphemeralContainers())) {
            all.add(new AnyContainer("spec.ephemeralContainers[" + c.getName() + "]", c.getSecurityContext(), orEmpty(c.getPorts())));
        }
        return all;
    }

    private static AnyContainer of(String where, Container container) {
        return new AnyContainer(where, container.getSecurityContext(), orEmpty(container.getPorts()));
    }

    private static List<String> added(AnyContainer c) {
        if (c.securityContext() == null || c.securityContext().getCapabilities() == null) {
            return List.of();
        }
        return orEmpty(c.securityContext().getCapabilities().getAdd());
    }

    private static Stream<Volume> volumes(PodSpec pod) {
        return orEmpty(pod.getVolumes()).stream();
    }

    /** The source fields a volume sets, by their JSON names. */
    private static List<String> sources(Volume volume) {
        Map<String, Function<Volume, Object>> all = Map.ofEntries(
                Map.entry("configMap", Volume::getConfigMap), Map.entry("csi", Volume::getCsi),
                Map.entry("downwardAPI", Volume::getDownwardAPI), Map.entry("emptyDir", Volume::getEmptyDir),
                Map.entry("ephemeral", Volume::getEphemeral), Map.entry("persistentVolumeClaim", Volume::getPersistentVolumeClaim),
                Map.entry("projected", Volume::getProjected), Map.entry("secret", Volume::getSecret),
                Map.entry("hostPath", Volume::getHostPath), Map.entry("nfs", Volume::getNfs),
                Map.entry("gcePersistentDisk", Volume::getGcePersistentDisk),
                Map.entry("awsElasticBlockStore", Volume::getAwsElasticBlockStore), Map.entry("gitRepo", Volume::getGitRepo),
                Map.entry("iscsi", Volume::getIscsi), Map.entry("glusterfs", Volume::getGlusterfs), Map.entry("rbd", Volume::getRbd),
                Map.entry("flexVolume", Volume::getFlexVolume), Map.entry("cinder", Volume::getCinder),
                Map.entry("cephfs", Volume::getCephfs), Map.entry("flocker", Volume::getFlocker), Map.entry("fc", Volume::getFc),
                Map.entry("azureFile", Volume::getAzureFile), Map.entry("azureDisk", Volume::getAzureDisk),
                Map.entry("vsphereVolume", Volume::getVsphereVolume), Map.entry("quobyte", Volume::getQuobyte),
                Map.entry("portworxVolume", Volume::getPortworxVolume), Map.entry("scaleIO", Volume::getScaleIO),
                Map.entry("storageos", Volume::getStorageos), Map.entry("photonPersistentDisk", Volume::getPhotonPersistentDisk),
                Map.entry("image", Volume::getImage));
        return all.entrySet().stream().filter(entry -> entry.getValue().apply(volume) != null).map(Map.Entry::getKey).sorted().toList();
    }

    private static Stream<String> apparmorTypes(PodSpec pod, List<AnyContainer> containers) {
        Stream<String> podType = Stream.ofNullable(pod.getSecurityContext()).map(PodSecurityContext::getAppArmorProfile)
                .filter(Objects::nonNull).map(profile -> profile.getType());
        Stream<String> containerTypes = containers.stream().map(AnyContainer::securityContext).filter(Objects::nonNull)
                .map(SecurityContext::getAppArmorProfile).filter(Objects::nonNull).map(profile -> profile.getType());
        return Stream.concat(podType, containerTypes).filter(Objects::nonNull);
    }

    private static Stream<SELinuxOptions> seLinuxOptions(PodSpec pod, List<AnyContainer> containers) {
        Stream<SELinuxOptions> podOptions = Stream.ofNullable(pod.getSecurityContext()).map(PodSecurityContext::getSeLinuxOptions);
        Stream<SELinuxOptions> containerOptions = containers.stream().map(AnyContainer::securityContext)
                .filter(Objects::nonNull).map(SecurityContext::getSeLinuxOptions);
        return Stream.concat(podOptions, containerOptions).filter(Objects::nonNull);
    }

    private static Stream<String> seccompTypes(PodSpec pod, List<AnyContainer> containers) {
        Stream<String> podType = Stream.ofNullable(pod.getSecurityContext()).map(context -> seccompType(context.getSeccompProfile()));
        Stream<String> containerTypes = containers.stream().map(AnyContainer::securityContext).filter(Objects::nonNull)
                .map(context -> seccompType(context.getSeccompProfile()));
        return Stream.concat(podType, containerTypes).filter(Objects::nonNull);
    }

    private static String seccompType(SeccompProfile profile) {
        return profile == null ? null : profile.getType();
    }

    private static Map<String, String> annotations(ObjectMeta metadata) {
        return metadata == null || metadata.getAnnotations() == null ? Map.of() : metadata.getAnnotations();
    }

    private static boolean isTrue(Boolean value) {
        return Boolean.TRUE.equals(value);
    }

    private static boolean notEmpty(String value) {
        return value != null && !value.isEmpty();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
