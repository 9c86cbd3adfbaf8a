package io.github.rediscluster.reconciler.plan;

import io.github.rediscluster.reconciler.observe.ObservedPod;
import java.util.List;

/**
 * The masters to keep and those to drain, as {@link ChooseRoles} decided them.
 *
 * @param keepers the masters that hold slots once the spec is met: staying pods only, lowest ordinals first
 * @param drains masters that own slots but are not kept: pods that go, or staying masters beyond the spec's count
 */
record Roles(List<ObservedPod> keepers, List<ObservedPod> drains) {

    Roles {
        keepers = List.copyOf(keepers);
        drains = List.copyOf(drains);
    }

    boolean keeps(ObservedPod pod) {
        return keepers.contains(pod);
    }
}
