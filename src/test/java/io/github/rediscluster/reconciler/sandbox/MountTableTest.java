package io.github.rediscluster.reconciler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MountTableTest {

    private final MountTable mounts = new MountTable(new LinkedHashMap<>(Map.of(
            "/etc/redis", Path.of("/sandbox/pods/p0/volumes/config"),
            "/var/lib/redis", Path.of("/sandbox/nfs/10.0.0.5/exports/pv1"),
            "/var/lib", Path.of("/sandbox/other"))));

    @Test
    void containerPathsInAConfigFileBecomeHostPaths() {
        String conf = """
                port 6379
                dir /var/lib/redis
                include /etc/redis/extra.conf
                """;

        assertThat(mounts.translate(conf)).isEqualTo("""
                port 6379
                dir /sandbox/nfs/10.0.0.5/exports/pv1
                include /sandbox/pods/p0/volumes/config/extra.conf
                """);
    }

    @Test
    void theLongestMountPathWinsAndHostPathsAreNotRewrittenAgain() {
        assertThat(mounts.translate("/var/lib/redis/nodes.conf /var/lib/x"))
                .isEqualTo("/sandbox/nfs/10.0.0.5/exports/pv1/nodes.conf /sandbox/other/x");
    }

    @Test
    void onlyWholePathTokensAreRewritten() {
        assertThat(mounts.translate("/var/libx")).isEqualTo("/var/libx");
        assertThat(mounts.translate("/var/lib/redisx")).isEqualTo("/sandbox/other/redisx");
        assertThat(mounts.translate("/opt/var/lib/redis")).isEqualTo("/opt/var/lib/redis");
        assertThat(mounts.translate("--dir=/var/lib/redis")).isEqualTo("--dir=/sandbox/nfs/10.0.0.5/exports/pv1");
        assertThat(mounts.translate("\"/etc/redis\"")).isEqualTo("\"/sandbox/pods/p0/volumes/config\"");
    }

    @Test
    void noMountsLeaveTextAlone() {
        assertThat(MountTable.NONE.translate("dir /var/lib/redis")).isEqualTo("dir /var/lib/redis");
    }
}
