package io.github.rediscluster.reconciler.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jboss.logging.Logger.Level.INFO;
import static org.jboss.logging.Logger.Level.WARN;

import io.github.rediscluster.reconciler.report.ClusterEvents.Notice;
import io.github.rediscluster.reconciler.testing.LogCapture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Told when it appears, when it changes, when it clears; steady state tells nothing; a change made now every time. */
class AnnouncerTest {

    private static final String GROUP = "waits";

    private final Announced announced = new Announced();

    private static Topic waitFor(String what, String state) {
        return Topic.of("wait: " + what, state).log(INFO, "waiting for " + what + ": " + state)
                .event(new Notice("Waiting", what + ": " + state, false)).onClear(INFO, "no longer waiting for " + what);
    }

    private List<String> linesOf(Telling telling) {
        try (LogCapture logs = LogCapture.start()) {
            announced.tell(telling);
            return logs.lines().stream().filter(line -> line.contains(Announcer.class.getName()))
                    .map(line -> line.substring(line.indexOf(Announcer.class.getName()) + Announcer.class.getName().length() + 1))
                    .toList();
        }
    }

    @Test
    void aTopicIsToldWhenItAppearsChangesAndClearsAndNotWhileItStays() {
        assertThat(linesOf(Telling.standing(GROUP, List.of(waitFor("redis-app-5", "no pod yet")))))
                .containsExactly("waiting for redis-app-5: no pod yet");
        assertThat(linesOf(Telling.standing(GROUP, List.of(waitFor("redis-app-5", "no pod yet"))))).isEmpty();
        assertThat(linesOf(Telling.standing(GROUP, List.of(waitFor("redis-app-5", "no IP yet")))))
                .containsExactly("waiting for redis-app-5: no IP yet");
        assertThat(linesOf(Telling.standing(GROUP, List.of()))).containsExactly("no longer waiting for redis-app-5");
        assertThat(linesOf(Telling.standing(GROUP, List.of()))).isEmpty();

        assertThat(announced.events.sent).extracting(Notice::message)
                .containsExactly("redis-app-5: no pod yet", "redis-app-5: no IP yet");
    }

    @Test
    void aChangeMadeNowIsToldEveryTimeAndRemembersNothing() {
        Telling created = Telling.changes(List.of(Topic.of("created x").log(INFO, "Created x")
                .event(new Notice("Created", "created x", false))));

        assertThat(linesOf(created)).containsExactly("Created x");
        assertThat(linesOf(created)).containsExactly("Created x");
        assertThat(announced.told).isEqualTo(Told.NOTHING);
    }

    @Test
    void aGroupLeftOutStaysToldAndOthersGoOn() {
        announced.tell(new Telling(List.of(), Map.of(GROUP, List.of(waitFor("redis-app-5", "no pod yet")),
                "other", List.of(waitFor("redis-app-1", "no IP yet")))));

        assertThat(linesOf(Telling.standing("other", List.of()))).containsExactly("no longer waiting for redis-app-1");
        assertThat(linesOf(Telling.standing(GROUP, List.of(waitFor("redis-app-5", "no pod yet"))))).isEmpty();
    }

    @Test
    void aTopicWhoseEventWasRefusedIsToldAgainNextTime() {
        Telling waiting = Telling.standing(GROUP, List.of(waitFor("redis-app-5", "no pod yet")));
        announced.events.refusing = true;
        announced.tell(waiting);
        announced.events.refusing = false;

        assertThat(announced.tell(waiting)).extracting(Notice::message).containsExactly("redis-app-5: no pod yet");
        assertThat(announced.tell(waiting)).isEmpty();
    }

    @Test
    void aChangedTopicWhoseEventWasRefusedIsStillAChangeNextTime() {
        announced.tell(Telling.standing(GROUP, List.of(waitFor("redis-app-5", "no pod yet"))));
        Telling changed = Telling.standing(GROUP, List.of(waitFor("redis-app-5", "no IP yet")));
        announced.events.refusing = true;
        announced.tell(changed);
        announced.events.refusing = false;

        assertThat(announced.tell(changed)).extracting(Notice::message).containsExactly("redis-app-5: no IP yet");
    }
}
