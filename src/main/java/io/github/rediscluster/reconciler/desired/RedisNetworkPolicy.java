package io.github.rediscluster.reconciler.desired;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may reach the redis pods ({@code redis-cluster.network-policy}): ingress only, so what the pods reach stays open.
 * The cluster's own pods on both ports (bus gossip, and the client port: replicas sync from their master's client port,
 * MIGRATE opens the target's client port); the reconciler's pods on the client port; the spec's clients on the client
 * port; with the exporter, anyone on its metrics port (they hold no data). Pure.
 */
public final class RedisNetworkPolicy {

    public static final String COMPONENT = "network";
    /** The label of the reconciler's own pods (kubernetes/deployment.yaml). */
    public static final Map<String, String> RECONCILER_PODS = Map.of(ClusterLabels.NAME, ClusterLabels.MANAGER);

    private RedisNetworkPolicy() {
    }

    public static Optional<NetworkPolicy> desired(ClusterSpec spec) {
        return spec.networkPolicy().map(access -> new NetworkPolicyBuilder()
                .withMetadata(ClusterLabels.metadata(spec, spec.name(), COMPONENT))
                .withNewSpec()
                    .withNewPodSelector().withMatchLabels(ClusterLabels.selector(spec)).endPodSelector()
                    .withPolicyTypes("Ingress")
                    .withIngress(rules(spec, access))
                .endSpec()
                .build());
    }

    static List<NetworkPolicyIngressRule> rules(ClusterSpec spec, ClusterSpec.NetworkAccess access) {
        List<NetworkPolicyIngressRule> rules = new ArrayList<>();
        rules.add(rule(List.of(pods(ClusterLabels.selector(spec))), port(spec.port()), port(spec.busPort())));
        rules.add(rule(List.of(pods(RECONCILER_PODS)), port(spec.port())));
        rules.add(rule(List.of(clients(access)), port(spec.port())));
        if (spec.exporter().isPresent()) {
            // No peer: from anywhere, so that a Prometheus in its own namespace scrapes the metrics.
            rules.add(new NetworkPolicyIngressRuleBuilder().withPorts(port(ClusterSpec.EXPORTER_PORT)).build());
        }
        return rules;
    }

    /** Pods of the policy's own namespace with {@code labels} (every pod when empty). */
    private static NetworkPolicyPeer pods(Map<String, String> labels) {
        return new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelectorBuilder().withMatchLabels(labels).build()).build();
    }

    /** Without a namespace selector: the spec's namespace only; with one, pods of the selected namespaces. */
    private static NetworkPolicyPeer clients(ClusterSpec.NetworkAccess access) {
        NetworkPolicyPeer peer = pods(access.clientPods());
        access.clientNamespaces().ifPresent(namespaces ->
                peer.setNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(namespaces).build()));
        return peer;
    }

    private static NetworkPolicyIngressRule rule(List<NetworkPolicyPeer> from, NetworkPolicyPort... ports) {
        return new NetworkPolicyIngressRuleBuilder().withFrom(from).withPorts(ports).build();
    }

    private static NetworkPolicyPort port(int number) {
        return new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(number)).build();
    }
}
