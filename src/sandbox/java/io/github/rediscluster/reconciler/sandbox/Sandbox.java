package io.github.rediscluster.reconciler.sandbox;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.desired.ClusterNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The local sandbox: plays the parts of Kubernetes the product relies on, against a Kubernetes API (the
 * embedded mock in dev mode and tests). One thread syncs the emulated controllers and kubelet every period:
 * the StatefulSet controller, a local-path provisioner (StorageClass {@value StorageProvisioner#STORAGE_CLASS}), PV
 * binding, the scheduler, then the kubelet running each pod as a real
 * redis-server on its own loopback IP. The chaos controls run on that thread too. Closing it stops every
 * process it started.
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Sandbox.class);
    /** The StorageClass whose claims the sandbox's stand-in provisioner binds, growing them when asked. */
    public static final String STORAGE_CLASS = StorageProvisioner.STORAGE_CLASS;

    private final KubernetesClient client;
    private final SandboxSettings settings;
    private final SandboxLayout layout;
    private final RedisServerBinary redis;
    private final VolumeBinder binder;
    private final StorageProvisioner provisioner;
    private final StatefulSetController statefulSets;
    private final PodScheduler scheduler;
    private final Kubelet kubelet;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread sandbox = new Thread(runnable, "sandbox");
        sandbox.setDaemon(true);
        return sandbox;
    });
    private volatile List<SandboxPod> pods = List.of();
    private volatile boolean paused;
    private String lastFailure;

    private Sandbox(KubernetesClient client, SandboxSettings settings, RedisServerBinary redis, ImageBinaries images) {
        this.client = client;
        this.settings = settings;
        this.layout = new SandboxLayout(settings.root());
        this.redis = redis;
        String namespace = settings.namespace();
        this.binder = new VolumeBinder(client, namespace, Clock.systemUTC());
        this.provisioner = new StorageProvisioner(client, namespace);
        this.statefulSets = new StatefulSetController(client, namespace);
        this.scheduler = new PodScheduler(client, namespace, settings.nodes());
        this.kubelet = new Kubelet(client, namespace, layout, images, new LoopbackAddresses(), Clock.systemUTC());
    }

    /** Starts syncing against the given API; the client stays the caller's. */
    public static Sandbox start(KubernetesClient client, SandboxSettings settings) throws IOException {
        SandboxLayout layout = new SandboxLayout(settings.root());
        SandboxProcesses.reapStrays(layout.root());
        RedisServerBinary redis = RedisServerBinary.locate(settings.redisServer(), settings.redisServerFromPath());
        ImageBinaries images = ImageBinaries.of(settings.images(), redis);
        Sandbox sandbox = new Sandbox(client, settings, redis, images);
        sandbox.registerNodes();
        sandbox.provisioner.registerStorageClass();
        sandbox.thread.scheduleWithFixedDelay(sandbox::sync, 0, settings.syncPeriod().toMillis(), TimeUnit.MILLISECONDS);
        LOG.infof("Sandbox: in %s, nodes %s, namespace %s; pods run %s; the NFS server exports %s",
                layout.root(), settings.nodes(), settings.namespace(), images, layout.shown(layout.nfsRoot()));
        return sandbox;
    }

    public RedisServerBinary redisServer() {
        return redis;
    }

    /** The host directory that plays the NFS server: {@code <nfs root>/<server>/<export path>}. */
    public Path nfsRoot() {
        return layout.nfsRoot();
    }

    /** The pods the sandbox kubelet runs, as of its last sync. */
    public List<SandboxPod> pods() {
        return pods;
    }

    public Optional<SandboxPod> pod(String name) {
        return pods.stream().filter(pod -> pod.name().equals(name)).findFirst();
    }

    /** Chaos: the pod's redis-server is killed and its pod deleted; the StatefulSet makes it again on a new IP. */
    public String restartPod(String name) {
        return onSandboxThread(() -> {
            SandboxPod before = known(name);
            kubelet.kill(name);
            deletePodObject(name);
            return chaos("killed redis-server of " + name + " (was " + before.ip() + ") and deleted the pod;"
                    + " the StatefulSet makes it again on a new IP with the same data directory");
        });
    }

    /** Chaos: every pod at once, as after a power loss of the whole cluster: all come back on new IPs. */
    public String restartAll() {
        return onSandboxThread(() -> {
            List<String> names = pods.stream().map(SandboxPod::name).toList();
            names.forEach(kubelet::kill);
            names.forEach(this::deletePodObject);
            return chaos("killed and deleted " + names.size() + " pods " + names + "; they come back on new IPs");
        });
    }

    /** Slow storage: a claim is bound once {@code delay} old (zero, the default: at once); its pod is Unschedulable till then. */
    public String delayBinding(Duration delay) {
        binder.delay(delay);
        return chaos("claims are bound once they are " + delay.toMillis() + " ms old");
    }

    /** Chaos: the pod's redis-server is killed and kept down; then it starts again on the same IP. */
    public String stopPod(String name, Duration duration) {
        return onSandboxThread(() -> {
            known(name);
            kubelet.holdDown(name, duration);
            return chaos("stopped " + name + " for " + duration.toSeconds() + " s; it then starts again on the same IP");
        });
    }

    /**
     * Chaos: the pod's PersistentVolume is lost (the NFS directory emptied, as after a disk replaced by hand): its
     * redis-server is killed, the directory emptied, the pod deleted; it comes back on a new IP as an empty node
     * with a new NodeId.
     */
    public String losePersistentVolume(String name) {
        return onSandboxThread(() -> {
            SandboxPod before = known(name);
            Path data = before.hostPath(ClusterNames.DATA_DIR).orElseThrow(() -> new IllegalArgumentException(
                    name + " has no volume at " + ClusterNames.DATA_DIR));
            kubelet.kill(name);
            emptyDirectory(data);
            deletePodObject(name);
            return chaos("killed redis-server of " + name + " (was " + before.ip() + "), emptied its data directory "
                    + layout.shown(data) + " and deleted the pod; it comes back empty, with a new NodeId");
        });
    }

    private static void emptyDirectory(Path directory) {
        try (Stream<Path> entries = Files.walk(directory)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                if (!entry.equals(directory)) {
                    Files.delete(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not empty " + directory, e);
        }
    }

    /**
     * Chaos: an API delete (kubectl delete pod, a drain's eviction), graceful as on a cluster: the API server sets the
     * pod's deletionTimestamp and grace period, the kubelet runs the preStop hook, sends SIGTERM, SIGKILL after the
     * grace, then removes the pod; the StatefulSet makes it again, on a new IP.
     */
    public String deletePod(String name) {
        return onSandboxThread(() -> {
            known(name);
            // The mock API removes an object at once unless a finalizer holds it: then it sets deletionTimestamp, as a
            // real API server does for every pod. The kubelet's termination takes the finalizer off at the end.
            client.pods().inNamespace(settings.namespace()).withName(name).edit(pod -> {
                pod.getMetadata().getFinalizers().add(PodTermination.FINALIZER);
                return pod;
            });
            client.pods().inNamespace(settings.namespace()).withName(name).delete();
            return chaos("deleting pod " + name + " gracefully: preStop hook, SIGTERM, then the StatefulSet makes it again");
        });
    }

    /** How the pods deleted with {@link #deletePod} ended, oldest first. */
    public List<PodTermination.Ended> terminations() {
        return List.copyOf(kubelet.terminations);
    }

    /**
     * Stops syncing (no API request, no readiness probe) until {@link #resume()}; the redis-servers keep running.
     * For measuring what the reconciler alone sends to the API and to Redis.
     */
    public void pause() {
        paused = true;
        onSandboxThread(() -> true); // a sync in progress has ended once this returns
    }

    public void resume() {
        paused = false;
    }

    private String chaos(String what) {
        LOG.infof("Sandbox chaos: %s", what);
        return what;
    }

    private SandboxPod known(String name) {
        return pod(name).orElseThrow(() -> new IllegalArgumentException("no pod " + name + " runs in the sandbox; pods: "
                + pods.stream().map(SandboxPod::name).toList()));
    }

    /** Chaos: at once, as {@code kubectl delete --force --grace-period=0} (its redis-server is already killed). */
    private void deletePodObject(String name) {
        client.pods().inNamespace(settings.namespace()).withName(name).withGracePeriod(0).delete();
    }

    private void registerNodes() {
        for (String node : settings.nodes()) {
            client.nodes().resource(new NodeBuilder()
                    .withNewMetadata().withName(node).withLabels(Map.of("kubernetes.io/hostname", node)).endMetadata()
                    .withNewStatus()
                        .addNewCondition().withType("Ready").withStatus("True").endCondition()
                        .addNewAddress().withType("InternalIP").withAddress(Kubelet.HOST_IP).endAddress()
                    .endStatus()
                    .build()).createOr(existing -> existing.update());
        }
    }

    /**
     * One sync: StatefulSet controller, provisioner, volume binder, scheduler, kubelet. A step after one that wrote
     * reads the API again, so a claim bound or a pod made is seen in the same sync. A failed step does not stop the
     * others (a write conflict is retried on the next sync).
     */
    private void sync() {
        if (paused) {
            return;
        }
        try {
            ClusterSnapshot snapshot = ClusterSnapshot.read(client, settings.namespace());
            snapshot = step("StatefulSet controller", snapshot, () -> statefulSets.writes, statefulSets::sync);
            snapshot = step("provisioning volumes", snapshot, () -> provisioner.writes, provisioner::sync);
            snapshot = step("binding volumes", snapshot, () -> binder.writes, binder::sync);
            snapshot = step("scheduler", snapshot, () -> scheduler.writes, scheduler::sync);
            step("kubelet", snapshot, () -> 0, kubelet::sync);
        } catch (RuntimeException e) {
            reportFailure("reading the API", e);
        }
        pods = kubelet.view();
    }

    private ClusterSnapshot step(String what, ClusterSnapshot snapshot, IntSupplier writes,
            Consumer<ClusterSnapshot> part) {
        int before = writes.getAsInt();
        try {
            part.accept(snapshot);
        } catch (RuntimeException e) {
            reportFailure(what, e);
        }
        return writes.getAsInt() == before ? snapshot : ClusterSnapshot.read(client, settings.namespace());
    }

    /** A failure is logged once until it changes, so a lasting one does not flood the log. */
    private void reportFailure(String what, RuntimeException e) {
        String failure = what + ": " + e;
        if (!failure.equals(lastFailure)) {
            LOG.warnf(e, "Sandbox: %s failed; retrying on the next sync", what);
            lastFailure = failure;
        }
    }

    private <T> T onSandboxThread(Supplier<T> action) {
        try {
            return thread.submit(action::get).get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the sandbox thread did not answer within 60 s", e);
        }
    }

    /** Stops the sync thread, then every redis-server this sandbox started. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("Sandbox: the sync thread did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kubelet.stopAll();
        pods = List.of();
        LOG.info("Sandbox: stopped; every redis-server it started is down");
    }
}
