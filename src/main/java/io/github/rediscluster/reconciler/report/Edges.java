package io.github.rediscluster.reconciler.report;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What is new between two passes' topics of one group, by key: what appeared, what changed its state, what cleared.
 * Steady state is three empty lists. Pure.
 *
 * @param appeared topics of now whose key was not there before, in now's order
 * @param changed topics of now whose key was there before with another state, in now's order
 * @param cleared topics of before whose key is not there now, in before's order (as they were told)
 */
public record Edges(List<Topic> appeared, List<Topic> changed, List<Topic> cleared) {

    public Edges {
        appeared = List.copyOf(appeared);
        changed = List.copyOf(changed);
        cleared = List.copyOf(cleared);
    }

    public static Edges between(Collection<Topic> before, Collection<Topic> now) {
        Map<String, Topic> was = byKey(before);
        Map<String, Topic> is = byKey(now);
        return new Edges(
                is.values().stream().filter(topic -> !was.containsKey(topic.key())).toList(),
                is.values().stream().filter(topic -> was.containsKey(topic.key()))
                        .filter(topic -> !was.get(topic.key()).state().equals(topic.state())).toList(),
                was.values().stream().filter(topic -> !is.containsKey(topic.key())).toList());
    }

    /** What is to be told: what appeared and what changed, in the order of now. */
    public List<Topic> toTell(Collection<Topic> now) {
        List<String> news = Stream.concat(appeared.stream(), changed.stream()).map(Topic::key).toList();
        return byKey(now).values().stream().filter(topic -> news.contains(topic.key())).toList();
    }

    /** Nothing appeared and nothing changed. */
    public boolean nothingNew() {
        return appeared.isEmpty() && changed.isEmpty();
    }

    /** The first topic of a key wins: a key is one topic. */
    private static Map<String, Topic> byKey(Collection<Topic> topics) {
        return topics.stream().collect(Collectors.toMap(Topic::key, Function.identity(), (first, second) -> first,
                LinkedHashMap::new));
    }
}
