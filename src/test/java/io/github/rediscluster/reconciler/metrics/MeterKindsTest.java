package io.github.rediscluster.reconciler.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The labels the request and command counters give, from literal requests and commands. */
class MeterKindsTest {

    @Test
    void kubernetesRequestsByVerbAndResource() {
        assertThat(verb("GET", "/api/v1/namespaces/ns/pods?labelSelector=app")).isEqualTo("LIST");
        assertThat(verb("GET", "/api/v1/namespaces/ns/pods?labelSelector=app&watch=true")).isEqualTo("WATCH");
        assertThat(verb("GET", "/apis/apps/v1/namespaces/ns/statefulsets/redis-app")).isEqualTo("GET");
        assertThat(verb("GET", "/api/v1/persistentvolumes")).isEqualTo("LIST");
        assertThat(verb("GET", "/api/v1/persistentvolumes/nfs-pv1")).isEqualTo("GET");
        assertThat(verb("PATCH", "/api/v1/namespaces/ns/services/redis-service")).isEqualTo("PATCH");

        assertThat(KubernetesRequestMeter.resource("/api/v1/namespaces/ns/pods/redis-app-0")).isEqualTo("pods");
        assertThat(KubernetesRequestMeter.resource("/apis/coordination.k8s.io/v1/namespaces/ns/leases/x")).isEqualTo("leases");
        assertThat(KubernetesRequestMeter.resource("/api/v1/persistentvolumes/nfs-pv1")).isEqualTo("persistentvolumes");
        assertThat(KubernetesRequestMeter.resource("/api/v1/namespaces/ns")).isEqualTo("namespaces");
    }

    @Test
    void redisCommandsByKind() {
        assertThat(RedisCommandMeter.kind(List.of("CLUSTER", "SETSLOT", "7", "NODE", "abc"))).isEqualTo("CLUSTER SETSLOT");
        assertThat(RedisCommandMeter.kind(List.of("config", "set", "cluster-announce-ip", "10.0.0.1"))).isEqualTo("CONFIG SET");
        assertThat(RedisCommandMeter.kind(List.of("MIGRATE", "10.1.0.5", "6379", "", "0", "5000", "KEYS", "a"))).isEqualTo("MIGRATE");
        assertThat(RedisCommandMeter.kind(List.of("INFO"))).isEqualTo("INFO");
    }

    private static String verb(String method, String uri) {
        return KubernetesRequestMeter.verb(method, URI.create("https://10.0.0.1:6443" + uri));
    }
}
