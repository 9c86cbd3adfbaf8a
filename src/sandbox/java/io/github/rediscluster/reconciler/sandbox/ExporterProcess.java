package io.github.rediscluster.reconciler.sandbox;

import io.fabric8.kubernetes.api.model.Container;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A pod's redis_exporter container in the sandbox: run as Debian's prometheus-redis-exporter (1.45), as the redis
 * images run as redis-server. Its environment is the container's (REDIS_ADDR, REDIS_PASSWORD from the Secret,
 * REDIS_EXPORTER_WEB_LISTEN_ADDRESS); the pod's own addresses (127.0.0.1, localhost, all interfaces) are mapped to
 * the pod's loopback IP, where its redis-server listens, so {@code curl <pod IP>:9121/metrics} works in dev mode.
 */
final class ExporterProcess {

    /** The binary to run for exporter containers; default the Debian package's, when it is installed. */
    static final String SETTING = "sandbox.redis-exporter";
    static final Path DEBIAN_BINARY = Path.of("/usr/bin/prometheus-redis-exporter");
    private static final String ADDRESS = "REDIS_ADDR";
    private static final String LISTEN = "REDIS_EXPORTER_WEB_LISTEN_ADDRESS";

    private ExporterProcess() {
    }

    /** From the setting (a system property) when given, else Debian's binary when present; else none runs. */
    static Optional<Path> locate() {
        Optional<String> set = Optional.ofNullable(System.getProperty(SETTING)).filter(value -> !value.isBlank());
        if (set.isPresent()) {
            return set.map(Path::of);
        }
        return Files.isExecutable(DEBIAN_BINARY) ? Optional.of(DEBIAN_BINARY) : Optional.empty();
    }

    /** redis_exporter's images (oliver006/redis_exporter, bitnami/redis-exporter) by their name. */
    static boolean isExporter(Container container) {
        String image = container.getImage() == null ? "" : container.getImage();
        return image.contains("redis_exporter") || image.contains("redis-exporter");
    }

    static ProcessBuilder builder(Path binary, Map<String, String> containerEnv, String podIp, Path directory) {
        Map<String, String> env = new LinkedHashMap<>(containerEnv);
        env.put(ADDRESS, onPodIp(env.getOrDefault(ADDRESS, "redis://localhost:6379"), podIp));
        String listen = env.getOrDefault(LISTEN, ":9121");
        env.put(LISTEN, listen.startsWith(":") ? podIp + listen : onPodIp(listen, podIp));
        ProcessBuilder builder = new ProcessBuilder(binary.toString())
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("redis-exporter.log").toFile()));
        builder.environment().putAll(env);
        return builder;
    }

    private static String onPodIp(String address, String podIp) {
        return address.replace("127.0.0.1", podIp).replace("localhost", podIp).replace("0.0.0.0", podIp);
    }
}
