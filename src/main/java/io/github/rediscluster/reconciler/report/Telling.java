package io.github.rediscluster.reconciler.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one pass (or tick) has to tell: the changes it made, told every time, and the standing topics of each group it
 * looked at. A group it could not look at is left out, and what was told of it stays told: not knowing is not clearing.
 */
public record Telling(List<Topic> changes, Map<String, List<Topic>> standing) {

    public static final Telling NOTHING = new Telling(List.of(), Map.of());

    public Telling {
        changes = List.copyOf(changes);
        standing = Collections.unmodifiableMap(new LinkedHashMap<>(standing));
    }

    public static Telling changes(List<Topic> changes) {
        return new Telling(changes, Map.of());
    }

    public static Telling standing(String group, List<Topic> topics) {
        return new Telling(List.of(), Map.of(group, topics));
    }

    /** Both, changes first; a group both name is this one's. */
    public Telling and(Telling other) {
        List<Topic> allChanges = new ArrayList<>(changes);
        allChanges.addAll(other.changes);
        Map<String, List<Topic>> groups = new LinkedHashMap<>(standing);
        other.standing.forEach(groups::putIfAbsent);
        return new Telling(allChanges, groups);
    }
}
