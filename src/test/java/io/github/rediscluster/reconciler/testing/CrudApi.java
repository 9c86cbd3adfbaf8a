package io.github.rediscluster.reconciler.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;

/** A fabric8 mock API server in CRUD mode on loopback, for tests without Quarkus, and a client of it. */
public final class CrudApi implements AutoCloseable {

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private CrudApi(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    public static CrudApi start() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return new CrudApi(server);
    }

    public KubernetesMockServer server() {
        return server;
    }

    public KubernetesClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
