package io.github.rediscluster.reconciler.plan;

/**
 * What the planner found that it did not change this pass: something to wait for, or something it refuses to do.
 * Typed, so that readiness, Events, the log and the loop's pace read the reason, never the wording; the wording is
 * rendered in one place, {@link FindingText}.
 */
public sealed interface Finding permits Wait, Refusal {

    /** What the finding is about: pods, slots or a node, as users name them. */
    String subject();

    /** The rest of what the text says, already worded; empty when the reason says it all. */
    String detail();

    /** The Kubernetes Event reason: the reason's name in CamelCase, e.g. {@code SlotOpen}. */
    String eventReason();

    /** The one-line text for readiness, Events and the log. */
    default String text() {
        return FindingText.of(this);
    }

    /** CamelCase of an enum constant's name: {@code SLOT_OPEN} becomes {@code SlotOpen}. */
    static String camelCase(Enum<?> reason) {
        StringBuilder camel = new StringBuilder();
        for (String word : reason.name().split("_")) {
            camel.append(word.charAt(0)).append(word.substring(1).toLowerCase());
        }
        return camel.toString();
    }
}
