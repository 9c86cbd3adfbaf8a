package io.github.rediscluster.reconciler.spec;

import java.util.function.Function;

/**
 * How the text of one spec key becomes its typed value, or why that text is refused. The problem does not name the
 * key: the parser puts the key in front, so that every message reads {@code <key>: <problem>}.
 */
@FunctionalInterface
public interface ValueRule<T> {

    Checked<T> check(String text);

    /** The value the text stands for, or the problem with it. */
    sealed interface Checked<T> {

        record Accepted<T>(T value) implements Checked<T> {
        }

        record Refused<T>(String problem) implements Checked<T> {
        }
    }

    static <T> Checked<T> accept(T value) {
        return new Checked.Accepted<>(value);
    }

    static <T> Checked<T> refuse(String problem) {
        return new Checked.Refused<>(problem);
    }

    /** This rule, then {@code convert} on the value it accepts: a refusal stays as it is. */
    default <R> ValueRule<R> map(Function<T, R> convert) {
        return text -> {
            Checked<T> checked = check(text);
            return checked instanceof Checked.Accepted<T> accepted ? accept(convert.apply(accepted.value()))
                    : refuse(((Checked.Refused<T>) checked).problem());
        };
    }
}
