package io.github.rediscluster.reconciler.report;

import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.Specs;
import java.util.List;

/** An {@link Announcer} as a pass after pass would use it: what was told carried over, what each call sent returned. */
final class Announced {

    static final ClusterSpec SPEC = Specs.classic();

    final RecordedEvents events = new RecordedEvents();
    private final Announcer announcer = new Announcer(events);
    Told told = Told.NOTHING;

    /** The Events this telling sent on the StatefulSet. */
    List<ClusterEvents.Notice> tell(Telling telling) {
        int before = events.sent.size();
        told = announcer.tell(SPEC, told, telling);
        return List.copyOf(events.sent.subList(before, events.sent.size()));
    }

    /** The Events this telling sent on the spec's ConfigMap. */
    List<ClusterEvents.Notice> tellOnSpec(Telling telling) {
        int before = events.sentOnSpec.size();
        told = announcer.tellOnSpec(told, telling);
        return List.copyOf(events.sentOnSpec.subList(before, events.sentOnSpec.size()));
    }
}
