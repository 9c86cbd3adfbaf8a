package io.github.rediscluster.reconciler.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The spec file the service under test reads (reconciler.spec.locations in the test profile), replaced
 * atomically like a kubelet replaces a mounted ConfigMap.
 */
public final class SpecFile {

    public static final Path PATH = Path.of("target/test-spec/application.properties");
    public static final String NAMESPACE = "redis-test";

    /**
     * The classic 3 masters + 1 replica each, in the test namespace; every other key has its declared default (the
     * two counts are written out, though defaults too, for the tests that edit them).
     */
    public static final String CLASSIC = """
            redis-cluster.namespace=redis-test
            redis-cluster.masters=3
            redis-cluster.replicas-per-master=1
            redis-cluster.storage.nfs.server=192.168.184.122
            """;

    /** The classic spec with another number of masters (still 1 replica each). */
    public static String withMasters(int masters) {
        return CLASSIC.replace("redis-cluster.masters=3", "redis-cluster.masters=" + masters);
    }

    /**
     * The classic spec with {@code masters} masters of {@code replicasPerMaster} replicas each, and more
     * {@code key=value} lines after it (e.g. {@code "redis-cluster.resharding.slots-per-pass=512"}).
     */
    public static String with(int masters, int replicasPerMaster, String... extraLines) {
        StringBuilder text = new StringBuilder(withMasters(masters).replace("redis-cluster.replicas-per-master=1",
                "redis-cluster.replicas-per-master=" + replicasPerMaster));
        for (String line : extraLines) {
            text.append(line).append('\n');
        }
        return text.toString();
    }

    private SpecFile() {
    }

    public static void write(String text) {
        try {
            Files.createDirectories(PATH.getParent());
            Path next = Files.createTempFile(PATH.getParent(), "next", ".properties");
            Files.writeString(next, text);
            Files.move(next, PATH, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
