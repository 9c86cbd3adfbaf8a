package io.github.rediscluster.reconciler.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ObjectDriftTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final String DESIRED_SERVICE = """
            {'kind':'Service','metadata':{'name':'redis-access-service','labels':{'app':'redis'}},
             'spec':{'type':'ClusterIP','selector':{'app':'redis'},
                     'ports':[{'name':'client','port':6379,'protocol':'TCP'}]}}""";

    /** What an API server gives back for the desired Service: the same, plus what it filled in. */
    private static final String LIVE_SERVICE = """
            {'kind':'Service','metadata':{'name':'redis-access-service','labels':{'app':'redis','team':'cache'},
                                          'resourceVersion':'42','uid':'u-1','annotations':{'note':'x'}},
             'spec':{'type':'ClusterIP','clusterIP':'10.0.0.7','clusterIPs':['10.0.0.7'],'ipFamilies':['IPv4'],
                     'sessionAffinity':'None','selector':{'app':'redis'},
                     'ports':[{'name':'client','port':6379,'protocol':'TCP','targetPort':6379}]},
             'status':{'loadBalancer':{}}}""";

    @Test
    void serverFilledFieldsAreNoDrift() {
        ObjectDrift.Result result = ObjectDrift.compare(json(LIVE_SERVICE), json(DESIRED_SERVICE), KindRules.SERVICE);

        assertThat(result.drifted()).isEmpty();
        assertThat(result.refused()).isEmpty();
        assertThat(result.merged()).isEqualTo(json(LIVE_SERVICE));
    }

    @Test
    void aChangedPortIsDriftAndOnlyItIsRewritten() {
        ObjectNode live = json(LIVE_SERVICE.replace("'port':6379", "'port':7777"));

        ObjectDrift.Result result = ObjectDrift.compare(live, json(DESIRED_SERVICE), KindRules.SERVICE);

        assertThat(result.drifted()).containsExactly("spec.ports[0].port");
        assertThat(result.merged()).isEqualTo(json(LIVE_SERVICE));
    }

    @Test
    void listsAreOwnedWhole() {
        ObjectNode live = json(LIVE_SERVICE.replace("'targetPort':6379}]",
                "'targetPort':6379},{'name':'extra','port':1234}]"));

        ObjectDrift.Result result = ObjectDrift.compare(live, json(DESIRED_SERVICE), KindRules.SERVICE);

        assertThat(result.drifted()).containsExactly("spec.ports");
        assertThat(result.merged().at("/spec/ports")).isEqualTo(json(LIVE_SERVICE).at("/spec/ports"));
    }

    @Test
    void namedItemsAreMatchedByNameNotPosition() {
        ObjectNode desired = json("{'spec':{'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}}");
        ObjectNode live = json("{'spec':{'env':[{'name':'B','value':'2'},{'name':'A','value':'1'}]}}");

        ObjectDrift.Result result = ObjectDrift.compare(live, desired, KindRules.CONFIG_MAP);

        assertThat(result.merged().at("/spec/env/0/name").asText()).isEqualTo("A");
        assertThat(result.drifted()).containsExactly("spec.env[0].name", "spec.env[0].value", "spec.env[1].name",
                "spec.env[1].value");
    }

    @Test
    void quantitiesInCanonicalFormAreNoDrift() {
        ObjectNode desired = json("{'spec':{'capacity':{'storage':'1024Mi'},'resources':{'requests':{'cpu':'0.5','memory':'100Mi'}}}}");
        ObjectNode live = json("{'spec':{'capacity':{'storage':'1Gi'},'resources':{'requests':{'cpu':'500m','memory':'100Mi'}}}}");

        assertThat(ObjectDrift.compare(live, desired, KindRules.PERSISTENT_VOLUME).drifted()).isEmpty();
        ObjectNode resized = live.deepCopy();
        ((ObjectNode) resized.at("/spec/capacity")).put("storage", "512Mi");
        assertThat(ObjectDrift.compare(resized, desired, KindRules.PERSISTENT_VOLUME).drifted())
                .containsExactly("spec.capacity.storage");
    }

    @Test
    void immutableFieldsAreRefusedAndLeftAsTheyAre() {
        ObjectNode desired = json("{'spec':{'replicas':6,'serviceName':'redis-service','selector':{'matchLabels':{'app':'new'}}}}");
        ObjectNode live = json("{'spec':{'replicas':3,'serviceName':'redis-service','selector':{'matchLabels':{'app':'old'}}}}");

        ObjectDrift.Result result = ObjectDrift.compare(live, desired, KindRules.STATEFUL_SET);

        assertThat(result.drifted()).containsExactly("spec.replicas");
        assertThat(result.merged().at("/spec/selector/matchLabels/app").asText()).isEqualTo("old");
        assertThat(result.refused()).singleElement().asString()
                .startsWith("spec.selector cannot be changed in place (live {\"matchLabels\":{\"app\":\"old\"}}, "
                        + "wanted {\"matchLabels\":{\"app\":\"new\"}}): delete the StatefulSet without its pods");
    }

    @Test
    void anUnboundVolumeMayBePreBound() {
        ObjectNode desired = json("{'spec':{'claimRef':{'namespace':'default','name':'redis-data-redis-app-0'}}}");
        ObjectNode live = json("{'spec':{'storageClassName':''}}");

        ObjectDrift.Result result = ObjectDrift.compare(live, desired, KindRules.PERSISTENT_VOLUME);

        assertThat(result.refused()).isEmpty();
        assertThat(result.drifted()).containsExactly("spec.claimRef");
    }

    @Test
    void aVolumeBoundElsewhereIsNotRebound() {
        ObjectNode desired = json("{'spec':{'claimRef':{'namespace':'default','name':'redis-data-redis-app-0'}}}");
        ObjectNode live = json("{'spec':{'claimRef':{'namespace':'default','name':'redis-data-old-0','uid':'u-9'}}}");

        ObjectDrift.Result result = ObjectDrift.compare(live, desired, KindRules.PERSISTENT_VOLUME);

        assertThat(result.drifted()).isEmpty();
        assertThat(result.refused()).singleElement().asString().startsWith("spec.claimRef.name cannot be changed in place");
    }

    @Test
    void becomingClusterIpDropsNodePorts() {
        ObjectNode live = json(LIVE_SERVICE.replace("'type':'ClusterIP'", "'type':'NodePort','externalTrafficPolicy':'Cluster'")
                .replace("'targetPort':6379", "'targetPort':6379,'nodePort':31000"));

        ObjectDrift.Result result = ObjectDrift.compare(live, json(DESIRED_SERVICE), KindRules.SERVICE);

        assertThat(result.merged()).isEqualTo(json(LIVE_SERVICE));
        assertThat(result.drifted()).containsExactlyInAnyOrder("spec.type", "spec.externalTrafficPolicy", "spec.ports[0].nodePort");
    }

    @Test
    void nodePortsSurviveWhileTheServiceStaysNodePort() {
        ObjectNode live = json(LIVE_SERVICE.replace("'type':'ClusterIP'", "'type':'NodePort'")
                .replace("'targetPort':6379", "'targetPort':6379,'nodePort':31000"));
        ObjectNode desired = json(DESIRED_SERVICE.replace("'type':'ClusterIP'", "'type':'NodePort'"));

        assertThat(ObjectDrift.compare(live, desired, KindRules.SERVICE).drifted()).isEmpty();
    }

    @Test
    void headlessCannotBecomeNormalInPlace() {
        ObjectNode desired = json("{'spec':{'clusterIP':'None'}}");
        ObjectNode live = json("{'metadata':{'name':'redis-service','namespace':'db'},'spec':{'clusterIP':'10.0.0.9'}}");

        ObjectDrift.Result result = ObjectDrift.compare(live, desired, KindRules.SERVICE);

        assertThat(result.drifted()).isEmpty();
        assertThat(result.refused()).singleElement().asString().endsWith("delete it (kubectl -n db delete service redis-service) and the next pass recreates it");
    }
}
