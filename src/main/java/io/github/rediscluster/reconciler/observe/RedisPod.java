package io.github.rediscluster.reconciler.observe;

/**
 * A redis-server pod of the StatefulSet as Kubernetes reports it.
 *
 * @param ip the pod IP; empty while the pod has none
 * @param k8sNode the Kubernetes node it runs on; empty while unscheduled
 */
public record RedisPod(String name, int ordinal, String ip, String k8sNode) {

    /** Two pods share a failure domain only when both nodes are known and equal. */
    public boolean sameNodeAs(RedisPod other) {
        return !k8sNode.isEmpty() && k8sNode.equals(other.k8sNode);
    }

    @Override
    public String toString() {
        return name;
    }
}
