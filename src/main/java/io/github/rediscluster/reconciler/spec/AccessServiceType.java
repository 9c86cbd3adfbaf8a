package io.github.rediscluster.reconciler.spec;

/** How clients outside the pods reach the cluster: the Kubernetes Service type of the access Service. */
public enum AccessServiceType {
    ClusterIP,
    NodePort
}
