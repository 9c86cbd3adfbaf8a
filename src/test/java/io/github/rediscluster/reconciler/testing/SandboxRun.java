package io.github.rediscluster.reconciler.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.spec.SpecStore;
import io.github.rediscluster.reconciler.sandbox.Sandbox;
import io.github.rediscluster.reconciler.sandbox.SandboxSettings;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * A sandbox on the test's mock API, from empty: the namespace cleared, the classic spec in force, and the sandbox
 * syncing in a directory of its own under target/sandbox-tests (with its own API client, so closing it leaves the
 * service's client alone).
 */
public record SandboxRun(Sandbox sandbox, Path root, KubernetesClient sandboxClient) implements AutoCloseable {

    public static SandboxRun start(KubernetesServer server, KubernetesClient client, SpecStore specs, String name)
            throws IOException {
        return start(server, client, specs, name, SpecFile.CLASSIC);
    }

    /** As {@link #start(KubernetesServer, KubernetesClient, SpecStore, String)}, with another spec in force. */
    public static SandboxRun start(KubernetesServer server, KubernetesClient client, SpecStore specs, String name,
            String spec) throws IOException {
        return start(server, client, specs, name, spec, UnaryOperator.identity());
    }

    /** As {@link #start(KubernetesServer, KubernetesClient, SpecStore, String, String)}, with settings of its own. */
    public static SandboxRun start(KubernetesServer server, KubernetesClient client, SpecStore specs, String name,
            String spec, UnaryOperator<SandboxSettings> settings) throws IOException {
        MockApi.clear(client, SpecFile.NAMESPACE);
        SpecFile.write(spec);
        specs.refresh();
        Path root = Path.of("target", "sandbox-tests", name + "-" + System.nanoTime());
        KubernetesClient sandboxClient = server.getKubernetesMockServer().createClient();
        return new SandboxRun(Sandbox.start(sandboxClient,
                settings.apply(SandboxSettings.forTests(root, SpecFile.NAMESPACE))), root,
                sandboxClient);
    }

    /** Stops the sandbox and every redis-server it started. */
    @Override
    public void close() {
        try {
            sandbox.close();
        } finally {
            sandboxClient.close();
        }
    }
}
