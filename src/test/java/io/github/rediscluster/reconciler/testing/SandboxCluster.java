package io.github.rediscluster.reconciler.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import io.github.rediscluster.reconciler.sandbox.Sandbox;
import io.github.rediscluster.reconciler.spec.SpecStore;
import io.quarkus.arc.Arc;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The fixture of the whole-cluster tests, as a JUnit extension: each test gets the service under test (its mock API,
 * reconcile loop and spec store) with a sandbox started from empty with a spec of its choice, and the loop ticking
 * every second as deployed; after the test, the loop stops, then the sandbox and every redis-server it started, then
 * the Redis clients. For a {@code @WithKubernetesTestServer @QuarkusTest} class with a {@code @KubernetesTestServer}
 * field (the sandbox gets a client of its own on that server, so stopping it leaves the service's client alone):
 *
 * <pre>
 * &#64;RegisterExtension
 * final SandboxCluster run = SandboxCluster.startedWith(SpecFile.CLASSIC);
 * </pre>
 *
 * or {@link #startedByTheTest()}, for tests that choose their spec, or act between starting the sandbox and the loop.
 */
public final class SandboxCluster implements BeforeEachCallback, AfterEachCallback {

    private final Optional<String> specAtStart;

    private KubernetesServer server;
    private KubernetesClient client;
    private ReconcileLoop loop;
    private SpecStore specs;
    private String testName;
    private Map<String, Double> metricsAtStart;
    private SandboxRun run;
    private LoopTicker ticker;
    private RedisCalls redis;
    private ClusterKeys keys;
    private Optional<String> password = Optional.empty();

    private SandboxCluster(Optional<String> specAtStart) {
        this.specAtStart = specAtStart;
    }

    /** Each test begins with the sandbox started with {@code spec} in force and the loop ticking. */
    public static SandboxCluster startedWith(String spec) {
        return new SandboxCluster(Optional.of(spec));
    }

    /** Each test starts the sandbox and the loop itself: {@link #start(String)}, or {@link #startSandbox} then {@link #startLoop}. */
    public static SandboxCluster startedByTheTest() {
        return new SandboxCluster(Optional.empty());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        List<KubernetesServer> servers = AnnotationSupport.findAnnotatedFieldValues(context.getRequiredTestInstance(),
                KubernetesTestServer.class, KubernetesServer.class);
        if (servers.size() != 1 || servers.get(0) == null) {
            throw new IllegalStateException("SandboxCluster needs a @WithKubernetesTestServer @QuarkusTest class with one"
                    + " @KubernetesTestServer KubernetesServer field, found " + servers);
        }
        server = servers.get(0);
        client = Arc.container().instance(KubernetesClient.class).get();
        loop = Arc.container().instance(ReconcileLoop.class).get();
        specs = Arc.container().instance(SpecStore.class).get();
        testName = context.getRequiredTestMethod().getName();
        // Counters add up over the tests of a class, which share one service: a test counts from here.
        metricsAtStart = Metrics.scrape();
        specAtStart.ifPresent(this::start);
    }

    /** Stops, in this order, whatever was started: the loop, the sandbox (every redis-server), the Redis clients. */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        // Resources close in the reverse order of their declaration, each even if one before it failed.
        try (RedisCalls calls = redis; ClusterKeys keyClient = keys; SandboxRun sandboxRun = run) {
            stopLoop();
        } finally {
            run = null;
            redis = null;
            keys = null;
            password = Optional.empty();
        }
    }

    /** The sandbox from empty with {@code spec} in force, then the loop ticking. */
    public void start(String spec) {
        startSandbox(spec);
        startLoop();
    }

    /** The namespace cleared, {@code spec} in force and the sandbox syncing, the loop not ticking yet. */
    public void startSandbox(String spec) {
        try {
            run = SandboxRun.start(server, client, specs, testName, spec);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asks for a pass and ticks the loop every second from now on. */
    public void startLoop() {
        ticker = LoopTicker.start(loop);
    }

    /** Stops ticking, once a pass in progress has ended; does nothing when the loop is not ticking. */
    public void stopLoop() throws InterruptedException {
        if (ticker != null) {
            ticker.close();
            ticker = null;
        }
    }

    public Sandbox sandbox() {
        if (run == null) {
            throw new IllegalStateException("the sandbox is not started: call start(spec) or startSandbox(spec) first");
        }
        return run.sandbox();
    }

    /**
     * With auth on: {@link #redis()} and {@link #keys()} authenticate with {@code secret} from now on (call before
     * either is first used in a test).
     */
    public void usePassword(String secret) {
        if (redis != null || keys != null) {
            throw new IllegalStateException("the Redis clients were made without a password already: call usePassword first");
        }
        password = Optional.of(secret);
    }

    /** The password the clients use, when the test set one ({@link #usePassword}). */
    public Optional<String> password() {
        return password;
    }

    /** Redis commands (with the test's password, if any), closed after the test. */
    public RedisCalls redis() {
        if (redis == null) {
            redis = new RedisCalls(password);
        }
        return redis;
    }

    /** A cluster-aware client writing and reading keys (with the test's password, if any), closed after the test. */
    public ClusterKeys keys() {
        if (keys == null) {
            keys = new ClusterKeys(password);
        }
        return keys;
    }

    public ReconcileLoop loop() {
        return loop;
    }

    /** The test method's name: the sandbox's directory under target/sandbox-tests starts with it. */
    public String testName() {
        return testName;
    }

    /** The service's metrics scraped before the test started anything. */
    public Map<String, Double> metricsAtStart() {
        return metricsAtStart;
    }
}
