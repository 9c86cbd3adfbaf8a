package io.github.rediscluster.reconciler.spec;

import java.util.List;
import java.util.stream.Collectors;

/** The outcome of reading a spec: either a valid {@link ClusterSpec} or every problem found in it. */
public sealed interface SpecParseResult {

    record Valid(ClusterSpec spec) implements SpecParseResult {
    }

    record Invalid(List<SpecProblem> problems) implements SpecParseResult {

        public Invalid {
            problems = List.copyOf(problems);
        }

        /** All problems on one line, each naming its key, for logs, events and health data. */
        public String summary() {
            return problems.stream().map(SpecProblem::toString).collect(Collectors.joining("; "));
        }
    }
}
