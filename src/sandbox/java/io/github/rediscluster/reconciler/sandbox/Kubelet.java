package io.github.rediscluster.reconciler.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The kubelet of the sandbox nodes: runs each scheduled pod's container as a redis-server process on the
 * pod's own loopback IP, with its volumes mapped to host directories (ConfigMaps and Secrets written as
 * files, a claim's NFS PV mapped into the sandbox's NFS directory), restarts a crashed container on the same
 * IP, stops the process when its pod is deleted, and reports pod status (phase, podIP, Ready once the
 * server answers PING).
 */
final class Kubelet {

    static final String HOST_IP = "127.0.0.1";
    private static final Logger LOG = Logger.getLogger(Kubelet.class);
    private static final Duration PROBE_PERIOD = Duration.ofSeconds(1);
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);
    /** A deleted pod's grace before SIGKILL (30 s in Kubernetes; redis-server stops well within 1 s). */
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final Duration SECRET_REFRESH = Duration.ofSeconds(3);

    private final KubernetesClient client;
    private final String namespace;
    private final SandboxLayout layout;
    private final ImageBinaries images;
    private final LoopbackAddresses addresses;
    private final Clock clock;
    /** What exporter containers run as: empty when no prometheus-redis-exporter is installed (they do not run). */
    private final Optional<Path> exporter = ExporterProcess.locate();
    private final Map<String, PodRuntime> runtimes = new LinkedHashMap<>();
    /** How the pods deleted gracefully ended, oldest first. */
    final List<PodTermination.Ended> terminations = PodTermination.newLog();

    Kubelet(KubernetesClient client, String namespace, SandboxLayout layout, ImageBinaries images,
            LoopbackAddresses addresses, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.layout = layout;
        this.images = images;
        this.addresses = addresses;
        this.clock = clock;
    }

    void sync(ClusterSnapshot snapshot) {
        Set<String> liveUids = snapshot.pods().stream().map(pod -> pod.getMetadata().getUid()).collect(Collectors.toSet());
        List<PodRuntime> gone = runtimes.values().stream().filter(runtime -> !liveUids.contains(runtime.uid)).toList();
        stop(gone, GRACE, "its pod was deleted");
        gone.forEach(runtime -> runtimes.remove(runtime.uid));
        // One pod's failure (a write conflict, a full disk) must not keep the others from their sync.
        RuntimeException failure = null;
        for (Pod pod : snapshot.pods()) {
            try {
                if (pod.getSpec().getNodeName() != null) {
                    sync(pod, snapshot);
                }
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void sync(Pod pod, ClusterSnapshot snapshot) {
        Instant now = clock.instant();
        PodRuntime runtime = runtimes.computeIfAbsent(pod.getMetadata().getUid(), uid -> new PodRuntime(
                pod.getMetadata().getName(), uid, layout.podDirectory(pod), now.truncatedTo(ChronoUnit.SECONDS)));
        runtime.node = pod.getSpec().getNodeName();
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            // Being deleted: terminated gracefully (preStop, SIGTERM, grace), never restarted; the status still reports.
            if (runtime.termination == null) {
                runtime.termination = PodTermination.start(client, namespace, pod, runtime, terminations);
            }
        } else if (runtime.running() && !runtime.process.isAlive()) {
            crashed(runtime, now);
        }
        if (runtime.termination == null && !runtime.running()
                && (runtime.heldDownUntil == null || !now.isBefore(runtime.heldDownUntil))) {
            start(pod, runtime, snapshot, now);
        }
        if (runtime.running() && runtime.process.isAlive()) {
            refreshSecrets(pod, runtime, now);
            probe(runtime, now);
            sidecar(pod, runtime, snapshot);
        }
        PodStatus status = status(pod, runtime);
        if (!status.equals(pod.getStatus())) {
            pod.setStatus(status);
            client.pods().inNamespace(namespace).resource(pod).updateStatus();
        }
    }

    private void start(Pod pod, PodRuntime runtime, ClusterSnapshot snapshot, Instant now) {
        try {
            List<Container> containers = pod.getSpec().getContainers();
            if (containers.isEmpty() || !containers.stream().skip(1).allMatch(ExporterProcess::isExporter)) {
                throw new NotStartable("SandboxUnsupported",
                        "the sandbox runs pods of one redis-server container, with at most a redis_exporter beside it");
            }
            Container container = containers.get(0);
            Map<String, Path> volumes = volumes(pod, runtime, snapshot);
            runtime.mounts = mounts(container, volumes);
            writeFiles(pod, volumes, runtime.mounts, snapshot);
            List<Integer> ports = ports(container);
            if (runtime.address == null) {
                runtime.address = new PodAddress(addresses.allocate(containers.stream().flatMap(one -> ports(one).stream()).toList()),
                        HOST_IP);
            }
            runtime.port = ports.isEmpty() ? 0 : ports.get(0);
            ContainerLaunch launch = ContainerLaunch.of(pod, container, runtime.address, runtime.mounts,
                    images.forImage(container.getImage()),
                    new ContainerLaunch.Lookup(snapshot::configMap, this::secret));
            ProcessBuilder builder = new ProcessBuilder(launch.commandLine())
                    .directory(runtime.directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(runtime.log().toFile()));
            builder.environment().putAll(launch.environment());
            runtime.probePassword = Optional.ofNullable(launch.environment().get(PingProbe.PASSWORD_VARIABLE));
            runtime.probeTls = container.getReadinessProbe() == null || container.getReadinessProbe().getExec() == null
                    ? Optional.empty() : ProbeTls.fromCommand(container.getReadinessProbe().getExec().getCommand(), runtime.mounts);
            runtime.secretsWritten = now;
            runtime.logsAsTerminationMessage = "FallbackToLogsOnError".equals(container.getTerminationMessagePolicy());
            runtime.started(SandboxProcesses.start(builder), now.truncatedTo(ChronoUnit.SECONDS));
            LOG.infof("Sandbox: pod %s started on %s (%s), pid %d; %s", runtime.name, runtime.address.podIp(),
                    pod.getSpec().getNodeName(), runtime.process.pid(), runtime.view().volumes(layout::shown));
        } catch (NotStartable e) {
            if (!e.reason().equals(runtime.waitingReason) || !e.getMessage().equals(runtime.waitingMessage)) {
                LOG.warnf("Sandbox: pod %s cannot start: %s: %s", runtime.name, e.reason(), e.getMessage());
            }
            runtime.waiting(e.reason(), e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("starting pod " + runtime.name, e);
        }
    }

    /**
     * The pod's redis_exporter, started once its redis-server runs and started again if it exits (as the kubelet
     * restarts one container of a pod); it stops with the pod. Not at all when no exporter binary is installed.
     */
    private void sidecar(Pod pod, PodRuntime runtime, ClusterSnapshot snapshot) {
        Optional<Container> container = pod.getSpec().getContainers().stream().skip(1).findFirst();
        if (container.isEmpty() || exporter.isEmpty() || runtime.sidecar != null && runtime.sidecar.isAlive()) {
            return;
        }
        try {
            Map<String, String> env = ContainerLaunch.environment(pod, container.get(), runtime.address,
                    new ContainerLaunch.Lookup(snapshot::configMap, this::secret));
            // Its TLS files are the pod's Secret volume, under the container path (REDIS_EXPORTER_TLS_*).
            env.replaceAll((name, value) -> runtime.mounts.translate(value));
            runtime.sidecar = SandboxProcesses.start(ExporterProcess.builder(exporter.get(), env, runtime.address.podIp(),
                    runtime.directory));
            runtime.sidecarProblem = null;
            LOG.infof("Sandbox: pod %s: %s started (%s), pid %d", runtime.name, container.get().getName(), exporter.get(),
                    runtime.sidecar.pid());
        } catch (NotStartable e) {
            if (!e.getMessage().equals(runtime.sidecarProblem)) {
                LOG.warnf("Sandbox: pod %s: %s cannot start: %s", runtime.name, container.get().getName(), e.getMessage());
            }
            runtime.sidecarProblem = e.getMessage();
        } catch (IOException e) {
            throw new UncheckedIOException("starting the exporter of pod " + runtime.name, e);
        }
    }

    /** The host directory of every volume of the pod; a claim resolves through its bound PV to the NFS directory. */
    private Map<String, Path> volumes(Pod pod, PodRuntime runtime, ClusterSnapshot snapshot) throws NotStartable, IOException {
        Map<String, Path> volumes = new LinkedHashMap<>();
        for (Volume volume : pod.getSpec().getVolumes()) {
            Path directory;
            if (volume.getPersistentVolumeClaim() != null) {
                directory = claimDirectory(volume.getPersistentVolumeClaim().getClaimName(), snapshot);
            } else if (volume.getConfigMap() != null || volume.getSecret() != null || volume.getEmptyDir() != null) {
                directory = runtime.directory.resolve("volumes").resolve(volume.getName());
            } else {
                throw new NotStartable("ContainerCreating", "volume " + volume.getName()
                        + ": the sandbox emulates configMap, secret, emptyDir and persistentVolumeClaim volumes");
            }
            Files.createDirectories(directory);
            volumes.put(volume.getName(), directory);
        }
        return volumes;
    }

    private Path claimDirectory(String claimName, ClusterSnapshot snapshot) throws NotStartable {
        PersistentVolumeClaim claim = snapshot.claim(claimName).orElseThrow(() -> new NotStartable("ContainerCreating",
                "persistentvolumeclaim \"" + claimName + "\" not found"));
        String volumeName = claim.getSpec().getVolumeName();
        PersistentVolume volume = Optional.ofNullable(volumeName).flatMap(snapshot::volume).orElseThrow(
                () -> new NotStartable("ContainerCreating", "persistentvolumeclaim \"" + claimName + "\" is not bound"));
        if (volume.getSpec().getNfs() != null) {
            return layout.nfsDirectory(volume.getSpec().getNfs().getServer(), volume.getSpec().getNfs().getPath());
        }
        if (volume.getSpec().getHostPath() != null) {
            return layout.hostPathDirectory(volume.getSpec().getHostPath().getPath());
        }
        throw new NotStartable("ContainerCreating", "PV " + volumeName + ": the sandbox emulates nfs and hostPath PVs");
    }

    private static MountTable mounts(Container container, Map<String, Path> volumes) throws NotStartable {
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (VolumeMount mount : container.getVolumeMounts()) {
            Path directory = volumes.get(mount.getName());
            if (directory == null) {
                throw new NotStartable("CreateContainerConfigError", "volumeMount " + mount.getName() + " names no volume");
            }
            String subPath = mount.getSubPath();
            mounts.put(mount.getMountPath(), subPath == null || subPath.isEmpty() ? directory : directory.resolve(subPath));
        }
        return new MountTable(mounts);
    }

    /**
     * ConfigMap and Secret volumes as files. Container paths in ConfigMap files are rewritten like the args
     * (redis.conf names /var/lib/redis); Secret values are written as they are.
     */
    private void writeFiles(Pod pod, Map<String, Path> volumes, MountTable mounts, ClusterSnapshot snapshot)
            throws NotStartable, IOException {
        for (Volume volume : pod.getSpec().getVolumes()) {
            if (volume.getConfigMap() != null) {
                var source = volume.getConfigMap();
                Map<String, String> data = required(volume, "configmap", source.getName(), source.getOptional(),
                        snapshot.configMap(source.getName())
                                .map(configMap -> Optional.ofNullable(configMap.getData()).orElse(Map.of())));
                writeItems(volumes.get(volume.getName()), data, source.getItems(), mounts);
            } else if (volume.getSecret() != null) {
                var source = volume.getSecret();
                Map<String, String> data = required(volume, "secret", source.getSecretName(), source.getOptional(),
                        secret(source.getSecretName()).map(Kubelet::decoded));
                writeItems(volumes.get(volume.getName()), data, source.getItems(), MountTable.NONE);
            }
        }
    }

    /**
     * A real kubelet rewrites Secret volumes of running pods within about a minute of a change; here every few seconds.
     * The files are replaced one by one (not by the kubelet's atomic directory swap), so a reload in between may read a
     * new certificate with the old key: Redis then refuses the reload and keeps the old pair, and the reconciler retries.
     */
    private void refreshSecrets(Pod pod, PodRuntime runtime, Instant now) {
        if (now.isBefore(runtime.secretsWritten.plus(SECRET_REFRESH))
                || pod.getSpec().getVolumes().stream().noneMatch(volume -> volume.getSecret() != null)) {
            return;
        }
        runtime.secretsWritten = now;
        for (Volume volume : pod.getSpec().getVolumes()) {
            if (volume.getSecret() != null) {
                Optional<Secret> secret = secret(volume.getSecret().getSecretName());
                if (secret.isPresent()) {
                    try {
                        writeItems(runtime.directory.resolve("volumes").resolve(volume.getName()), decoded(secret.get()),
                                volume.getSecret().getItems(), MountTable.NONE);
                    } catch (IOException e) {
                        throw new UncheckedIOException("refreshing secret volume " + volume.getName() + " of " + runtime.name, e);
                    }
                }
            }
        }
    }

    private static Map<String, String> required(Volume volume, String kind, String name, Boolean optional,
            Optional<Map<String, String>> data) throws NotStartable {
        if (data.isEmpty() && !Boolean.TRUE.equals(optional)) {
            throw new NotStartable("ContainerCreating", "MountVolume.SetUp failed for volume \"" + volume.getName()
                    + "\" : " + kind + " \"" + name + "\" not found");
        }
        return data.orElse(Map.of());
    }

    private static Map<String, String> decoded(Secret secret) {
        Map<String, String> data = new LinkedHashMap<>();
        Optional.ofNullable(secret.getData()).orElse(Map.of()).forEach((key, encoded) ->
                data.put(key, new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8)));
        return data;
    }

    private static void writeItems(Path directory, Map<String, String> data, List<KeyToPath> items, MountTable mounts)
            throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        if (items == null || items.isEmpty()) {
            data.forEach(files::put);
        } else {
            for (KeyToPath item : items) {
                if (data.containsKey(item.getKey())) {
                    files.put(item.getPath(), data.get(item.getKey()));
                }
            }
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = directory.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
            Files.writeString(temporary, mounts.translate(file.getValue()));
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private Optional<Secret> secret(String name) {
        return Optional.ofNullable(client.secrets().inNamespace(namespace).withName(name).get());
    }

    private static List<Integer> ports(Container container) {
        return container.getPorts().stream().map(ContainerPort::getContainerPort).toList();
    }

    private void crashed(PodRuntime runtime, Instant now) {
        int exitCode = runtime.process.exitValue();
        Duration backoff = Duration.ofSeconds(1L << Math.min(runtime.restartCount, 4));
        if (backoff.compareTo(MAX_BACKOFF) > 0) {
            backoff = MAX_BACKOFF;
        }
        LOG.warnf("Sandbox: pod %s: redis-server exited with code %d, restarting in %d s on the same IP. Last log lines:%n%s",
                runtime.name, exitCode, backoff.toSeconds(), tail(runtime.log(), 8));
        runtime.ended(exitCode, exitCode == 0 ? "Completed" : "Error", now, now.plus(backoff), "CrashLoopBackOff",
                "back-off " + backoff.toSeconds() + "s restarting failed container",
                runtime.logsAsTerminationMessage && exitCode != 0 ? terminationMessage(runtime.log()) : null);
    }

    private void probe(PodRuntime runtime, Instant now) {
        if (runtime.ready && now.isBefore(runtime.lastProbe.plus(PROBE_PERIOD))) {
            return;
        }
        runtime.lastProbe = now;
        boolean ready = runtime.port == 0 || PingProbe.answers(runtime.address.podIp(), runtime.port, PROBE_TIMEOUT,
                runtime.probePassword, runtime.probeTls);
        if (ready != runtime.ready) {
            LOG.infof("Sandbox: pod %s is %s", runtime.name, ready ? "Ready" : "not ready (no PONG)");
        }
        runtime.ready = ready;
    }

    /** The pod status a kubelet would report for what runs now. */
    static PodStatus status(Pod pod, PodRuntime runtime) {
        Container container = pod.getSpec().getContainers().get(0);
        String ready = runtime.ready ? "True" : "False";
        ContainerStatusBuilder containerStatus = new ContainerStatusBuilder()
                .withName(container.getName())
                .withImage(container.getImage())
                .withImageID("")
                .withReady(runtime.ready)
                .withStarted(runtime.running())
                .withRestartCount(runtime.restartCount);
        if (runtime.running()) {
            containerStatus.withNewState().withNewRunning().withStartedAt(runtime.startedAt.toString()).endRunning().endState();
        } else {
            containerStatus.withNewState().withNewWaiting()
                    .withReason(runtime.waitingReason).withMessage(runtime.waitingMessage)
                    .endWaiting().endState();
        }
        if (runtime.lastTermination != null) {
            PodRuntime.Termination last = runtime.lastTermination;
            containerStatus.withNewLastState().withNewTerminated()
                    .withExitCode(last.exitCode()).withReason(last.reason())
                    .withStartedAt(last.startedAt().toString()).withFinishedAt(last.finishedAt().toString())
                    .withMessage(last.message())
                    .endTerminated().endLastState();
        }
        PodStatusBuilder status = new PodStatusBuilder()
                .withPhase(runtime.running() || runtime.startedAt != null ? "Running" : "Pending")
                .withHostIP(HOST_IP)
                .withStartTime(runtime.created.toString())
                .withConditions(condition("PodScheduled", "True"), condition("Initialized", "True"),
                        condition("ContainersReady", ready), condition("Ready", ready))
                .withContainerStatuses(List.<ContainerStatus>of(containerStatus.build()));
        if (runtime.address != null) {
            status.withPodIP(runtime.address.podIp()).withPodIPs(new PodIPBuilder().withIp(runtime.address.podIp()).build());
        }
        return status.build();
    }

    private static PodCondition condition(String type, String status) {
        return new PodConditionBuilder().withType(type).withStatus(status).build();
    }

    /** Chaos: SIGKILL the pod's redis-server, as a crash or a lost node would end it. */
    Optional<PodRuntime> kill(String podName) {
        Optional<PodRuntime> runtime = byName(podName);
        runtime.filter(PodRuntime::running).ifPresent(found -> {
            SandboxProcesses.kill(found.process);
            found.ended(137, "Error", clock.instant(), null, "ContainerCreating", null);
        });
        return runtime;
    }

    /** Chaos: kill the pod's redis-server and keep it down for a while; it comes back on the same IP. */
    Optional<PodRuntime> holdDown(String podName, Duration duration) {
        Optional<PodRuntime> runtime = byName(podName);
        runtime.ifPresent(found -> {
            Instant now = clock.instant();
            if (found.running()) {
                SandboxProcesses.kill(found.process);
                found.ended(137, "Error", now, now.plus(duration), "SandboxStopped", "stopped for " + duration.toSeconds() + " s by the sandbox");
            } else {
                found.heldDownUntil = now.plus(duration);
                found.waiting("SandboxStopped", "stopped for " + duration.toSeconds() + " s by the sandbox");
            }
        });
        return runtime;
    }

    private Optional<PodRuntime> byName(String podName) {
        return runtimes.values().stream().filter(runtime -> runtime.name.equals(podName)).findFirst();
    }

    List<SandboxPod> view() {
        return runtimes.values().stream().map(PodRuntime::view)
                .sorted(Comparator.comparing((SandboxPod pod) -> pod.name().length()).thenComparing(SandboxPod::name))
                .toList();
    }

    /** Every process down, as the sandbox closes. */
    void stopAll() {
        stop(List.copyOf(runtimes.values()), Duration.ofSeconds(5), null);
        runtimes.clear();
    }

    private static void stop(List<PodRuntime> runtimes, Duration grace, String why) {
        List<PodRuntime> running = runtimes.stream().filter(PodRuntime::running).toList();
        if (why != null) {
            running.forEach(runtime -> LOG.infof("Sandbox: stopping pod %s (pid %d on %s): %s", runtime.name,
                    runtime.process.pid(), runtime.address.podIp(), why));
        }
        SandboxProcesses.stop(running.stream().map(runtime -> runtime.process).toList(), grace);
        SandboxProcesses.stop(runtimes.stream().map(runtime -> runtime.sidecar).filter(java.util.Objects::nonNull).toList(), grace);
    }

    /** As the kubelet does for FallbackToLogsOnError: the last 80 lines of the log, at most its last 2048 bytes. */
    static String terminationMessage(Path log) {
        String lines = tail(log, 80);
        byte[] bytes = lines.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= 2048 ? lines : new String(bytes, bytes.length - 2048, 2048, StandardCharsets.UTF_8);
    }

    private static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
