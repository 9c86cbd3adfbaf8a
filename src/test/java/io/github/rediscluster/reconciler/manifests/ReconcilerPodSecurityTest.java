package io.github.rediscluster.reconciler.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.github.rediscluster.reconciler.testing.PodSecurityStandards;
import org.junit.jupiter.api.Test;

/** The reconciler's own pod, as deployment.yaml ships it, passes the {@code restricted} Pod Security level too. */
class ReconcilerPodSecurityTest {

    @Test
    void reconcilerPodPassesRestricted() {
        Deployment deployment = Manifests.load("deployment.yaml", Deployment.class);

        assertThat(PodSecurityStandards.restrictedViolations(deployment.getSpec().getTemplate().getMetadata(),
                deployment.getSpec().getTemplate().getSpec())).isEmpty();
    }
}
