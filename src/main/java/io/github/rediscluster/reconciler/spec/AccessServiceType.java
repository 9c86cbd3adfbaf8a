package io.github.rediscluster.reconciler.spec;

import java.util.Arrays;
import java.util.Optional;

/** How clients outside the pods reach the cluster: the Kubernetes Service type of the access Service. */
public enum AccessServiceType {
    ClusterIP,
    NodePort;

    /** Accepts the Kubernetes spelling in any letter case, so {@code nodeport} is not a needless error. */
    static Optional<AccessServiceType> parse(String text) {
        return Arrays.stream(values()).filter(type -> type.name().equalsIgnoreCase(text)).findFirst();
    }
}
