package io.github.rediscluster.reconciler.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What has been told and still stands, per group of topics: the announcer's memory, handed from pass to pass (and from
 * tick to tick for the spec). Immutable.
 */
public record Told(Map<String, List<Topic>> groups) {

    public static final Told NOTHING = new Told(Map.of());

    public Told {
        groups = Map.copyOf(groups);
    }

    public List<Topic> of(String group) {
        return groups.getOrDefault(group, List.of());
    }

    public Told with(String group, List<Topic> topics) {
        Map<String, List<Topic>> next = new LinkedHashMap<>(groups);
        next.put(group, List.copyOf(topics));
        return new Told(next);
    }
}
