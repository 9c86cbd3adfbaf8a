package io.github.rediscluster.reconciler.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** INFO and CLUSTER INFO as redis-server sends them (CRLF lines, section headers), and what RedisView reads from them. */
class InfoTextTest {

    private static final String REPLICATION = "# Replication\r\nrole:slave\r\nmaster_host:10.0.0.2\r\nmaster_port:6379\r\n"
            + "master_link_status:up\r\nmaster_sync_in_progress:0\r\n\r\n";

    @Test
    void keyValueLinesAreReadAndHeadersAndBlankLinesSkipped() {
        assertThat(InfoText.parse(REPLICATION)).containsExactly(Map.entry("role", "slave"), Map.entry("master_host", "10.0.0.2"),
                Map.entry("master_port", "6379"), Map.entry("master_link_status", "up"), Map.entry("master_sync_in_progress", "0"));
    }

    @Test
    void aValueKeepsItsColons() {
        assertThat(InfoText.parse("executable:/usr/bin/redis-server\nconfig_file:c:\\redis.conf\n"))
                .containsEntry("config_file", "c:\\redis.conf");
    }

    @Test
    void aViewReadsItsVersionReplicationLinkAndClusterState() {
        ClusterNode myself = ClusterNodesParser.parseLine(
                "7a401580c1eacf8e10cb5bf3dc6d5881363a2748 10.0.0.5:6379@16379 myself,slave 7d08268b8078d12e0be3af4170c92a3f4b9eec65 0 0 1 connected");
        Map<String, String> info = new java.util.HashMap<>(InfoText.parse(REPLICATION));
        info.put("redis_version", "6.2.11");
        RedisView view = new RedisView(myself.id(), List.of(myself), InfoText.parse("cluster_state:ok\r\n"), info, 0);

        assertThat(view.clusterStateOk()).isTrue();
        assertThat(view.hasAddSlotsRange()).isFalse();
        assertThat(view.masterHost()).isEqualTo("10.0.0.2");
        assertThat(view.replicationLinkUp()).isTrue();
    }
}
