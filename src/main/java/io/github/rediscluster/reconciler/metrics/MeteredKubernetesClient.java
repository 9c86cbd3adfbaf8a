package io.github.rediscluster.reconciler.metrics;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The Kubernetes client the service uses: Quarkus's (same Config, same serialization), with the request counter
 * added. Quarkus's own producer is a default bean, so this one takes its place.
 */
@ApplicationScoped
public class MeteredKubernetesClient {

    @Produces
    @Singleton
    KubernetesClient kubernetesClient(KubernetesSerialization serialization, Config config, KubernetesRequestMeter meter) {
        return new KubernetesClientBuilder().withKubernetesSerialization(serialization).withConfig(config)
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("request-metrics", meter))
                .build();
    }

    void close(@Disposes KubernetesClient client) {
        client.close();
    }
}
