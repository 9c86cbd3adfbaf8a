package io.github.rediscluster.reconciler.observe;

import java.util.List;
import java.util.Optional;

/**
 * What one pass found about pods that do not start.
 *
 * @param problems one per pod that cannot start, with what to do
 * @param readError why the Events or claims could not be read (the pass goes on; readiness and the log say it)
 */
public record Diagnosis(List<PodProblem> problems, Optional<String> readError) {

    public static final Diagnosis NONE = new Diagnosis(List.of(), Optional.empty());

    public Diagnosis {
        problems = List.copyOf(problems);
    }

    public static Diagnosis failed(String error) {
        return new Diagnosis(List.of(), Optional.of(error));
    }
}
