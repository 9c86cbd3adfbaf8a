package io.github.rediscluster.reconciler.desired;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * redis_exporter as a second container of every redis pod (redis-cluster.metrics.exporter): it reads its
 * redis-server over loopback, with the cluster's password from the same Secret when there is one, and serves the
 * metrics on the port named {@code metrics}. The pods then carry the plain scrape annotations too.
 */
public final class ExporterSidecar {

    public static final String CONTAINER = "redis-exporter";
    public static final String PORT_NAME = "metrics";
    /** redis_exporter reads its settings from these variables as from its flags. */
    static final String ADDRESS_ENV = "REDIS_ADDR";
    static final String LISTEN_ENV = "REDIS_EXPORTER_WEB_LISTEN_ADDRESS";
    static final String TLS_CA_ENV = "REDIS_EXPORTER_TLS_CA_CERT_FILE";
    static final String TLS_CERT_ENV = "REDIS_EXPORTER_TLS_CLIENT_CERT_FILE";
    static final String TLS_KEY_ENV = "REDIS_EXPORTER_TLS_CLIENT_KEY_FILE";
    static final String SKIP_VERIFY_ENV = "REDIS_EXPORTER_SKIP_TLS_VERIFICATION";

    private ExporterSidecar() {
    }

    /** The pod's containers: redis-server, then the exporter when it is on. */
    static List<Container> withRedis(Container redis, ClusterSpec spec) {
        List<Container> containers = new ArrayList<>(List.of(redis));
        spec.exporter().ifPresent(exporter -> containers.add(container(spec, exporter)));
        return containers;
    }

    /**
     * For a Prometheus that discovers pods by annotation. Without the exporter, null: no annotations named at all,
     * so that the pod template of a cluster that never had the exporter stays exactly as before (an empty map would
     * be a change, and a change of the template rolls every pod). The drift check leaves fields it is not given
     * alone, so after the exporter is turned off the pods keep these annotations (a target that no longer answers).
     */
    static Map<String, String> scrapeAnnotations(ClusterSpec spec) {
        if (spec.exporter().isEmpty()) {
            return null;
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("prometheus.io/scrape", "true");
        annotations.put("prometheus.io/port", String.valueOf(ClusterSpec.EXPORTER_PORT));
        annotations.put("prometheus.io/path", "/metrics");
        return annotations;
    }

    static Container container(ClusterSpec spec, ClusterSpec.Exporter exporter) {
        List<EnvVar> env = new ArrayList<>(List.of(
                new EnvVarBuilder().withName(ADDRESS_ENV).withValue((spec.tls().isPresent() ? "rediss" : "redis")
                        + "://127.0.0.1:" + spec.port()).build(),
                new EnvVarBuilder().withName(LISTEN_ENV).withValue(":" + ClusterSpec.EXPORTER_PORT).build()));
        if (spec.tls().isPresent()) {
            env.add(value(TLS_CA_ENV, RedisTls.path(RedisTls.CA)));
            env.add(value(TLS_CERT_ENV, RedisTls.path(RedisTls.CERT)));
            env.add(value(TLS_KEY_ENV, RedisTls.path(RedisTls.KEY)));
            // Over loopback inside the pod, to its own server: the certificate names the Services, not 127.0.0.1.
            env.add(value(SKIP_VERIFY_ENV, "true"));
        }
        // REDIS_PASSWORD: the name redis_exporter reads, and the one redis-server's container uses for the same Secret.
        spec.auth().ifPresent(auth -> env.add(RedisStatefulSet.fromSecret(RedisStatefulSet.PASSWORD_ENV, auth)));
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(exporter.image())
                .withEnv(env)
                .addNewPort().withName(PORT_NAME).withContainerPort(ClusterSpec.EXPORTER_PORT).withProtocol("TCP").endPort()
                .withResources(RedisStatefulSet.resources(exporter.resources()))
                .withVolumeMounts(spec.tls().isPresent() ? RedisTls.mounts(spec) : null)
                // It writes nothing and needs no privilege: the restricted Pod Security level, whatever the pod says.
                .withNewSecurityContext()
                    .withAllowPrivilegeEscalation(false)
                    .withReadOnlyRootFilesystem(true)
                    .withRunAsNonRoot(true)
                    .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .build();
    }

    private static EnvVar value(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }
}
