package io.github.rediscluster.reconciler.testing;

import io.fabric8.mockwebserver.DefaultMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.github.rediscluster.reconciler.sandbox.ApiServerBehaviour;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import java.lang.reflect.Field;
import java.util.function.Consumer;

/**
 * {@code @WithKubernetesTestServer(setup = RealApiServer.class)}: the test's mock API stores objects as kube-apiserver
 * does ({@link ApiServerBehaviour}), so a test that counts writes sees the phantom drift a real cluster would show.
 * Quarkus' test server builds its own dispatcher and does not let a test pass one, so the layer is put in front of it
 * by reflection, once, before the first request.
 */
public final class RealApiServer implements Consumer<KubernetesServer> {

    @Override
    public void accept(KubernetesServer server) {
        MockWebServer web = field(DefaultMockServer.class, "server", server.getKubernetesMockServer(), MockWebServer.class);
        Dispatcher mock = field(MockWebServer.class, "dispatcher", web, Dispatcher.class);
        web.setDispatcher(new ApiServerBehaviour(mock));
    }

    private static <T> T field(Class<?> owner, String name, Object of, Class<T> type) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return type.cast(field.get(of));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the fabric8 mock server has no field " + owner.getSimpleName() + "." + name
                    + " any more: put ApiServerBehaviour in front of its dispatcher another way", e);
        }
    }
}
