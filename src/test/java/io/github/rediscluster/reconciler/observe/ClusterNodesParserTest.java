package io.github.rediscluster.reconciler.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CLUSTER NODES as Redis 6.2.11, 7.0.15 and 7.2 print it. */
class ClusterNodesParserTest {

    private static final String ID1 = "7d08268b8078d12e0be3af4170c92a3f4b9eec65";
    private static final String ID2 = "152b04d948dc28bdc814c0675175f1377f040683";
    private static final String ID3 = "dc4320fdf94384a972f7a830d5a1d7c43442dce3";

    /** Redis 6.2.11, a healthy cluster seen from 127.0.61.1. */
    private static final String HEALTHY_62 = """
            7a401580c1eacf8e10cb5bf3dc6d5881363a2748 127.0.61.5:6379@16379 slave 7d08268b8078d12e0be3af4170c92a3f4b9eec65 0 1795687060954 1 connected
            f2c6b6ada33235cb90017a369d34a5ee862ff367 127.0.61.4:6379@16379 slave dc4320fdf94384a972f7a830d5a1d7c43442dce3 0 1795687060753 3 connected
            152b04d948dc28bdc814c0675175f1377f040683 127.0.61.2:6379@16379 master - 0 1795687060753 2 connected 5461-10922
            7d08268b8078d12e0be3af4170c92a3f4b9eec65 127.0.61.1:6379@16379 myself,master - 0 1795687059000 1 connected 0-5460
            dc4320fdf94384a972f7a830d5a1d7c43442dce3 127.0.61.3:6379@16379 master - 0 1795687059447 3 connected 10923-16383
            cabfa8ff84a194ad09e971ef47cd6cf0497fc6a1 127.0.61.6:6379@16379 slave 152b04d948dc28bdc814c0675175f1377f040683 0 1795687060451 2 connected
            """;

    /** Redis 6.2.11 after a full restart on new IPs: node 1 is at 127.0.62.1, the others still at 127.0.61.x; 7 s later. */
    private static final String RESTARTED_62 = """
            cabfa8ff84a194ad09e971ef47cd6cf0497fc6a1 127.0.61.6:6379@16379 slave 152b04d948dc28bdc814c0675175f1377f040683 1795687079412 1795687076900 2 disconnected
            dc4320fdf94384a972f7a830d5a1d7c43442dce3 127.0.61.3:6379@16379 master - 1795687079412 1795687076900 3 disconnected 10923-16383
            7a401580c1eacf8e10cb5bf3dc6d5881363a2748 127.0.61.5:6379@16379 slave,fail? 7d08268b8078d12e0be3af4170c92a3f4b9eec65 1795687078809 1795687076900 1 disconnected
            f2c6b6ada33235cb90017a369d34a5ee862ff367 127.0.61.4:6379@16379 slave dc4320fdf94384a972f7a830d5a1d7c43442dce3 1795687079412 1795687076900 3 disconnected
            152b04d948dc28bdc814c0675175f1377f040683 127.0.61.2:6379@16379 master,fail? - 1795687077806 1795687076900 2 disconnected 5461-10922
            7d08268b8078d12e0be3af4170c92a3f4b9eec65 127.0.62.1:6379@16379 myself,master - 0 1795687076900 1 connected 0-5460
            """;

    @Test
    void aHealthyClusterIsReadLineByLineWithEveryField() {
        List<ClusterNode> nodes = ClusterNodesParser.parse(HEALTHY_62);

        assertThat(nodes).extracting(ClusterNode::id).containsExactly("7a401580c1eacf8e10cb5bf3dc6d5881363a2748",
                "f2c6b6ada33235cb90017a369d34a5ee862ff367", ID2, ID1, ID3, "cabfa8ff84a194ad09e971ef47cd6cf0497fc6a1");
        assertThat(nodes.get(3)).isEqualTo(new ClusterNode(ID1, "127.0.61.1", 6379, 16379, Optional.empty(),
                Set.of("myself", "master"), Optional.empty(), 1, true, List.of(new SlotRange(0, 5460)), List.of()));
        assertThat(nodes.get(0)).isEqualTo(new ClusterNode("7a401580c1eacf8e10cb5bf3dc6d5881363a2748", "127.0.61.5", 6379,
                16379, Optional.empty(), Set.of("slave"), Optional.of(ID1), 1, true, List.of(), List.of()));
    }

    @Test
    void aHealthyClusterHasThreeMastersCoveringEverySlotAndThreeReplicas() {
        List<ClusterNode> nodes = ClusterNodesParser.parse(HEALTHY_62);

        assertThat(nodes).filteredOn(ClusterNode::master).extracting(ClusterNode::id).containsExactly(ID2, ID1, ID3);
        assertThat(nodes).filteredOn(ClusterNode::replica).extracting(node -> node.masterId().orElseThrow())
                .containsExactly(ID1, ID3, ID2);
        assertThat(nodes).filteredOn(ClusterNode::myself).extracting(ClusterNode::id).containsExactly(ID1);
        assertThat(nodes.stream().mapToInt(ClusterNode::slotCount).sum()).isEqualTo(16384);
        assertThat(nodes).allMatch(ClusterNode::linkConnected).noneMatch(ClusterNode::failing)
                .noneMatch(ClusterNode::handshake).noneMatch(ClusterNode::noAddress);
        assertThat(nodes.get(2).owns(5461)).isTrue();
        assertThat(nodes.get(2).owns(10923)).isFalse();
    }

    @Test
    void redis70AddsTheAnnouncedHostnameAfterTheBusPort() {
        ClusterNode node = ClusterNodesParser.parse("51f5deab298c217c9d92a5a208834c3fc37e947d 127.0.71.1:6379@16379,"
                + "redis-app-0.redis-headless myself,master - 0 1795687070000 1 connected 0-5460").get(0);

        assertThat(node.ip()).isEqualTo("127.0.71.1");
        assertThat(node.port()).isEqualTo(6379);
        assertThat(node.busPort()).isEqualTo(16379);
        assertThat(node.hostname()).contains("redis-app-0.redis-headless");
        assertThat(node.slots()).containsExactly(new SlotRange(0, 5460));
    }

    @Test
    void redis70WritesAnEmptyHostnameAsATrailingComma() {
        ClusterNode node = ClusterNodesParser.parse(
                "51f5deab298c217c9d92a5a208834c3fc37e947d 127.0.71.1:6379@16379, myself,master - 0 1795687070000 1 connected 0-5460")
                .get(0);

        assertThat(node.ip()).isEqualTo("127.0.71.1");
        assertThat(node.busPort()).isEqualTo(16379);
        assertThat(node.hostname()).isEmpty();
        assertThat(node.myself()).isTrue();
    }

    @Test
    void redis72AddsAuxFieldsAfterTheHostname() {
        ClusterNode named = ClusterNodesParser.parse("51f5deab298c217c9d92a5a208834c3fc37e947d 127.0.72.1:6379@16379,"
                + "redis-app-0.redis-headless,shard-id=abc myself,master - 0 1795687070000 1 connected 0-5460").get(0);
        ClusterNode unnamed = ClusterNodesParser.parse("51f5deab298c217c9d92a5a208834c3fc37e947d 127.0.72.1:6379@16379,,"
                + "tls-port=0,shard-id=abc myself,master - 0 1795687070000 1 connected 0-5460").get(0);

        assertThat(named.hostname()).contains("redis-app-0.redis-headless");
        assertThat(named.ip()).isEqualTo("127.0.72.1");
        assertThat(named.busPort()).isEqualTo(16379);
        assertThat(unnamed.hostname()).isEmpty();
        assertThat(unnamed.ip()).isEqualTo("127.0.72.1");
        assertThat(unnamed.busPort()).isEqualTo(16379);
    }

    @Test
    void openSlotsAreReadAsMigratingAndImportingButNotAsOwnedSlots() {
        ClusterNode source = ClusterNodesParser.parse("7d08268b8078d12e0be3af4170c92a3f4b9eec65 127.0.61.1:6379@16379 "
                + "myself,master - 0 1795687069000 1 connected 0-5460 [100->-152b04d948dc28bdc814c0675175f1377f040683]").get(0);
        ClusterNode target = ClusterNodesParser.parse("152b04d948dc28bdc814c0675175f1377f040683 127.0.61.2:6379@16379 "
                + "myself,master - 0 1795687069000 2 connected 5461-10922 [100-<-7d08268b8078d12e0be3af4170c92a3f4b9eec65]").get(0);

        assertThat(source.openSlots()).containsExactly(new OpenSlot(100, OpenSlot.Direction.MIGRATING, ID2));
        assertThat(source.slots()).containsExactly(new SlotRange(0, 5460));
        assertThat(target.openSlots()).containsExactly(new OpenSlot(100, OpenSlot.Direction.IMPORTING, ID1));
        assertThat(target.slots()).containsExactly(new SlotRange(5461, 10922));
        assertThat(target.owns(100)).isFalse();
    }

    @Test
    void afterAFullRestartTheOthersAreDisconnectedAtTheirOldIpsAndSomeSuspectedFailing() {
        List<ClusterNode> nodes = ClusterNodesParser.parse(RESTARTED_62);

        ClusterNode myself = nodes.get(5);
        assertThat(myself.myself()).isTrue();
        assertThat(myself.address()).isEqualTo("127.0.62.1:6379");
        assertThat(myself.linkConnected()).isTrue();
        assertThat(nodes.subList(0, 5)).noneMatch(ClusterNode::linkConnected)
                .allMatch(node -> node.ip().startsWith("127.0.61."));
        assertThat(nodes).filteredOn(ClusterNode::failing).extracting(ClusterNode::id)
                .containsExactly("7a401580c1eacf8e10cb5bf3dc6d5881363a2748", ID2);
        assertThat(nodes.get(4).flags()).containsExactlyInAnyOrder("master", "fail?");
        assertThat(nodes.get(4).slots()).containsExactly(new SlotRange(5461, 10922));
        assertThat(nodes.get(4).configEpoch()).isEqualTo(2);
    }

    @Test
    void aFreshNodeIsAMasterWithoutSlotsAndEpochZero() {
        ClusterNode node = ClusterNodesParser.parse(
                "7d08268b8078d12e0be3af4170c92a3f4b9eec65 127.0.61.1:6379@16379 myself,master - 0 0 0 connected\n").get(0);

        assertThat(node.myself()).isTrue();
        assertThat(node.master()).isTrue();
        assertThat(node.ownsSlots()).isFalse();
        assertThat(node.slots()).isEmpty();
        assertThat(node.configEpoch()).isZero();
        assertThat(node.masterId()).isEmpty();
    }

    @Test
    void aNodeWithoutAddressHasAnEmptyIpAndPortZero() {
        ClusterNode node = ClusterNodesParser.parse(
                "152b04d948dc28bdc814c0675175f1377f040683 :0@0 master,fail,noaddr - 1795687079412 1795687076900 2 disconnected").get(0);

        assertThat(node.ip()).isEmpty();
        assertThat(node.port()).isZero();
        assertThat(node.busPort()).isZero();
        assertThat(node.noAddress()).isTrue();
        assertThat(node.failing()).isTrue();
        assertThat(node.master()).isTrue();
        assertThat(node.linkConnected()).isFalse();
        assertThat(node.configEpoch()).isEqualTo(2);
    }

    @Test
    void aHandshakeLineIsFlaggedAsSuch() {
        ClusterNode node = ClusterNodesParser.parse(
                "e1ac5cb06a6a32dfb7d03f6ee41e8b5ab0b6e40f 127.0.0.9:6379@16379 handshake - 0 0 0 disconnected").get(0);

        assertThat(node.handshake()).isTrue();
        assertThat(node.flags()).containsExactly("handshake");
        assertThat(node.master()).isFalse();
        assertThat(node.address()).isEqualTo("127.0.0.9:6379");
        assertThat(node.masterId()).isEmpty();
    }

    @Test
    void singleSlotsAndRangesAreReadInOrderAndAdjacentOnesMerged() {
        ClusterNode gaps = ClusterNodesParser.parse(
                "7d08268b8078d12e0be3af4170c92a3f4b9eec65 127.0.61.1:6379@16379 master - 0 0 1 connected 0-10 12 14-20").get(0);
        ClusterNode adjacent = ClusterNodesParser.parse(
                "7d08268b8078d12e0be3af4170c92a3f4b9eec65 127.0.61.1:6379@16379 master - 0 0 1 connected 0-10 11 12-20 22 16383")
                .get(0);

        assertThat(gaps.slots()).containsExactly(new SlotRange(0, 10), new SlotRange(12, 12), new SlotRange(14, 20));
        assertThat(gaps.slotCount()).isEqualTo(19);
        assertThat(adjacent.slots()).containsExactly(new SlotRange(0, 20), new SlotRange(22, 22), new SlotRange(16383, 16383));
        assertThat(adjacent.slotCount()).isEqualTo(23);
    }

    @Test
    void blankLinesAndCarriageReturnsAreIgnored() {
        List<ClusterNode> nodes = ClusterNodesParser.parse("\r\n" + HEALTHY_62.replace("\n", "\r\n") + "\r\n\n");

        assertThat(nodes).hasSize(6);
        assertThat(nodes.get(3).slots()).containsExactly(new SlotRange(0, 5460));
        assertThat(nodes.get(4).linkConnected()).isTrue();
    }

    @Test
    void aLineSeenBeforeButForItsPingAndPongIsTheSameNodeAndAnyOtherDifferenceIsNot() {
        NodeLines lines = new NodeLines();
        List<ClusterNode> first = ClusterNodesParser.parse(HEALTHY_62, lines);
        String master2 = "152b04d948dc28bdc814c0675175f1377f040683 127.0.61.2:6379@16379 master - ";
        String replica5 = "7a401580c1eacf8e10cb5bf3dc6d5881363a2748 127.0.61.5:6379@16379 slave"
                + " 7d08268b8078d12e0be3af4170c92a3f4b9eec65 ";

        List<ClusterNode> second = ClusterNodesParser.parse(master2 + "1795687099999 1795687088888 2 connected 5461-10922\r\n"
                + master2 + "0 1795687060753 2 connected 5461-10923\n"
                + master2 + "0 1795687060753 2 connected 5461-10922 16000\n"
                + replica5 + "12 34 1 connected \n"
                + replica5 + "0 1795687060954 1 disconnected", lines);

        assertThat(second.get(0)).isSameAs(first.get(2));
        assertThat(second.get(1).slots()).containsExactly(new SlotRange(5461, 10923));
        assertThat(second.get(2).slots()).containsExactly(new SlotRange(5461, 10922), new SlotRange(16000, 16000));
        assertThat(second.get(3)).isSameAs(first.get(0));
        assertThat(second.get(4).linkConnected()).isFalse();
        assertThat(lines.distinct()).isEqualTo(9);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "garbage",
            "7d08268b8078d12e0be3af4170c92a3f4b9eec65 127.0.61.1:6379@16379 myself,master - 0 0",
            "7d08268b8078d12e0be3af4170c92a3f4b9eec65 127.0.61.1@16379 myself,master - 0 0 1 connected",
            "7d08268b8078d12e0be3af4170c92a3f4b9eec65 127.0.61.1:63x9@16379 myself,master - 0 0 1 connected",
            "7d08268b8078d12e0be3af4170c92a3f4b9eec65 127.0.61.1:6379@16379 myself,master - 0 0 one connected",
            "7d08268b8078d12e0be3af4170c92a3f4b9eec65 127.0.61.1:6379@16379 myself,master - 0 0 1 connected 0-x",
            "7d08268b8078d12e0be3af4170c92a3f4b9eec65 127.0.61.1:6379@16379 myself,master - 0 0 1 connected 10-5",
            "7d08268b8078d12e0be3af4170c92a3f4b9eec65 127.0.61.1:6379@16379 myself,master - 0 0 1 connected 16384",
            "7d08268b8078d12e0be3af4170c92a3f4b9eec65 127.0.61.1:6379@16379 myself,master - 0 0 1 connected [100-?-abc]"})
    void aMalformedLineIsRejectedNamingTheLine(String line) {
        String text = HEALTHY_62 + line + "\n";

        assertThatThrownBy(() -> ClusterNodesParser.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(line);
    }
}
