package io.github.rediscluster.reconciler.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Lowers the StatefulSet's replicas only once the Redis side released the pods that would go: their slots moved to
 * the pods that stay, no pod that stays replicates them (see the planner's last stage). Until then the live count is
 * kept and nothing is refused: the scale-in is under way, and the Redis side says how far it got.
 */
final class ScaleInGuard implements ChangeGuard {

    private static final String REPLICAS = "/spec/replicas";

    private final Optional<PodRelease> release;

    ScaleInGuard(Optional<PodRelease> release) {
        this.release = release;
    }

    @Override
    public Optional<String> check(ObjectNode live, ObjectNode merged) {
        int liveReplicas = live.at(REPLICAS).asInt(0);
        int wanted = merged.at(REPLICAS).asInt(0);
        if (wanted < liveReplicas && release.filter(released -> released.allows(wanted)).isEmpty()) {
            ChangeGuard.restore(merged, REPLICAS, live.at(REPLICAS));
        }
        return Optional.empty();
    }
}
