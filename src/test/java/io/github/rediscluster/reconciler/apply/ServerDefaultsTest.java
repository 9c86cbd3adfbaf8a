package io.github.rediscluster.reconciler.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.github.rediscluster.reconciler.desired.DesiredState;
import io.github.rediscluster.reconciler.spec.SpecParseResult;
import io.github.rediscluster.reconciler.spec.SpecKeys;
import io.github.rediscluster.reconciler.spec.SpecParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A real API server returns something else than it was sent: defaults, server-set fields, status, canonical
 * quantities, and no empty field its API types tag omitempty. The mock server stores what it is sent, so this test
 * plays kube-apiserver v1.34 by hand, written out literally from pkg/apis/core/v1/defaults.go,
 * pkg/apis/apps/v1/defaults.go and the json tags of k8s.io/api (not through the service's own table): each desired
 * object, as the server returns it, must show no drift, or every pass on a real cluster would write; and a real
 * change of an owned field must still show.
 */
class ServerDefaultsTest {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DesiredState desired = DesiredState.of(((SpecParseResult.Valid) SpecParser.parse(Map.of(
            SpecKeys.NFS_SERVER.name(), "192.168.184.122",
            SpecKeys.ACCESS_SERVICE_TYPE.name(), "NodePort",
            SpecKeys.REQUESTS_MEMORY.name(), "1024Mi"), "default")).spec());

    private static ObjectNode tree(HasMetadata object) {
        return (ObjectNode) SERIALIZATION.convertValue(object, JsonNode.class);
    }

    /** Sets {@code value} (JSON, single quotes for double) at a dotted path, creating objects on the way. */
    private static void set(ObjectNode root, String path, String value) {
        String[] steps = path.split("\\.");
        JsonNode node = root;
        for (int i = 0; i < steps.length - 1; i++) {
            node = step(node, steps[i]);
        }
        try {
            ((ObjectNode) node).set(steps[steps.length - 1], JSON.readTree(value.replace('\'', '"')));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(value, e);
        }
    }

    /** Removes the field at a dotted path: the server does not return it. */
    private static void remove(ObjectNode root, String path) {
        int dot = path.lastIndexOf('.');
        JsonNode parent = root;
        for (String step : path.substring(0, dot).split("\\.")) {
            parent = step(parent, step);
        }
        assertThat(((ObjectNode) parent).remove(path.substring(dot + 1))).as("the desired object has " + path).isNotNull();
    }

    private static JsonNode step(JsonNode node, String step) {
        int bracket = step.indexOf('[');
        if (bracket >= 0) {
            return step(node, step.substring(0, bracket)).get(Integer.parseInt(step.substring(bracket + 1, step.length() - 1)));
        }
        if (!node.has(step)) {
            ((ObjectNode) node).putObject(step);
        }
        return node.get(step);
    }

    private static void serverMetadata(ObjectNode live) {
        set(live, "metadata.uid", "'0b1c2d3e'");
        set(live, "metadata.resourceVersion", "'4711'");
        set(live, "metadata.creationTimestamp", "'2026-11-26T08:00:00Z'");
        set(live, "metadata.managedFields", "[{'manager':'redis-cluster-reconciler','operation':'Update'}]");
    }

    /** A Service with what v1.34 adds: the registry's addresses, SetDefaults_Service's fields (type if unset). */
    private static ObjectNode liveService(HasMetadata service, String clusterIp) {
        ObjectNode live = tree(service);
        serverMetadata(live);
        set(live, "spec.clusterIP", "'" + clusterIp + "'");
        set(live, "spec.clusterIPs", "['" + clusterIp + "']");
        if (!live.at("/spec/type").isTextual()) {
            set(live, "spec.type", "'ClusterIP'");
        }
        set(live, "spec.ipFamilies", "['IPv4']");
        set(live, "spec.ipFamilyPolicy", "'SingleStack'");
        set(live, "spec.sessionAffinity", "'None'");
        set(live, "spec.internalTrafficPolicy", "'Cluster'");
        return live;
    }

    private static void assertDrift(ObjectNode live, HasMetadata desiredObject, KindRules rules, String path) {
        assertThat(ObjectDrift.compare(live, tree(desiredObject), rules).drifted()).as(desiredObject.getKind())
                .containsExactly(path);
    }

    private static void assertNoDrift(ObjectNode live, HasMetadata desiredObject, KindRules rules) {
        ObjectDrift.Result result = ObjectDrift.compare(live, tree(desiredObject), rules);
        assertThat(result.drifted()).as(desiredObject.getKind()).isEmpty();
        assertThat(result.refused()).as(desiredObject.getKind()).isEmpty();
    }

    @Test
    void aStatefulSetThatRolledByItselfSwitchesToOnDeleteWithoutItsRollingUpdate() {
        ObjectNode live = liveStatefulSet(desired.statefulSet());
        set(live, "spec.updateStrategy", "{'type':'RollingUpdate','rollingUpdate':{'partition':0}}");

        ObjectDrift.Result result = ObjectDrift.compare(live, tree(desired.statefulSet()), KindRules.STATEFUL_SET);

        assertThat(result.drifted()).contains("spec.updateStrategy.type");
        assertThat(result.merged().at("/spec/updateStrategy").toString())
                .as("the API server refuses rollingUpdate beside OnDelete").isEqualTo("{\"type\":\"OnDelete\"}");
    }

    @Test
    void statefulSetAsTheApiServerReturnsIt() {
        ObjectNode live = liveStatefulSet(desired.statefulSet());
        set(live, "metadata.generation", "1");
        set(live, "spec.template.metadata.creationTimestamp", "null");
        set(live, "spec.template.spec.containers[0].resources.requests.memory", "'1Gi'");
        set(live, "spec.volumeClaimTemplates[0].metadata.creationTimestamp", "null");
        set(live, "status", "{'replicas':6,'readyReplicas':6,'currentRevision':'redis-app-5d4f','observedGeneration':1}");

        assertNoDrift(live, desired.statefulSet(), KindRules.STATEFUL_SET);
    }

    @Test
    void nodePortServiceAsTheApiServerReturnsIt() {
        ObjectNode live = liveService(desired.accessService(), "10.96.12.34");
        set(live, "spec.externalTrafficPolicy", "'Cluster'");
        set(live, "spec.ports[0].nodePort", "31379");
        set(live, "status", "{'loadBalancer':{}}");

        assertNoDrift(live, desired.accessService(), KindRules.SERVICE);
    }

    @Test
    void headlessServiceAsTheApiServerReturnsIt() {
        ObjectNode live = liveService(desired.headlessService(), "None");

        assertNoDrift(live, desired.headlessService(), KindRules.SERVICE);
    }

    @Test
    void boundPersistentVolumeAsTheApiServerReturnsIt() {
        ObjectNode live = tree(desired.persistentVolumes().get(0));
        serverMetadata(live);
        set(live, "metadata.finalizers", "['kubernetes.io/pv-protection']");
        remove(live, "spec.storageClassName"); // string, omitempty: "" is not returned (the defect of issue 21)
        set(live, "spec.volumeMode", "'Filesystem'");
        set(live, "spec.claimRef.uid", "'9f8e7d6c'");
        set(live, "spec.claimRef.resourceVersion", "'4800'");
        set(live, "status", "{'phase':'Bound','lastPhaseTransitionTime':'2026-11-26T08:01:00Z'}");

        assertNoDrift(live, desired.persistentVolumes().get(0), KindRules.PERSISTENT_VOLUME);
    }

    @Test
    void configMapAsTheApiServerReturnsIt() {
        ObjectNode live = tree(desired.redisConfig());
        serverMetadata(live);

        assertNoDrift(live, desired.redisConfig(), KindRules.CONFIG_MAP);
    }

    /** A StatefulSet with what v1.34 adds: apps/v1 SetDefaults_StatefulSet, core/v1 pod spec, container, probe,
     * volume and claim defaults. */
    private static ObjectNode liveStatefulSet(HasMetadata statefulSet) {
        ObjectNode live = tree(statefulSet);
        serverMetadata(live);
        set(live, "spec.revisionHistoryLimit", "10");
        set(live, "spec.updateStrategy", "{'type':'OnDelete'}");
        set(live, "spec.persistentVolumeClaimRetentionPolicy", "{'whenDeleted':'Retain','whenScaled':'Retain'}");
        set(live, "spec.template.spec.restartPolicy", "'Always'");
        set(live, "spec.template.spec.terminationGracePeriodSeconds", "30");
        set(live, "spec.template.spec.dnsPolicy", "'ClusterFirst'");
        if (live.at("/spec/template/spec/securityContext").isMissingNode()) {
            set(live, "spec.template.spec.securityContext", "{}");
        }
        set(live, "spec.template.spec.schedulerName", "'default-scheduler'");
        set(live, "spec.template.spec.volumes[0].configMap.defaultMode", "420");
        set(live, "spec.template.spec.containers[0].terminationMessagePath", "'/dev/termination-log'");
        if (live.at("/spec/template/spec/containers/0/terminationMessagePolicy").isMissingNode()) {
            set(live, "spec.template.spec.containers[0].terminationMessagePolicy", "'File'");
        }
        set(live, "spec.template.spec.containers[0].imagePullPolicy", "'IfNotPresent'");
        set(live, "spec.template.spec.containers[0].livenessProbe.successThreshold", "1");
        set(live, "spec.template.spec.containers[0].readinessProbe.successThreshold", "1");
        set(live, "spec.volumeClaimTemplates[0].spec.volumeMode", "'Filesystem'");
        set(live, "spec.volumeClaimTemplates[0].status", "{'phase':'Pending'}");
        return live;
    }

    /** With auth: a secretKeyRef's optional is a *bool, so the server keeps optional: false; storageClassName "" of the
     * claim template is a *string and stays too. */
    @Test
    void statefulSetWithAuthAsTheApiServerReturnsIt() {
        DesiredState withAuth = DesiredState.of(((SpecParseResult.Valid) SpecParser.parse(Map.of(
                SpecKeys.NFS_SERVER.name(), "192.168.184.122", "redis-cluster.auth.secret", "redis-auth",
                "redis-cluster.image", "redis"), "default")).spec());
        ObjectNode live = liveStatefulSet(withAuth.statefulSet());
        set(live, "spec.template.spec.containers[0].imagePullPolicy", "'Always'"); // no tag: latest, so Always

        assertNoDrift(live, withAuth.statefulSet(), KindRules.STATEFUL_SET);
    }

    @Test
    void aStatefulSetWhoseImageOrProbeWasChangedDrifts() {
        ObjectNode image = liveStatefulSet(desired.statefulSet());
        set(image, "spec.template.spec.containers[0].image", "'redis:6.2'");
        assertDrift(image, desired.statefulSet(), KindRules.STATEFUL_SET, "spec.template.spec.containers[0].image");

        ObjectNode probe = liveStatefulSet(desired.statefulSet());
        set(probe, "spec.template.spec.containers[0].livenessProbe.timeoutSeconds", "1");
        assertDrift(probe, desired.statefulSet(), KindRules.STATEFUL_SET,
                "spec.template.spec.containers[0].livenessProbe.timeoutSeconds");
    }

    @Test
    void aPersistentVolumeGivenAStorageClassByHandDrifts() {
        ObjectNode live = tree(desired.persistentVolumes().get(0));
        serverMetadata(live);
        set(live, "spec.storageClassName", "'nfs-fast'");
        set(live, "spec.volumeMode", "'Filesystem'");
        set(live, "status", "{'phase':'Available'}");

        ObjectDrift.Result result = ObjectDrift.compare(live, tree(desired.persistentVolumes().get(0)),
                KindRules.PERSISTENT_VOLUME);

        assertThat(result.drifted()).containsExactly("spec.storageClassName");
        assertThat(result.merged().at("/spec/storageClassName").asText()).as("written back as the spec has it").isEmpty();
    }

    @Test
    void aServiceWhosePortWasChangedDrifts() {
        ObjectNode live = liveService(desired.headlessService(), "None");
        set(live, "spec.ports[1].targetPort", "16380");

        assertDrift(live, desired.headlessService(), KindRules.SERVICE, "spec.ports[1].targetPort");
    }

    @Test
    void aClusterIpAccessServiceAsTheApiServerReturnsIt() {
        DesiredState clusterIp = DesiredState.of(((SpecParseResult.Valid) SpecParser.parse(Map.of(
                SpecKeys.NFS_SERVER.name(), "192.168.184.122"), "default")).spec());
        ObjectNode live = liveService(clusterIp.accessService(), "10.96.0.17");

        assertNoDrift(live, clusterIp.accessService(), KindRules.SERVICE);
    }

    @Test
    void aConfigMapWhoseDataWasEditedDrifts() {
        ObjectNode live = tree(desired.redisConfig());
        serverMetadata(live);
        set(live, "data", "{'redis.conf':'port 6380\\n'}");

        assertDrift(live, desired.redisConfig(), KindRules.CONFIG_MAP, "data.redis.conf");
    }
}
