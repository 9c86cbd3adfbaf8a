package io.github.rediscluster.reconciler.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EdgesTest {

    private static final Topic SLOT_OPEN = Topic.of("wait: slot 7 open", "slot 7 open on redis-app-0");
    private static final Topic POD_MISSING = Topic.of("wait: redis-app-5", "no such pod yet");
    private static final Topic HUMAN = Topic.of("human: redis-app-2 holds keys of slot 7");

    @Test
    void steadyStateHasNoEdges() {
        Edges edges = Edges.between(List.of(SLOT_OPEN, HUMAN), List.of(HUMAN, SLOT_OPEN));

        assertThat(edges).isEqualTo(new Edges(List.of(), List.of(), List.of()));
        assertThat(edges.nothingNew()).isTrue();
    }

    @Test
    void whatAppearedChangedAndClearedIsSaidByKeyInOrder() {
        Topic slotMoved = Topic.of("wait: slot 7 open", "slot 7 open on redis-app-1");

        Edges edges = Edges.between(List.of(SLOT_OPEN, HUMAN), List.of(POD_MISSING, slotMoved));

        assertThat(edges.appeared()).containsExactly(POD_MISSING);
        assertThat(edges.changed()).containsExactly(slotMoved);
        assertThat(edges.cleared()).containsExactly(HUMAN);
        assertThat(edges.toTell(List.of(POD_MISSING, slotMoved))).containsExactly(POD_MISSING, slotMoved);
        assertThat(edges.nothingNew()).isFalse();
    }

    @Test
    void onlyTheStateDecidesAChangeNotHowItIsTold() {
        Topic reworded = Topic.of(HUMAN.key()).log(org.jboss.logging.Logger.Level.WARN, "said otherwise");

        assertThat(Edges.between(List.of(HUMAN), List.of(reworded)).nothingNew()).isTrue();
    }

    @Test
    void fromNothingEverythingAppearsAndToNothingEverythingClears() {
        assertThat(Edges.between(List.of(), List.of(SLOT_OPEN, HUMAN)).appeared()).containsExactly(SLOT_OPEN, HUMAN);
        assertThat(Edges.between(List.of(SLOT_OPEN, HUMAN), List.of()).cleared()).containsExactly(SLOT_OPEN, HUMAN);
    }

    @Test
    void aKeyTwiceIsOneTopicTheFirst() {
        Topic again = Topic.of(SLOT_OPEN.key(), "another state");

        assertThat(Edges.between(List.of(), List.of(SLOT_OPEN, again)).appeared()).containsExactly(SLOT_OPEN);
    }
}
