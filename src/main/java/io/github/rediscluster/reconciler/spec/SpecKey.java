package io.github.rediscluster.reconciler.spec;

/**
 * One key of the spec, declared once (in {@link SpecKeys}): its name, what it is when not set, the rule its text must
 * follow and a one-line description. The parser, the list of known keys and the configuration reference all come
 * from these declarations.
 *
 * @param name the full property name, e.g. {@code redis-cluster.masters}
 * @param fallback what the key is when the spec does not set it
 * @param rule how its text becomes a value, or why it is refused
 * @param doc one line for the configuration reference (Markdown)
 */
public record SpecKey<T>(String name, Fallback fallback, ValueRule<T> rule, String doc) {

    /** What a key is when the spec does not set it. */
    public sealed interface Fallback {

        /** How the configuration reference shows it, in its "default" column. */
        String documented();

        /** A default value, written as it would be in the spec file and read through the key's rule. */
        record Value(String text) implements Fallback {

            @Override
            public String documented() {
                return "`" + text + "`";
            }
        }

        /** The namespace the service itself runs in. */
        record ServiceNamespace() implements Fallback {

            @Override
            public String documented() {
                return "the namespace the service runs in (else `default`)";
            }
        }

        /**
         * No default: the rule gets the empty text, which a required key refuses and an optional one reads as "not
         * set". {@code meaning} says which, in the reference.
         */
        record None(String meaning) implements Fallback {

            @Override
            public String documented() {
                return meaning;
            }
        }
    }

    /** The text to read when the spec does not set this key. */
    String textWhenUnset(String serviceNamespace) {
        if (fallback instanceof Fallback.Value value) {
            return value.text();
        }
        return fallback instanceof Fallback.ServiceNamespace ? serviceNamespace : "";
    }
}
