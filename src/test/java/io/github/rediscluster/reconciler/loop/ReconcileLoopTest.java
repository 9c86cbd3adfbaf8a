package io.github.rediscluster.reconciler.loop;

import io.github.rediscluster.reconciler.report.PassReport;
import io.github.rediscluster.reconciler.spec.SpecStore;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.apply.ApplyOutcome;
import io.github.rediscluster.reconciler.apply.ApplyOutcome.Action;
import io.github.rediscluster.reconciler.testing.ApiRequestLog;
import io.github.rediscluster.reconciler.testing.MockApi;
import io.github.rediscluster.reconciler.testing.SpecFile;
import io.github.rediscluster.reconciler.testing.StuckPods;
import io.github.rediscluster.reconciler.observe.PodDiagnostics;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.github.rediscluster.reconciler.testing.RealApiServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reconcile passes against the fabric8 mock API server (CRUD mode), driven one by one. */
@WithKubernetesTestServer(setup = RealApiServer.class)
@QuarkusTest
class ReconcileLoopTest {

    private static final String NS = SpecFile.NAMESPACE;

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient client;

    @Inject
    ReconcileLoop loop;

    @Inject
    SpecStore specs;

    private ApiRequestLog requests;

    @BeforeEach
    void startFromEmptyWithTheClassicSpec() {
        SpecFile.write(SpecFile.CLASSIC);
        specs.refresh();
        MockApi.clear(client, NS);
        client.v1().events().inNamespace(client.getNamespace()).delete();
        requests = new ApiRequestLog(server.getKubernetesMockServer());
        requests.drain();
    }

    /** The readiness check of the Kubernetes objects; the Redis part is down here, as the mock API runs no pod. */
    private static final String OBJECTS = "checks.find { it.name == 'cluster-objects' }";
    private static final String REDIS = "checks.find { it.name == 'redis-cluster' }";

    private PassReport pass() {
        return loop.runPass().orElseThrow();
    }

    private StatefulSet statefulSet() {
        return client.apps().statefulSets().inNamespace(NS).withName("redis-app").get();
    }

    private Service service(String name) {
        return client.services().inNamespace(NS).withName(name).get();
    }

    @Test
    void fromEmptyOnePassCreatesEveryObject() {
        PassReport report = pass();

        assertThat(report.outcomes()).extracting(ApplyOutcome::object, ApplyOutcome::action).containsExactly(
                org.assertj.core.groups.Tuple.tuple("PersistentVolume nfs-pv1", Action.CREATED),
                org.assertj.core.groups.Tuple.tuple("PersistentVolume nfs-pv2", Action.CREATED),
                org.assertj.core.groups.Tuple.tuple("PersistentVolume nfs-pv3", Action.CREATED),
                org.assertj.core.groups.Tuple.tuple("PersistentVolume nfs-pv4", Action.CREATED),
                org.assertj.core.groups.Tuple.tuple("PersistentVolume nfs-pv5", Action.CREATED),
                org.assertj.core.groups.Tuple.tuple("PersistentVolume nfs-pv6", Action.CREATED),
                org.assertj.core.groups.Tuple.tuple("ConfigMap redis-test/redis-conf", Action.CREATED),
                org.assertj.core.groups.Tuple.tuple("Service redis-test/redis-service", Action.CREATED),
                org.assertj.core.groups.Tuple.tuple("Service redis-test/redis-access-service", Action.CREATED),
                org.assertj.core.groups.Tuple.tuple("StatefulSet redis-test/redis-app", Action.CREATED),
                org.assertj.core.groups.Tuple.tuple("PodDisruptionBudget redis-test/redis-app", Action.CREATED),
                org.assertj.core.groups.Tuple.tuple("NetworkPolicy redis-test/redis-app", Action.CREATED));
        assertThat(report.objectsConverged()).isTrue();
        PersistentVolume pv6 = client.persistentVolumes().withName("nfs-pv6").get();
        assertThat(pv6.getSpec().getNfs().getPath()).isEqualTo("/usr/local/k8s/redis/pv6");
        assertThat(pv6.getSpec().getClaimRef().getName()).isEqualTo("redis-data-redis-app-5");
        assertThat(pv6.getSpec().getStorageClassName()).as("\"\" omitted, as kube-apiserver does (RealApiServer)").isNull();
        assertThat(client.configMaps().inNamespace(NS).withName("redis-conf").get().getData().get("redis.conf"))
                .contains("cluster-enabled yes\n");
        assertThat(service("redis-service").getSpec().getClusterIP()).isEqualTo("None");
        assertThat(service("redis-access-service").getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(statefulSet().getSpec().getReplicas()).isEqualTo(6);
    }

    /** A password out of the box: the Secret the spec names is made with a random password, once, and never rewritten. */
    @Test
    void aMissingAuthSecretIsMadeWithARandomPasswordOnceAndNeverChanged() {
        SpecFile.write(SpecFile.CLASSIC + "redis-cluster.auth.secret=redis-auth\n");
        specs.refresh();

        PassReport first = pass();

        assertThat(outcome(first, "Secret redis-test/redis-auth").action()).isEqualTo(Action.CREATED);
        io.fabric8.kubernetes.api.model.Secret secret = client.secrets().inNamespace(NS).withName("redis-auth").get();
        assertThat(secret.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "redis-cluster-reconciler")
                .containsEntry("app.kubernetes.io/component", "auth");
        assertThat(secret.getMetadata().getAnnotations()).containsEntry("redis-cluster-reconciler/cluster", "redis-test/redis-app");
        String password = new String(java.util.Base64.getDecoder().decode(secret.getData().get("password")),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(password).matches("[A-Za-z0-9]{40}");
        assertThat(first.topology().error()).as("the same pass reads it").isEmpty();
        assertThat(client.v1().events().inNamespace(NS).list().getItems()).extracting(event -> event.getMessage())
                .contains("created Secret redis-test/redis-auth").noneMatch(message -> message.contains(password));
        requests.drain();

        PassReport second = pass();

        assertThat(outcome(second, "Secret redis-test/redis-auth").action()).isEqualTo(Action.UNCHANGED);
        assertThat(ApiRequestLog.writes(requests.drain())).noneMatch(request -> request.contains("/secrets"));
        assertThat(client.secrets().inNamespace(NS).withName("redis-auth").get().getData().get("password"))
                .isEqualTo(secret.getData().get("password"));
    }

    /** A Secret of the user's is only read: without the key, the Redis side says what is missing, once as an Event. */
    @Test
    void anAuthSecretWithoutTheKeyIsNamedInReadinessAndOneWarningEventAndLeftAlone() {
        client.secrets().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.SecretBuilder().withNewMetadata()
                .withName("redis-auth").endMetadata().addToData("other", "eA==").build()).create();
        SpecFile.write(SpecFile.CLASSIC + "redis-cluster.auth.secret=redis-auth\n");
        specs.refresh();
        requests.drain();

        PassReport first = pass();
        pass();

        assertThat(first.objectsConverged()).isTrue();
        assertThat(ApiRequestLog.writes(requests.drain())).noneMatch(request -> request.contains("/secrets"));
        assertThat(first.topology().error()).contains("no Redis password, so no pod is read: Secret redis-test/redis-auth"
                + " has no key 'password' (redis-cluster.auth.secret-key); its keys: other");
        given().get("/q/health/ready").then().statusCode(503)
                .body(REDIS + ".data.error", containsString("Secret redis-test/redis-auth"));
        assertThat(client.v1().events().inNamespace(NS).list().getItems())
                .filteredOn(event -> event.getReason().equals("RedisUnreachable"))
                .singleElement().satisfies(event -> {
                    assertThat(event.getType()).isEqualTo("Warning");
                    assertThat(event.getMessage()).contains("Secret redis-test/redis-auth has no key 'password'");
                });
    }

    @Test
    void aDryRunFromEmptyWritesNothingButItsOneEventAndShowsThePlanInStatus() {
        SpecFile.write(SpecFile.CLASSIC + "redis-cluster.dry-run=true\n");
        specs.refresh();
        requests.drain();

        PassReport first = pass();
        PassReport second = pass();

        List<String> writes = ApiRequestLog.writes(requests.drain());
        assertThat(writes).as("one Event for the plan, nothing else").singleElement().asString().contains("/events");
        assertThat(client.apps().statefulSets().inNamespace(NS).list().getItems()).isEmpty();
        assertThat(second.dryRun()).isTrue();
        assertThat(second.outcomes()).extracting(outcome -> outcome.action()).containsOnly(Action.WOULD_CREATE);
        assertThat(io.github.rediscluster.reconciler.report.DryRunPlan.of(first)).contains("would create PersistentVolume nfs-pv1",
                "would create StatefulSet " + NS + "/redis-app");
        given().get("/status").then().statusCode(200).body("lastPass.dryRun", is(true))
                .body("lastPass.dryRunPlan", hasItem("would create Service " + NS + "/redis-service"));
    }

    @Test
    void aPassWithNoDriftMakesNoWriteRequest() {
        pass();
        readyPodsWithoutIp();
        pass(); // the Redis side tells once what it waits for now (ScaleWaiting)
        requests.drain();

        PassReport second = pass();

        List<String> seen = requests.drain();
        assertThat(second.outcomes()).allMatch(outcome -> outcome.action() == Action.UNCHANGED, "all unchanged");
        // One LIST of all PVs (foreign ones too: a name or NFS directory of ours may be taken), one GET per other object
        // (ConfigMap, two Services, StatefulSet, disruption budget, network policy), and for the Redis side one list of
        // the redis-server pods; the StatefulSet's updateRevision (which pods a rolling restart still has to replace)
        // comes from the objects side's read of it. With every pod ready, no Event or claim is read.
        assertThat(seen).hasSize(8)
                .noneMatch(request -> request.contains("/events") || request.contains("/persistentvolumeclaims"))
                .containsOnlyOnce("GET /apis/apps/v1/namespaces/" + NS + "/statefulsets/redis-app")
                .contains("GET /api/v1/persistentvolumes")
                .anyMatch(request -> request.startsWith("GET") && request.contains("/pods?labelSelector="));
        assertThat(ApiRequestLog.writes(seen)).isEmpty();
    }

    @Test
    void aPersistentVolumeWhoseLabelsWereRemovedIsFoundByNameAndRelabelled() {
        pass();
        client.persistentVolumes().withName("nfs-pv2").edit(volume -> {
            volume.getMetadata().setLabels(null);
            return volume;
        });

        PassReport report = pass();

        ApplyOutcome outcome = outcome(report, "PersistentVolume nfs-pv2");
        assertThat(outcome.action()).isEqualTo(Action.UPDATED);
        assertThat(outcome.drifted()).containsExactly("metadata.labels");
        assertThat(client.persistentVolumes().withName("nfs-pv2").get().getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/component", "storage");
    }

    @Test
    void aDeletedAccessServiceIsRecreated() {
        pass();
        client.services().inNamespace(NS).withName("redis-access-service").delete();
        assertThat(service("redis-access-service")).isNull();

        PassReport report = pass();

        assertThat(outcome(report, "Service redis-test/redis-access-service").action()).isEqualTo(Action.CREATED);
        assertThat(service("redis-access-service").getSpec().getPorts().get(0).getPort()).isEqualTo(6379);
    }

    @Test
    void aDisruptionBudgetEditedOrDeletedByHandIsRepaired() {
        pass();
        client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("redis-app").edit(budget -> {
            budget.getSpec().setMaxUnavailable(new io.fabric8.kubernetes.api.model.IntOrString(3));
            return budget;
        });

        PassReport edited = pass();

        assertThat(outcome(edited, "PodDisruptionBudget redis-test/redis-app").drifted()).containsExactly("spec.maxUnavailable");
        assertThat(client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("redis-app").get().getSpec()
                .getMaxUnavailable().getIntVal()).isEqualTo(1);
        client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("redis-app").delete();

        assertThat(outcome(pass(), "PodDisruptionBudget redis-test/redis-app").action()).isEqualTo(Action.CREATED);
        assertThat(client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("redis-app").get().getSpec()
                .getSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "redis");
    }

    @Test
    void changedHeadlessServicePortsAreReverted() {
        pass();
        requests.drain();
        client.services().inNamespace(NS).withName("redis-service").edit(service -> {
            service.getSpec().getPorts().get(0).setPort(7000);
            service.getSpec().getPorts().remove(1);
            return service;
        });

        PassReport report = pass();

        ApplyOutcome outcome = outcome(report, "Service redis-test/redis-service");
        assertThat(outcome.action()).isEqualTo(Action.UPDATED);
        assertThat(outcome.drifted()).containsExactly("spec.ports");
        assertThat(service("redis-service").getSpec().getPorts()).extracting(port -> port.getName() + ":" + port.getPort())
                .containsExactly("client:6379", "gossip:16379");
        assertThat(ApiRequestLog.writes(requests.drain())).containsExactly(
                "PATCH /api/v1/namespaces/redis-test/services/redis-service", // the test's own edit
                "PUT /api/v1/namespaces/redis-test/services/redis-service",
                "POST /api/v1/namespaces/redis-test/events"); // the Updated Event
    }

    @Test
    void aStatefulSetScaledByHandIsScaledBack() {
        pass();
        client.apps().statefulSets().inNamespace(NS).withName("redis-app").edit(sts -> {
            sts.getSpec().setReplicas(2);
            return sts;
        });

        PassReport report = pass();

        assertThat(outcome(report, "StatefulSet redis-test/redis-app").drifted()).containsExactly("spec.replicas");
        assertThat(statefulSet().getSpec().getReplicas()).isEqualTo(6);
    }

    @Test
    void podsAddedByHandBeyondTheSpecAreRemovedWhenNoneOfThemRuns() {
        pass();
        client.apps().statefulSets().inNamespace(NS).withName("redis-app").edit(sts -> {
            sts.getSpec().setReplicas(8);
            return sts;
        });

        pass();
        pass();

        assertThat(statefulSet().getSpec().getReplicas()).as("the Redis side released them in the first pass").isEqualTo(6);
    }

    @Test
    void aLowerPodCountWaitsWhilePodsBeyondItDoNotAnswer() {
        pass();
        pod("redis-app-4", "192.0.2.4");
        pod("redis-app-5", "192.0.2.5");
        SpecFile.write(SpecFile.CLASSIC.replace("masters=3", "masters=2"));

        loop.tick();
        pass();

        assertThat(statefulSet().getSpec().getReplicas()).isEqualTo(6);
        given().get("/q/health/ready").then().statusCode(503)
                .body(OBJECTS + ".status", equalTo("UP"))
                .body(REDIS + ".data.error", containsString("redis-app-4, redis-app-5: could not be read"));

        client.pods().inNamespace(NS).delete();
        pass();
        pass();
        assertThat(statefulSet().getSpec().getReplicas()).as("no pod beyond the spec any more").isEqualTo(4);
        readyAgainWithTheClassicSpec();
    }

    @Test
    void aSpecChangeThatMustWaitSaysWhyInOneEventAndInReadiness() {
        pass();
        SpecFile.write(SpecFile.withMasters(4));
        loop.tick();
        long before = scaleWaitingEvents().size();

        pass();
        pass();

        assertThat(scaleWaitingEvents()).as("one Event while the reason stays the same").hasSize((int) before)
                .last().satisfies(event -> assertThat(event.getMessage())
                        .startsWith("the spec asks for 4 masters with 1 replicas each (8 pods); waiting: no such pod yet"));
        given().get("/q/health/ready").then().statusCode(503).body(REDIS + ".data.error", containsString("no such pod yet"));
        assertThat(before).as("the first pass with the new spec told it").isEqualTo(1);
    }

    private List<io.fabric8.kubernetes.api.model.Event> scaleWaitingEvents() {
        return eventsWithReason("ScaleWaiting");
    }

    private List<io.fabric8.kubernetes.api.model.Event> eventsWithReason(String reason) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(event -> event.getReason().equals(reason)).toList();
    }

    private void pod(String name, String ip) {
        client.pods().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName(name)
                .withLabels(io.github.rediscluster.reconciler.testing.StuckPods.POD_LABELS)
                .endMetadata()
                .withNewStatus().withPhase("Running").withPodIP(ip).endStatus()
                .build()).create();
    }

    @Test
    void aPodStuckOnARefusedNfsMountSaysWhyInReadinessAndInOneWarningEvent() {
        // The pod made just now stands for one stuck for minutes: no grace period here (PodGraceTest has it).
        QuarkusMock.installMockForType(new PodDiagnostics(client, Duration.ZERO), PodDiagnostics.class);
        pass();
        String uid = client.pods().inNamespace(NS).resource(StuckPods.containerCreating("redis-app-2", "uid-2")).create()
                .getMetadata().getUid();
        client.v1().events().inNamespace(NS).resource(StuckPods.onPod("redis-app-2.187b3c6a1f2e4d5a", "redis-app-2", uid,
                "FailedMount", StuckPods.accessDenied(3), "2026-11-26T10:01:00Z")).create();

        pass();

        given().get("/q/health/ready").then().statusCode(503)
                .body(REDIS + ".data.pod-problems", containsString("redis-app-2: NfsAccessDenied: MountVolume.SetUp failed for"
                        + " volume \"nfs-pv3\" : mount failed: exit status 32 Mounting command: mount"))
                .body(REDIS + ".data.pod-problems", containsString("what to do: the NFS server 192.168.184.122 does not export"
                        + " /usr/local/k8s/redis/pv3 to this pod's node node-2"))
                .body(REDIS + ".data.error", startsWith("pod cannot start: redis-app-2: NfsAccessDenied"));
        assertThat(podNotStartingEvents()).singleElement().satisfies(event -> {
            assertThat(event.getType()).isEqualTo("Warning");
            assertThat(event.getInvolvedObject().getKind()).isEqualTo("StatefulSet");
            assertThat(event.getInvolvedObject().getName()).isEqualTo("redis-app");
            assertThat(event.getMessage()).contains("mount.nfs: access denied by server while mounting")
                    .contains("what to do: the NFS server 192.168.184.122 does not export /usr/local/k8s/redis/pv3");
        });

        pass();

        assertThat(podNotStartingEvents()).as("the same problem on the next pass is not told again").hasSize(1);
        client.pods().inNamespace(NS).delete();
    }

    @Test
    void aMissingPodIsExplainedByTheStatefulSetControllersEvent() {
        pass();
        client.v1().events().inNamespace(NS).resource(StuckPods.onStatefulSet("redis-app.187b3c6a1f2e4d5b", "FailedCreate",
                "create Pod redis-app-0 in StatefulSet redis-app failed error: pods \"redis-app-0\" is forbidden: violates PodSecurity"
                        + " \"restricted:latest\": runAsNonRoot != true", "2026-11-26T10:01:00Z")).create();

        pass();

        given().get("/q/health/ready").then().statusCode(503)
                .body(REDIS + ".data.pod-problems", containsString("redis-app-0: PodSecurity: create Pod redis-app-0"))
                .body(REDIS + ".data.pod-problems", containsString("the namespace redis-test enforces a Pod Security level"));
        assertThat(podNotStartingEvents()).singleElement();
    }

    /** Six Running and Ready pods without a pod IP: the Redis side has nobody to connect to, only Kubernetes requests show. */
    private void readyPodsWithoutIp() {
        for (int ordinal = 0; ordinal < 6; ordinal++) {
            client.pods().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.PodBuilder(
                    StuckPods.runningReady("redis-app-" + ordinal, "uid-" + ordinal)).editStatus().withPodIP(null).endStatus().build())
                    .create();
        }
    }

    private List<io.fabric8.kubernetes.api.model.Event> podNotStartingEvents() {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(event -> event.getReason().equals("PodNotStarting")).toList();
    }

    @Test
    void aValidSpecEditIsAppliedWithoutRestart() {
        pass();
        SpecFile.write(SpecFile.CLASSIC.replace("masters=3", "masters=4") + "redis-cluster.access-service-type=NodePort\n");

        loop.tick();

        assertThat(statefulSet().getSpec().getReplicas()).isEqualTo(8);
        assertThat(client.persistentVolumes().withName("nfs-pv8").get()).isNotNull();
        assertThat(service("redis-access-service").getSpec().getType()).isEqualTo("NodePort");
        given().get("/q/health/ready").then().body(OBJECTS + ".status", equalTo("UP"));
    }

    @Test
    void anInvalidSpecEditAppliesNothingAndReadinessSaysWhy() {
        pass();
        requests.drain();
        SpecFile.write(SpecFile.CLASSIC.replace("masters=3", "masters=0").replace("replicas-per-master=1", "replicas-per-master=2"));

        loop.tick();
        loop.runPass();

        // Only the Event that tells why, on the reconciler's own ConfigMap (in the namespace the service runs in).
        assertThat(ApiRequestLog.writes(requests.drain()))
                .containsExactly("POST /api/v1/namespaces/" + client.getNamespace() + "/events");
        assertThat(client.v1().events().inNamespace(client.getNamespace()).list().getItems())
                .filteredOn(event -> "SpecRejected".equals(event.getReason()))
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.getInvolvedObject().getKind()).isEqualTo("ConfigMap");
                    assertThat(event.getInvolvedObject().getName()).isEqualTo("redis-cluster-reconciler-config");
                    assertThat(event.getType()).isEqualTo("Warning");
                    assertThat(event.getMessage()).contains("redis-cluster.masters: must be a whole number from 1 to 1000");
                });
        assertThat(statefulSet().getSpec().getReplicas()).isEqualTo(6);
        given().get("/q/health/ready").then().statusCode(503)
                .body(OBJECTS + ".data.error", containsString(
                        "spec rejected: redis-cluster.masters: must be a whole number from 1 to 1000, got '0'"))
                .body(OBJECTS + ".data.error", containsString("the last good spec stays in force"));

        readyAgainWithTheClassicSpec();
    }

    @Test
    void theLastGoodSpecKeepsRepairingDriftWhileAnEditIsInvalid() {
        pass();
        SpecFile.write(SpecFile.CLASSIC + "redis-cluster.storage.size=lots\n");
        loop.tick();
        client.services().inNamespace(NS).withName("redis-access-service").delete();

        loop.runPass();

        assertThat(service("redis-access-service")).isNotNull();
        assertThat(statefulSet().getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests()
                .get("storage").toString()).isEqualTo("200M");
    }

    @Test
    void anImmutableChangeIsRefusedClearlyAndTheRestApplied() {
        pass();
        SpecFile.write(SpecFile.CLASSIC + "redis-cluster.headless-service=redis-nodes\nredis-cluster.replicas-per-master=2\n");

        loop.tick();

        PassReport report = loop.status().lastPass().orElseThrow();
        ApplyOutcome outcome = outcome(report, "StatefulSet redis-test/redis-app");
        assertThat(outcome.action()).isEqualTo(Action.UPDATED);
        assertThat(outcome.refused()).singleElement().asString()
                .startsWith("spec.serviceName cannot be changed in place (live \"redis-service\", wanted \"redis-nodes\")");
        assertThat(statefulSet().getSpec().getReplicas()).isEqualTo(9);
        assertThat(statefulSet().getSpec().getServiceName()).isEqualTo("redis-service");
        given().get("/q/health/ready").then().statusCode(503)
                .body(OBJECTS + ".data.error", containsString("kubectl -n redis-test delete statefulset redis-app --cascade=orphan"));
        pass();
        pass();
        assertThat(eventsWithReason("ChangeRefused")).as("one Warning Event while the refusal stays").singleElement()
                .satisfies(event -> {
                    assertThat(event.getType()).isEqualTo("Warning");
                    assertThat(event.getMessage()).startsWith("StatefulSet redis-test/redis-app: spec.serviceName cannot be"
                            + " changed in place").contains("--cascade=orphan");
                });
    }

    @Test
    void withoutASpecFileNothingIsAppliedAndReadinessSaysWhere() throws Exception {
        java.nio.file.Files.delete(SpecFile.PATH);

        loop.tick();

        given().get("/q/health/ready").then().statusCode(503)
                .body(OBJECTS + ".data.error", containsString("application.properties does not exist"));
        SpecFile.write(SpecFile.CLASSIC);
        loop.tick();
    }

    @Test
    void aPodChangeAsksForAPassBeforeTheInterval() throws InterruptedException {
        pass();
        assertThat(loop.status().passRequested()).isFalse();

        client.pods().inNamespace(NS).resource(new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata().withName("redis-app-0")
                .withLabels(io.github.rediscluster.reconciler.testing.StuckPods.POD_LABELS)
                .endMetadata()
                .withNewStatus().withPhase("Running").withPodIP("10.1.0.5").endStatus()
                .build()).create();

        java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
        while (!loop.status().passRequested() && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(loop.status().passRequested()).as("pass requested within 10 s of the pod's creation").isTrue();
        client.pods().inNamespace(NS).delete();
    }

    @Test
    void readinessHasARedisPartThatSaysWhichPodsDoNotAnswer() {
        pass();

        given().get("/q/health/ready").then().statusCode(503)
                .body(OBJECTS + ".status", equalTo("UP"))
                .body(REDIS + ".status", equalTo("DOWN"))
                .body(REDIS + ".data.pods-answering", equalTo("0/0"))
                .body(REDIS + ".data.error", containsString(
                        "no such pod yet: redis-app-0, redis-app-1, redis-app-2, redis-app-3, redis-app-4 and 1 more"));
        assertThat(loop.status().passRequested()).as("missing pods are waited for through the pod watch, not every tick")
                .isFalse();
    }

    @Test
    void livenessIsUpWhileTheLoopTicks() {
        loop.tick();

        given().get("/q/health/live").then().statusCode(200).body("checks[0].name", equalTo("reconcile-loop"));
    }

    /** Putting the last good spec back clears the problem that readiness reported. */
    private void readyAgainWithTheClassicSpec() {
        SpecFile.write(SpecFile.CLASSIC);
        loop.tick();
        given().get("/q/health/ready").then().body(OBJECTS + ".status", equalTo("UP"));
    }

    private static ApplyOutcome outcome(PassReport report, String object) {
        return report.outcomes().stream().filter(outcome -> outcome.object().equals(object)).findFirst().orElseThrow();
    }
}
