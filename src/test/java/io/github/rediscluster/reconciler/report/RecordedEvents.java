package io.github.rediscluster.reconciler.report;

import io.github.rediscluster.reconciler.spec.ClusterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Records what would be sent to the API, and refuses while {@code refusing} is set. */
final class RecordedEvents extends ClusterEvents {

    final List<Notice> sent = new ArrayList<>();
    final List<Notice> sentOnSpec = new ArrayList<>();
    boolean refusing;

    RecordedEvents() {
        super(null, "redis-cluster-reconciler-config", io.github.rediscluster.reconciler.leader.Fence.OPEN);
    }

    @Override
    public Optional<String> record(ClusterSpec spec, List<Notice> notices) {
        return record(notices, sent);
    }

    @Override
    public Optional<String> recordOnSpec(List<Notice> notices) {
        return record(notices, sentOnSpec);
    }

    private Optional<String> record(List<Notice> notices, List<Notice> to) {
        if (refusing && !notices.isEmpty()) {
            return Optional.of("forbidden");
        }
        to.addAll(notices);
        return Optional.empty();
    }
}
