package io.github.rediscluster.reconciler.observe;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** Reading what Kubernetes Events say, for the diagnosis: whose they are, which is newest, and their text on one line. */
final class PodEvents {

    private PodEvents() {
    }

    /** Events on this very pod: same name, and same uid when both say one (a pod re-made under the name is another pod). */
    static List<Event> of(Pod pod, List<Event> events) {
        String uid = pod.getMetadata().getUid();
        return events.stream().filter(event -> {
            ObjectReference about = event.getInvolvedObject();
            return about != null && "Pod".equals(about.getKind()) && pod.getMetadata().getName().equals(about.getName())
                    && (uid == null || about.getUid() == null || uid.equals(about.getUid()));
        }).toList();
    }

    static Optional<Event> latest(List<Event> events, String reason) {
        return events.stream().filter(event -> reason.equals(event.getReason())).max(Comparator.comparing(PodEvents::when));
    }

    /** When it last happened, by whichever timestamp the writer filled in (old Events and new ones differ). */
    static Instant when(Event event) {
        return Stream.of(event.getLastTimestamp(), event.getEventTime() == null ? null : event.getEventTime().getTime(),
                        event.getFirstTimestamp(), event.getMetadata() == null ? null : event.getMetadata().getCreationTimestamp())
                .filter(Objects::nonNull).findFirst().map(PodEvents::instant).orElse(Instant.EPOCH);
    }

    /** An RFC 3339 time as the API server writes it; the epoch when it cannot be read. */
    static Instant instant(String timestamp) {
        try {
            return OffsetDateTime.parse(timestamp).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** Said instead of a message or reason Kubernetes left out, so that no line ever reads "null" or ends in ": ". */
    static final String NO_MESSAGE = "(Kubernetes gave no message)";

    static String message(Event event) {
        return orSaid(event.getMessage(), NO_MESSAGE);
    }

    /** The text, or {@code missing} in words when there is none. */
    static String orSaid(String text, String missing) {
        return text == null || text.isBlank() ? missing : text;
    }

    /** Kubelet messages span lines (mount command, arguments, output); readiness and Events want one. */
    static String oneLine(String text) {
        return text.replaceAll("\\s*\\n\\s*", " ").trim();
    }
}
