package io.github.rediscluster.reconciler.desired;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.github.rediscluster.reconciler.spec.ClusterSpec;

/** The two Services of a cluster: the headless one that gives pods stable DNS, and the client access one. */
public final class ClusterServices {

    public static final String HEADLESS_COMPONENT = "headless-service";
    public static final String ACCESS_COMPONENT = "access-service";

    private ClusterServices() {
    }

    /**
     * Headless, with both the client and the bus port, and publishing not-ready pods: cluster nodes must find
     * each other before the cluster is formed, which is when readiness could first say yes.
     */
    public static Service headless(ClusterSpec spec) {
        return new ServiceBuilder()
                .withMetadata(ClusterLabels.metadata(spec, spec.headlessService(), HEADLESS_COMPONENT))
                .withNewSpec()
                    .withClusterIP("None")
                    .withPublishNotReadyAddresses(true)
                    .withSelector(ClusterLabels.selector(spec))
                    .withPorts(port(ClusterNames.CLIENT_PORT_NAME, spec.port()), port(ClusterNames.BUS_PORT_NAME, spec.busPort()))
                .endSpec()
                .build();
    }

    public static Service access(ClusterSpec spec) {
        return new ServiceBuilder()
                .withMetadata(ClusterLabels.metadata(spec, spec.accessService(), ACCESS_COMPONENT))
                .withNewSpec()
                    .withType(spec.accessServiceType().name())
                    .withSelector(ClusterLabels.selector(spec))
                    .withPorts(port(ClusterNames.CLIENT_PORT_NAME, spec.port()))
                .endSpec()
                .build();
    }

    private static ServicePort port(String name, int port) {
        return new ServicePortBuilder()
                .withName(name)
                .withProtocol("TCP")
                .withPort(port)
                .withTargetPort(new IntOrString(port))
                .build();
    }
}
