package io.github.rediscluster.reconciler.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.rediscluster.reconciler.act.ActionLog;
import io.github.rediscluster.reconciler.act.PodRestarter;
import io.github.rediscluster.reconciler.apply.ClusterObjectsReconciler;
import io.github.rediscluster.reconciler.apply.ResourceApplier;
import io.github.rediscluster.reconciler.apply.StatefulSetTakeOver;
import io.github.rediscluster.reconciler.apply.WriteGate;
import io.github.rediscluster.reconciler.apply.VolumeGrowth;
import io.github.rediscluster.reconciler.leader.Leadership;
import io.github.rediscluster.reconciler.loop.PodChangeTrigger;
import io.github.rediscluster.reconciler.loop.ReconcileLoop;
import io.github.rediscluster.reconciler.loop.TopologyReconciler;
import io.github.rediscluster.reconciler.observe.ClusterPods;
import io.github.rediscluster.reconciler.observe.PodDiagnostics;
import io.github.rediscluster.reconciler.observe.RedisAuthSecret;
import io.github.rediscluster.reconciler.observe.RedisTlsSecret;
import io.github.rediscluster.reconciler.redis.RedisConnections;
import io.github.rediscluster.reconciler.report.ClusterEvents;
import io.github.rediscluster.reconciler.report.ReconcilerMetrics;
import io.github.rediscluster.reconciler.spec.SpecStore;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;

/**
 * Another instance of the service under test, as a new process (a restart, a second replica of the Deployment) would
 * make it: a loop of its own, which starts from an empty memory, with reconcilers of its own, on the service's
 * clients and under {@code leadership}. For a {@code @QuarkusTest}.
 */
public final class ServiceInstances {

    private ServiceInstances() {
    }

    public static ReconcileLoop another(Leadership leadership) {
        ArcContainer beans = Arc.container();
        KubernetesClient client = beans.instance(KubernetesClient.class).get();
        return new ReconcileLoop(beans.instance(SpecStore.class).get(),
                new ClusterObjectsReconciler(new ResourceApplier(client, leadership), new VolumeGrowth(client, leadership),
                        new StatefulSetTakeOver(client, leadership), new WriteGate(false)),
                new TopologyReconciler(beans.instance(ClusterPods.class).get(), beans.instance(RedisConnections.class).get(),
                        beans.instance(ActionLog.class).get(), beans.instance(PodDiagnostics.class).get(),
                        beans.instance(RedisAuthSecret.class).get(),
                        beans.instance(RedisTlsSecret.class).get(), leadership, new PodRestarter(client), new WriteGate(false)),
                beans.instance(PodChangeTrigger.class).get(), leadership, beans.instance(ClusterEvents.class).get(),
                beans.instance(ReconcilerMetrics.class).get());
    }
}
