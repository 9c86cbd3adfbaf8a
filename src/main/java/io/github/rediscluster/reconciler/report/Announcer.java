package io.github.rediscluster.reconciler.report;

import io.github.rediscluster.reconciler.report.ClusterEvents.Notice;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The one place that tells users what a pass found, in the log and as Kubernetes Events, edge-triggered: a standing
 * topic when it appears and when it changes, its cleared line when it goes, each change made now once; steady state,
 * even a steadily wrong one, tells nothing. Stateless: what was told comes in and goes out as a {@link Told}.
 *
 * <p>An Event the API refused is not counted as told, so it is tried again on the next pass (ClusterEvents logged
 * the refusal).
 */
public final class Announcer {

    private static final Logger LOG = Logger.getLogger(Announcer.class);

    private final ClusterEvents events;

    public Announcer(ClusterEvents events) {
        this.events = events;
    }

    /** Tells about the cluster: Events on its StatefulSet. */
    public Told tell(ClusterSpec spec, Told before, Telling now) {
        return tell(before, now, notices -> events.record(spec, notices));
    }

    /** Tells about the spec: Events on the reconciler's ConfigMap that holds it. */
    public Told tellOnSpec(Told before, Telling now) {
        return tell(before, now, events::recordOnSpec);
    }

    private static Told tell(Told before, Telling now, Function<List<Notice>, Optional<String>> record) {
        List<Notice> notices = new ArrayList<>();
        now.changes().forEach(topic -> say(topic, notices));
        Set<String> toldWithEvent = new HashSet<>();
        for (Map.Entry<String, List<Topic>> group : now.standing().entrySet()) {
            Edges edges = Edges.between(before.of(group.getKey()), group.getValue());
            edges.cleared().forEach(topic -> topic.cleared().ifPresent(Announcer::log));
            for (Topic topic : edges.toTell(group.getValue())) {
                say(topic, notices);
                topic.event().ifPresent(event -> toldWithEvent.add(group.getKey() + "\n" + topic.key()));
            }
        }
        boolean recorded = record.apply(notices).isEmpty();
        Told after = before;
        for (Map.Entry<String, List<Topic>> group : now.standing().entrySet()) {
            after = after.with(group.getKey(), recorded ? group.getValue()
                    : unrecordedLeftOut(before.of(group.getKey()), group.getValue(), group.getKey(), toldWithEvent));
        }
        return after;
    }

    /** The topics now, with those whose Event was refused as they were before (or absent): news again next time. */
    private static List<Topic> unrecordedLeftOut(List<Topic> before, List<Topic> now, String group, Set<String> toldWithEvent) {
        List<Topic> kept = new ArrayList<>();
        for (Topic topic : now) {
            if (!toldWithEvent.contains(group + "\n" + topic.key())) {
                kept.add(topic);
            } else {
                before.stream().filter(was -> was.key().equals(topic.key())).findFirst().ifPresent(kept::add);
            }
        }
        return kept;
    }

    private static void say(Topic topic, List<Notice> notices) {
        topic.said().ifPresent(Announcer::log);
        topic.event().ifPresent(notices::add);
    }

    private static void log(Topic.Line line) {
        LOG.log(line.level(), line.text());
    }
}
