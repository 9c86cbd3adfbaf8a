package io.github.rediscluster.reconciler.sandbox;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.quarkus.arc.profile.IfBuildProfile;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.util.HashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * An embedded Kubernetes API for the local sandbox: the fabric8 mock server in CRUD mode on loopback, behind
 * {@link ApiServerBehaviour} so that it stores objects as kube-apiserver does. It produces the client
 * {@link Config} (the Quarkus extension's, read from a kubeconfig, is a default bean), not a client: the service's
 * client is the one {@code MeteredKubernetesClient} builds from that config, with its request metrics, as in
 * production (two client producers were ambiguous and stopped dev mode from starting).
 * Dev mode only: classes left in target/ by a sandbox run must not take over a later test or prod build.
 */
@IfBuildProfile("dev")
@Singleton
public class SandboxApiServer {

    private static final Logger LOG = Logger.getLogger(SandboxApiServer.class);

    private final KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(),
            new HashMap<>(), new ApiServerBehaviour(new KubernetesCrudDispatcher()), false);
    private final int port;
    private final String namespace;
    private KubernetesClient client;

    public SandboxApiServer(@ConfigProperty(name = "sandbox.api-port", defaultValue = "0") int port,
            @ConfigProperty(name = "sandbox.namespace", defaultValue = "default") String namespace) {
        this.port = port;
        this.namespace = namespace;
    }

    @Produces
    @Singleton
    Config config() {
        // The mock's own client config names namespace "test"; the sandbox's pods live in sandbox.namespace.
        return new ConfigBuilder(client().getConfiguration()).withNamespace(namespace).build();
    }

    /** The sandbox's own client of its API, started with the server on first use. */
    synchronized KubernetesClient client() {
        if (client == null) {
            server.init(InetAddress.getLoopbackAddress(), port);
            client = server.createClient().inNamespace(namespace);
            LOG.infof("Sandbox: embedded Kubernetes API (fabric8 mock, CRUD) at %s, namespace %s",
                    client.getMasterUrl(), namespace);
        }
        return client;
    }

    /** A client of its own for the sandbox's controllers and kubelet. */
    synchronized KubernetesClient newClient() {
        client();
        return server.createClient().inNamespace(namespace);
    }

    @PreDestroy
    synchronized void stop() {
        if (client != null) {
            client.close();
            server.destroy();
        }
    }
}
