package io.github.rediscluster.reconciler.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RedisViewTest {

    @Test
    void linesAreSortedByNodeIdThenAddressWhateverTheirFirstCharactersShare() {
        List<ClusterNode> lines = Stream.of("abcdef2", "abcdef10", "b", "abc", "abcdef1", "", "abcdef1", "ABCDEF")
                .map(id -> node(id, "10.0.0." + id.length())).toList();
        // The two lines of abcdef1: one at the other's address, as handshakes of one node can be.
        List<ClusterNode> withTwin = Stream.concat(lines.stream(), Stream.of(node("abcdef1", "10.0.0.0"))).toList();

        RedisView view = new RedisView("b", withTwin, Map.of(), Map.of(), 0);

        assertThat(view.nodes()).extracting(node -> node.id() + "@" + node.ip()).containsExactly("@10.0.0.0",
                "ABCDEF@10.0.0.6", "abc@10.0.0.3", "abcdef1@10.0.0.0", "abcdef1@10.0.0.7", "abcdef1@10.0.0.7",
                "abcdef10@10.0.0.8", "abcdef2@10.0.0.7", "b@10.0.0.1");
        assertThat(view.knows("abcdef10")).isTrue();
        assertThat(view.knows("abcdef3")).isFalse();
        List<ClusterNode> notAscii = Stream.concat(withTwin.stream(), Stream.of(node("é", "10.0.0.1"))).toList();
        assertThat(new RedisView("b", notAscii, Map.of(), Map.of(), 0).nodes())
                .isSortedAccordingTo(Comparator.comparing(ClusterNode::id).thenComparing(ClusterNode::ip));
    }

    @Test
    void viewsListingTheSameIdInstancesKnowTheSameNodes() {
        String a = "a".repeat(40);
        String b = "b".repeat(40);
        RedisView one = new RedisView(a, List.of(node(a, "10.0.0.1"), node(b, "10.0.0.2")), Map.of(), Map.of(), 0);
        RedisView other = new RedisView(b, List.of(node(b, "10.0.0.2"), node(a, "10.0.0.1")), Map.of(), Map.of(), 0);
        RedisView copies = new RedisView(b, List.of(node(new String(b), "10.0.0.2"), node(new String(a), "10.0.0.1")),
                Map.of(), Map.of(), 0);

        assertThat(one.sameIdsAs(other)).isTrue();
        assertThat(one.sameIdsAs(copies)).isFalse();
        assertThat(one.sameIdsAs(new RedisView(a, List.of(node(a, "10.0.0.1")), Map.of(), Map.of(), 0))).isFalse();
    }

    private static ClusterNode node(String id, String ip) {
        return new ClusterNode(id, ip, 6379, 16379, Optional.empty(), Set.of("master"), Optional.empty(), 0, true,
                List.of(), List.of());
    }
}
