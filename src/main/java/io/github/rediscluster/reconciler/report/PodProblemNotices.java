package io.github.rediscluster.reconciler.report;

import static org.jboss.logging.Logger.Level.INFO;
import static org.jboss.logging.Logger.Level.WARN;

import io.github.rediscluster.reconciler.observe.Diagnosis;
import io.github.rediscluster.reconciler.observe.PodProblem;
import java.util.List;
import java.util.Map;

/**
 * Each pod problem as a topic: a WARN line and a Warning Event ({@value #REASON}) on the StatefulSet when it appears,
 * an INFO line when it clears. The same problem is the same pod with the same reason ({@link PodProblem#key()}): the
 * kubelet rewords its messages, the user's task stays, so a rewording is no news.
 */
public final class PodProblemNotices {

    static final String REASON = "PodNotStarting";
    static final String POD_PROBLEMS = "pod-problems";
    static final String POD_READ_ERROR = "pod-read-error";

    private PodProblemNotices() {
    }

    static Telling of(TopologyReport redis) {
        return redis.error().isPresent() && redis.pods().equals(Diagnosis.NONE) ? Telling.NOTHING : of(redis.pods());
    }

    static Telling of(Diagnosis diagnosis) {
        Telling readError = Telling.standing(POD_READ_ERROR, diagnosis.readError()
                .map(error -> List.of(Topic.of(error).log(WARN, "Pods: " + error))).orElse(List.of()));
        if (diagnosis.readError().isPresent()) {
            return readError; // not knowing is not clearing: what was told stays told until a read says otherwise
        }
        return readError.and(new Telling(List.of(), Map.of(POD_PROBLEMS, diagnosis.problems().stream()
                .map(problem -> Topic.of(problem.key()).log(WARN, "Pod cannot start: " + problem.describe())
                        .event(new ClusterEvents.Notice(REASON, problem.describe(), true))
                        .onClear(INFO, "Pod problem cleared: " + problem.key()))
                .toList())));
    }
}
