package io.github.rediscluster.reconciler.apiserver;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Literal objects in, what kube-apiserver v1.34 stores out (the rule each case stands for is named). */
class StoredFormTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Test
    void aPersistentVolumeLosesItsEmptyStorageClassAndGetsVolumeModeReclaimPolicyAndPhase() {
        ObjectNode sent = json("{'kind':'PersistentVolume','metadata':{'name':'nfs-pv1','labels':{}},'spec':{"
                + "'storageClassName':'','capacity':{'storage':'1024Mi'},'nfs':{'server':'s','path':'/p','readOnly':false}}}");

        assertThat(StoredForm.of(sent)).isEqualTo(json("{'kind':'PersistentVolume','metadata':{'name':'nfs-pv1'},"
                + "'spec':{'capacity':{'storage':'1Gi'},'nfs':{'server':'s','path':'/p'},"
                + "'persistentVolumeReclaimPolicy':'Retain','volumeMode':'Filesystem'},'status':{'phase':'Pending'}}"));
        assertThat(sent.at("/spec/storageClassName").asText()).as("the argument is left as it was").isEmpty();
    }

    @Test
    void aServiceGetsItsDefaultsAndANodePortOneItsExternalTrafficPolicy() {
        ObjectNode stored = StoredForm.of(json("{'kind':'Service','spec':{'type':'NodePort','publishNotReadyAddresses':false,"
                + "'sessionAffinityConfig':{'clientIP':{'timeoutSeconds':5}},'ports':[{'name':'client','port':6379}]}}"));

        assertThat(stored.get("spec")).isEqualTo(json("{'type':'NodePort','ports':[{'name':'client','port':6379,"
                + "'protocol':'TCP','targetPort':6379}],'sessionAffinity':'None','externalTrafficPolicy':'Cluster',"
                + "'internalTrafficPolicy':'Cluster'}"));
    }

    @Test
    void aStatefulSetGetsItsDefaultsAndItsPodTemplateThoseOfAPodSpecButPointerZerosStay() {
        ObjectNode stored = StoredForm.of(json("{'kind':'StatefulSet','spec':{'template':{'spec':{"
                + "'terminationGracePeriodSeconds':0,'containers':[{'name':'redis','image':'redis','ports':[{'containerPort':6379}],"
                + "'env':[{'name':'P','valueFrom':{'fieldRef':{'fieldPath':'status.podIP'}}},"
                + "{'name':'S','valueFrom':{'secretKeyRef':{'name':'x','key':'password','optional':false}}}],"
                + "'readinessProbe':{'exec':{'command':['true']},'initialDelaySeconds':0}}],"
                + "'volumes':[{'name':'conf','configMap':{'name':'c'}},{'name':'scratch'}]}},"
                + "'volumeClaimTemplates':[{'metadata':{'name':'data'},'spec':{'storageClassName':''}}]}}"));

        assertThat(stored.get("spec")).isEqualTo(json("{'template':{'spec':{'terminationGracePeriodSeconds':0,"
                + "'containers':[{'name':'redis','image':'redis','ports':[{'containerPort':6379,'protocol':'TCP'}],"
                + "'env':[{'name':'P','valueFrom':{'fieldRef':{'fieldPath':'status.podIP','apiVersion':'v1'}}},"
                + "{'name':'S','valueFrom':{'secretKeyRef':{'name':'x','key':'password','optional':false}}}],"
                + "'readinessProbe':{'exec':{'command':['true']},'timeoutSeconds':1,'periodSeconds':10,"
                + "'successThreshold':1,'failureThreshold':3},'imagePullPolicy':'Always',"
                + "'terminationMessagePath':'/dev/termination-log','terminationMessagePolicy':'File'}],"
                + "'volumes':[{'name':'conf','configMap':{'name':'c','defaultMode':420}},{'name':'scratch','emptyDir':{}}],"
                + "'dnsPolicy':'ClusterFirst','restartPolicy':'Always','securityContext':{},'schedulerName':'default-scheduler'}},"
                + "'volumeClaimTemplates':[{'metadata':{'name':'data'},'spec':{'storageClassName':'','volumeMode':'Filesystem'},"
                + "'status':{'phase':'Pending'}}],'podManagementPolicy':'OrderedReady',"
                + "'updateStrategy':{'type':'RollingUpdate','rollingUpdate':{'partition':0}},"
                + "'persistentVolumeClaimRetentionPolicy':{'whenDeleted':'Retain','whenScaled':'Retain'},"
                + "'replicas':1,'revisionHistoryLimit':10}"));
    }

    @Test
    void aPodGetsServiceLinksAndRequestsFromItsLimitsAndASecretItsType() {
        ObjectNode pod = StoredForm.of(json("{'kind':'Pod','spec':{'containers':[{'name':'c','image':'redis:7.2',"
                + "'resources':{'limits':{'memory':'1024Mi'}}}]},'status':{'podIP':'','phase':'Pending'}}"));

        assertThat(pod.at("/spec/enableServiceLinks").asBoolean()).isTrue();
        assertThat(pod.at("/spec/containers/0/imagePullPolicy").asText()).isEqualTo("IfNotPresent");
        assertThat(pod.at("/spec/containers/0/resources")).isEqualTo(json("{'limits':{'memory':'1Gi'},'requests':{'memory':'1Gi'}}"));
        assertThat(pod.get("status")).isEqualTo(json("{'phase':'Pending'}"));
        assertThat(StoredForm.of(json("{'kind':'Secret','data':{}}"))).isEqualTo(json("{'kind':'Secret','type':'Opaque'}"));
    }

    @Test
    void theImageTagDecidesThePullPolicyAsParseImageNameReadsIt() {
        assertThat(ApiServerDefaults.tag("redis")).isEqualTo("latest");
        assertThat(ApiServerDefaults.tag("registry:5000/redis")).isEqualTo("latest");
        assertThat(ApiServerDefaults.tag("registry:5000/redis:7.2")).isEqualTo("7.2");
        assertThat(ApiServerDefaults.tag("redis@sha256:abc")).isEmpty();
        assertThat(ApiServerDefaults.tag("redis:latest")).isEqualTo("latest");
    }

    /** What the server returns, it stores again unchanged: the stored form of a stored form is itself. */
    @Test
    void theStoredFormOfEveryDesiredObjectIsItsOwnStoredForm() {
        DesiredState desired = DesiredState.of(((SpecParseResult.Valid) SpecParser.parse(Map.of(
                SpecKeys.NFS_SERVER.name(), "192.168.184.122", SpecKeys.ACCESS_SERVICE_TYPE.name(), "NodePort",
                "redis-cluster.auth.secret", "redis-auth"), "default")).spec());
        List<HasMetadata> objects = new ArrayList<>(desired.persistentVolumes());
        objects.addAll(List.of(desired.redisConfig(), desired.headlessService(), desired.accessService(), desired.statefulSet()));

        for (HasMetadata object : objects) {
            ObjectNode once = StoredForm.of((ObjectNode) SERIALIZATION.convertValue(object, JsonNode.class));
            assertThat(StoredForm.of(once)).as(object.getKind()).isEqualTo(once);
        }
    }
}
