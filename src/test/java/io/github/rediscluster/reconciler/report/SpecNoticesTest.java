package io.github.rediscluster.reconciler.report;

import io.github.rediscluster.reconciler.spec.SpecStore;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.report.ClusterEvents.Notice;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.spec.SpecParseResult;
import io.github.rediscluster.reconciler.spec.SpecParser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecNoticesTest {

    private static final Optional<ClusterSpec> SPEC = Optional.of(
            ((SpecParseResult.Valid) SpecParser.parse(Map.of("redis-cluster.storage.nfs.server", "nfs"), "ns")).spec());

    private final Announced announced = new Announced();

    @Test
    void aSpecComingIntoForceIsToldOnce() {
        SpecStore.State first = new SpecStore.State(SPEC, Optional.empty(), Optional.of("spec in force: cluster ns/redis-app"));

        assertThat(of(first)).containsExactly(new Notice("SpecApplied", "spec in force: cluster ns/redis-app", false));
        assertThat(of(first)).isEmpty();
    }

    @Test
    void aRefusedEditIsToldOnceAndTheSpecInForceIsNotToldAgain() {
        SpecStore.State good = new SpecStore.State(SPEC, Optional.empty(), Optional.of("spec in force: cluster ns/redis-app"));
        SpecStore.State bad = new SpecStore.State(SPEC, Optional.of("spec rejected: redis-cluster.masters: must be a whole number"
                + " from 1 to 1000, got '0'; the last good spec stays in force"), good.change());
        of(good);

        assertThat(of(bad)).containsExactly(new Notice("SpecRejected", bad.problem().get(), true));
        assertThat(of(bad)).isEmpty();
        assertThat(of(good)).isEmpty();
    }

    @Test
    void anAcceptedEditIsToldWithTheKeysItChanged() {
        of(new SpecStore.State(SPEC, Optional.empty(), Optional.of("spec in force: cluster ns/redis-app")));

        assertThat(of(new SpecStore.State(SPEC, Optional.empty(),
                Optional.of("spec changed, now in force: redis-cluster.masters 3 -> 4"))))
                .containsExactly(new Notice("SpecApplied", "spec changed, now in force: redis-cluster.masters 3 -> 4", false));
    }

    private List<Notice> of(SpecStore.State state) {
        return announced.tellOnSpec(SpecNotices.of(state));
    }
}
