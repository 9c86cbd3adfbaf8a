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
 * A real API server returns more than it was sent: defaults, server-set fields, status, canonical quantities.
 * The mock server does not, so this test plays the API server by hand: each desired object, with what
 * kube-apiserver adds to that kind, must show no drift, or every pass on a real cluster would write.
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

    private static void assertNoDrift(ObjectNode live, HasMetadata desiredObject, KindRules rules) {
        ObjectDrift.Result result = ObjectDrift.compare(live, tree(desiredObject), rules);
        assertThat(result.drifted()).as(desiredObject.getKind()).isEmpty();
        assertThat(result.refused()).as(desiredObject.getKind()).isEmpty();
    }

    @Test
    void statefulSetAsTheApiServerReturnsIt() {
        ObjectNode live = tree(desired.statefulSet());
        serverMetadata(live);
        set(live, "metadata.generation", "1");
        set(live, "spec.revisionHistoryLimit", "10");
        set(live, "spec.updateStrategy", "{'type':'RollingUpdate','rollingUpdate':{'partition':0}}");
        set(live, "spec.persistentVolumeClaimRetentionPolicy", "{'whenDeleted':'Retain','whenScaled':'Retain'}");
        set(live, "spec.template.metadata.creationTimestamp", "null");
        set(live, "spec.template.spec.restartPolicy", "'Always'");
        set(live, "spec.template.spec.terminationGracePeriodSeconds", "30");
        set(live, "spec.template.spec.dnsPolicy", "'ClusterFirst'");
        set(live, "spec.template.spec.securityContext", "{}");
        set(live, "spec.template.spec.schedulerName", "'default-scheduler'");
        set(live, "spec.template.spec.volumes[0].configMap.defaultMode", "420");
        set(live, "spec.template.spec.containers[0].terminationMessagePath", "'/dev/termination-log'");
        set(live, "spec.template.spec.containers[0].terminationMessagePolicy", "'File'");
        set(live, "spec.template.spec.containers[0].imagePullPolicy", "'IfNotPresent'");
        set(live, "spec.template.spec.containers[0].livenessProbe.successThreshold", "1");
        set(live, "spec.template.spec.containers[0].readinessProbe.successThreshold", "1");
        set(live, "spec.template.spec.containers[0].resources.requests.memory", "'1Gi'");
        set(live, "spec.volumeClaimTemplates[0].metadata.creationTimestamp", "null");
        set(live, "spec.volumeClaimTemplates[0].spec.volumeMode", "'Filesystem'");
        set(live, "spec.volumeClaimTemplates[0].status", "{'phase':'Pending'}");
        set(live, "status", "{'replicas':6,'readyReplicas':6,'currentRevision':'redis-app-5d4f','observedGeneration':1}");

        assertNoDrift(live, desired.statefulSet(), KindRules.STATEFUL_SET);
    }

    @Test
    void nodePortServiceAsTheApiServerReturnsIt() {
        ObjectNode live = tree(desired.accessService());
        serverMetadata(live);
        set(live, "spec.clusterIP", "'10.96.12.34'");
        set(live, "spec.clusterIPs", "['10.96.12.34']");
        set(live, "spec.ipFamilies", "['IPv4']");
        set(live, "spec.ipFamilyPolicy", "'SingleStack'");
        set(live, "spec.sessionAffinity", "'None'");
        set(live, "spec.internalTrafficPolicy", "'Cluster'");
        set(live, "spec.externalTrafficPolicy", "'Cluster'");
        set(live, "spec.ports[0].nodePort", "31379");
        set(live, "status", "{'loadBalancer':{}}");

        assertNoDrift(live, desired.accessService(), KindRules.SERVICE);
    }

    @Test
    void headlessServiceAsTheApiServerReturnsIt() {
        ObjectNode live = tree(desired.headlessService());
        serverMetadata(live);
        set(live, "spec.clusterIPs", "['None']");
        set(live, "spec.type", "'ClusterIP'");
        set(live, "spec.ipFamilies", "['IPv4']");
        set(live, "spec.ipFamilyPolicy", "'SingleStack'");
        set(live, "spec.sessionAffinity", "'None'");
        set(live, "spec.internalTrafficPolicy", "'Cluster'");

        assertNoDrift(live, desired.headlessService(), KindRules.SERVICE);
    }

    @Test
    void boundPersistentVolumeAsTheApiServerReturnsIt() {
        ObjectNode live = tree(desired.persistentVolumes().get(0));
        serverMetadata(live);
        set(live, "metadata.finalizers", "['kubernetes.io/pv-protection']");
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
}
