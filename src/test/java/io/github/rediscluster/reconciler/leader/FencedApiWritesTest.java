package io.github.rediscluster.reconciler.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.github.rediscluster.reconciler.apply.ApplyOutcome;
import io.github.rediscluster.reconciler.apply.KindRules;
import io.github.rediscluster.reconciler.apply.ResourceApplier;
import io.github.rediscluster.reconciler.report.ClusterEvents;
import io.github.rediscluster.reconciler.report.ClusterEvents.Notice;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.Specs;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fencing of the API writes (issue 16): a pass asks before each write to the API, not only when it starts, so that a
 * pass that outlived its Lease (a long Redis phase, a slow API) writes nothing more once another instance may lead.
 * On a CRUD mock API, with a fence that lets a given number of writes through and then says the Lease may be lost.
 */
class FencedApiWritesTest {

    private static final String NS = "db";
    private static final String LOST = "this instance (a) may lose the Lease db/redis-cluster-reconciler within 5000 ms";

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void api() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(),
                false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    /** Lets {@code writes} asks through, then is breached for good. */
    private static Fence breachedAfter(int writes) {
        AtomicInteger asked = new AtomicInteger();
        return () -> asked.getAndIncrement() < writes ? Optional.empty() : Optional.of(LOST);
    }

    private static ConfigMap configMap(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .addToAnnotations("redis-cluster-reconciler/cluster", NS + "/redis-app").endMetadata()
                .withData(Map.of("redis.conf", value)).build();
    }

    @Test
    void anObjectIsNeitherCreatedNorUpdatedOnceTheLeaseMayBeLost() {
        client.resource(configMap("drifted", "port 1\n")).create();
        ResourceApplier applier = new ResourceApplier(client, breachedAfter(1));

        ApplyOutcome created = applier.apply(configMap("first", "port 6379\n"), KindRules.CONFIG_MAP);
        ApplyOutcome missing = applier.apply(configMap("second", "port 6379\n"), KindRules.CONFIG_MAP);
        ApplyOutcome drifted = applier.apply(configMap("drifted", "port 6379\n"), KindRules.CONFIG_MAP);

        assertThat(created.action()).isEqualTo(ApplyOutcome.Action.CREATED);
        assertThat(List.of(missing, drifted)).allSatisfy(outcome -> {
            assertThat(outcome.action()).isEqualTo(ApplyOutcome.Action.FAILED);
            assertThat(outcome.error()).isEqualTo("not written: " + LOST);
        });
        assertThat(client.configMaps().inNamespace(NS).withName("second").get()).isNull();
        assertThat(client.configMaps().inNamespace(NS).withName("drifted").get().getData())
                .containsEntry("redis.conf", "port 1\n");
    }

    @Test
    void theEventsAfterTheRedisSideStopAtTheFirstThatTheLeaseNoLongerCovers() {
        ClusterSpec spec = Specs.classicWith("redis-cluster.namespace", NS);
        client.resource(new StatefulSetBuilder().withNewMetadata().withName(spec.name()).withNamespace(NS).endMetadata()
                .build()).create();
        ClusterEvents events = new ClusterEvents(client, "redis-cluster-reconciler-config", breachedAfter(2));

        Optional<String> failure = events.record(spec, List.of(new Notice("SlotsMoved", "one", false),
                new Notice("SlotsMoved", "two", false), new Notice("SlotsMoved", "three", false)));

        assertThat(failure).contains("not written: " + LOST);
        assertThat(client.v1().events().inNamespace(NS).list().getItems()).extracting(event -> event.getMessage())
                .containsExactlyInAnyOrder("one", "two");
    }

    @Test
    void leadershipIsTheFenceItsBreachSaysWhichLeaseAndHowSoon() {
        Leadership never = new Leadership(client, true, "redis-cluster-reconciler", Optional.of(NS), Optional.of("a"),
                Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));
        Leadership alone = new Leadership(client, false, "redis-cluster-reconciler", Optional.of(NS), Optional.of("a"),
                Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

        assertThat(never.breach()).contains(LOST + " (not renewed lately, or taken over)");
        assertThat(alone.breach()).isEmpty();
    }
}
