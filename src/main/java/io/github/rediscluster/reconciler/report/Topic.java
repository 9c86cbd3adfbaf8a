package io.github.rediscluster.reconciler.report;

import io.github.rediscluster.reconciler.report.ClusterEvents.Notice;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One thing worth telling users: a problem, a wait, a state reached, or a change made now. The {@link Announcer} tells a
 * standing topic when it appears and when its {@code state} changes, and logs its {@code cleared} line when it goes.
 *
 * @param key what the topic is about: the same key on the next pass is the same topic
 * @param state what, when it differs from what was told, is told again (e.g. the key alone when a rewording by the
 *        kubelet is no news)
 * @param said the log line when told
 * @param event the Kubernetes Event when told
 * @param cleared the log line when the topic goes
 */
public record Topic(String key, String state, Optional<Line> said, Optional<Notice> event, Optional<Line> cleared) {

    /** A log line at a level. */
    public record Line(Logger.Level level, String text) {
    }

    /** A topic that tells nothing yet; {@link #log}, {@link #event} and {@link #onClear} say how it is told. */
    public static Topic of(String key, String state) {
        return new Topic(key, state, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** A topic whose state is its key. */
    public static Topic of(String key) {
        return of(key, key);
    }

    public Topic log(Logger.Level level, String text) {
        return new Topic(key, state, Optional.of(new Line(level, text)), event, cleared);
    }

    public Topic event(Notice notice) {
        return new Topic(key, state, said, Optional.of(notice), cleared);
    }

    public Topic onClear(Logger.Level level, String text) {
        return new Topic(key, state, said, event, Optional.of(new Line(level, text)));
    }
}
