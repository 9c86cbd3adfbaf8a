package io.github.rediscluster.reconciler.testing;

import io.fabric8.kubernetes.client.KubernetesClient;

/** Helpers for the fabric8 mock API server shared by the tests of one class. */
public final class MockApi {

    private MockApi() {
    }

    /** Every kind the service or the sandbox makes, gone from the namespace (and every PV), so a test starts from empty. */
    public static void clear(KubernetesClient client, String namespace) {
        client.apps().statefulSets().inNamespace(namespace).delete();
        client.pods().inNamespace(namespace).delete();
        client.persistentVolumeClaims().inNamespace(namespace).delete();
        client.services().inNamespace(namespace).delete();
        client.configMaps().inNamespace(namespace).delete();
        client.policy().v1().podDisruptionBudget().inNamespace(namespace).delete();
        client.network().v1().networkPolicies().inNamespace(namespace).delete();
        client.secrets().inNamespace(namespace).delete();
        client.persistentVolumes().delete();
        client.v1().events().inNamespace(namespace).delete();
    }
}
