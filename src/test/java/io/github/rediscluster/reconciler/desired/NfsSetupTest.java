package io.github.rediscluster.reconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.rediscluster.reconciler.testing.Specs;
import org.junit.jupiter.api.Test;

class NfsSetupTest {

    @Test
    void theClassicSpecGetsSixDirectoriesOwnedByTheSquashedUserAndOneExportLineEach() {
        String setup = NfsSetup.render(Specs.classic(), "*");

        String dirs = "'/usr/local/k8s/redis/pv1' '/usr/local/k8s/redis/pv2' '/usr/local/k8s/redis/pv3' '/usr/local/k8s/redis/pv4'"
                + " '/usr/local/k8s/redis/pv5' '/usr/local/k8s/redis/pv6'";
        assertThat(setup).startsWith("#!/bin/sh\n").contains("# Run as root on the NFS server 192.168.184.122 (read it first")
                .contains("\nset -eu\n")
                .contains("\nmkdir -p " + dirs + "\n")
                .contains("\nchown 999:999 " + dirs + "\n")
                .contains("\nchmod 0700 " + dirs + "\n")
                .contains("narrow it to the nodes' network, e.g. GET /nfs-setup?clients=10.0.0.0/24")
                .contains("\n/usr/local/k8s/redis/pv1 *(rw,sync,no_subtree_check,all_squash,anonuid=999,anongid=999)\n")
                .contains("\n/usr/local/k8s/redis/pv6 *(rw,sync,no_subtree_check,all_squash,anonuid=999,anongid=999)\n")
                .doesNotContain("pv7")
                .contains("\ncat > '/etc/exports.d/redis-cluster-default-redis-app.exports' <<'EXPORTS'\n/usr/local/k8s/redis/pv1 ")
                .contains("(rw,sync,no_subtree_check,all_squash,anonuid=999,anongid=999)\nEXPORTS\n")
                .endsWith("\nexportfs -ra\nexportfs -v | grep -F -- '/usr/local/k8s/redis/pv1'\n");
        assertThat(setup.lines().filter(line -> line.startsWith("/usr/local/k8s/redis/pv"))).hasSize(6);
    }

    @Test
    void clientsAndTheSpecsPathAndPodCountAreUsed() {
        String setup = NfsSetup.render(Specs.classicWith("redis-cluster.masters", "4", "redis-cluster.replicas-per-master", "2",
                "redis-cluster.storage.nfs.path", "/srv/redis/"), "10.0.0.0/24, node-*.example.com");

        assertThat(setup).contains("\n/srv/redis/pv12 10.0.0.0/24(rw,sync,no_subtree_check,all_squash,anonuid=999,anongid=999)"
                + " node-*.example.com(rw,sync,no_subtree_check,all_squash,anonuid=999,anongid=999)\n")
                .doesNotContain("pv13").doesNotContain("narrow it");
    }

    @Test
    void theSpecsUserOwnsTheDirectoriesAndTheExportsSquashToIt() {
        String setup = NfsSetup.render(Specs.classicWith("redis-cluster.security.run-as-user", "1001",
                "redis-cluster.security.fs-group", "2002"), "*");

        assertThat(setup).contains("\nchown 1001:2002 '/usr/local/k8s/redis/pv1' ")
                .contains("*(rw,sync,no_subtree_check,all_squash,anonuid=1001,anongid=2002)\n");
    }

    @Test
    void valuesAreQuotedForTheShellAndEscapedForExports() {
        assertThat(NfsSetup.quote("/x$(id)'y")).isEqualTo("'/x$(id)'\\''y'");
        assertThat(NfsSetup.exportPath("/srv/a b#\"é")).isEqualTo("/srv/a\\040b\\043\\042\\303\\251");
    }

    @Test
    void aClientThatWouldBreakTheExportLineIsRefused() {
        assertThatThrownBy(() -> NfsSetup.render(Specs.classic(), "10.0.0.0/24(rw,no_root_squash)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'10.0.0.0/24(rw' is not a host, network");
        assertThatThrownBy(() -> NfsSetup.render(Specs.classic(), " , ")).hasMessageStartingWith("clients is empty");
    }
}
