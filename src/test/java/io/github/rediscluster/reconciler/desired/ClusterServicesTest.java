package io.github.rediscluster.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.Specs;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterServicesTest {

    private static final Map<String, String> SELECTOR = Map.of(
            "app.kubernetes.io/name", "redis", "app.kubernetes.io/instance", "redis-app");

    @Test
    void headlessServicePublishesClientAndBusPortsOfNotReadyPods() {
        Service service = ClusterServices.headless(Specs.classic());

        assertThat(service.getMetadata().getName()).isEqualTo("redis-service");
        assertThat(service.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(service.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(service.getSpec().getSelector()).isEqualTo(SELECTOR);
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort,
                ServicePort::getTargetPort, ServicePort::getProtocol).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("client", 6379, new IntOrString(6379), "TCP"),
                        org.assertj.core.groups.Tuple.tuple("gossip", 16379, new IntOrString(16379), "TCP"));
    }

    @Test
    void accessServiceOnTheClientPortOnly() {
        Service service = ClusterServices.access(Specs.classic());

        assertThat(service.getMetadata().getName()).isEqualTo("redis-access-service");
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getClusterIP()).isNull();
        assertThat(service.getSpec().getSelector()).isEqualTo(SELECTOR);
        assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("client", 6379));
        assertThat(service.getSpec().getPorts().get(0).getNodePort()).isNull();
    }

    @Test
    void accessServiceCanBeANodePort() {
        ClusterSpec spec = Specs.classicWith("redis-cluster.access-service-type", "NodePort");

        assertThat(ClusterServices.access(spec).getSpec().getType()).isEqualTo("NodePort");
    }
}
