package io.github.rediscluster.reconciler.report;

import io.github.rediscluster.reconciler.observe.Diagnosis;
import io.github.rediscluster.reconciler.observe.PodProblem;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Tells each pod problem once while it lasts: a WARN line and a Warning Event ({@value #REASON}) on the StatefulSet
 * when it appears, an INFO line when it clears, nothing on the passes in between. The same problem is the same pod
 * with the same reason ({@link PodProblem#key()}): the kubelet rewords its messages, the user's task stays.
 */
public final class PodProblemNotices {

    private static final Logger LOG = Logger.getLogger(PodProblemNotices.class);
    static final String REASON = "PodNotStarting";

    private final ClusterEvents events;
    private Set<String> told = Set.of();
    private Optional<String> toldReadError = Optional.empty();

    public PodProblemNotices(ClusterEvents events) {
        this.events = events;
    }

    public void tell(ClusterSpec spec, Diagnosis diagnosis) {
        if (diagnosis.readError().isPresent() && !diagnosis.readError().equals(toldReadError)) {
            LOG.warnf("Pods: %s", diagnosis.readError().get());
        }
        toldReadError = diagnosis.readError();
        if (diagnosis.readError().isPresent()) {
            return; // not knowing is not clearing: what was told stays told until a read says otherwise
        }
        List<PodProblem> appeared = diagnosis.problems().stream().filter(problem -> !told.contains(problem.key())).toList();
        Set<String> now = diagnosis.problems().stream().map(PodProblem::key).collect(Collectors.toSet());
        told.stream().filter(key -> !now.contains(key)).sorted().forEach(key -> LOG.infof("Pod problem cleared: %s", key));
        appeared.forEach(problem -> LOG.warnf("Pod cannot start: %s", problem.describe()));
        Optional<String> unrecorded = events.record(spec, appeared.stream()
                .map(problem -> new ClusterEvents.Notice(REASON, problem.describe(), true)).toList());
        // An Event the API refused is tried again on the next pass (ClusterEvents logged the refusal).
        told = unrecorded.isEmpty() ? now : now.stream().filter(key -> appeared.stream().noneMatch(problem -> problem.key().equals(key)))
                .collect(Collectors.toSet());
    }
}
