package io.github.rediscluster.reconciler.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.github.rediscluster.reconciler.desired.RedisStatefulSet;
import io.github.rediscluster.reconciler.observe.PodDiagnosis;
import io.github.rediscluster.reconciler.observe.StartGrace;
import io.github.rediscluster.reconciler.spec.ClusterSpec;
import io.github.rediscluster.reconciler.testing.Specs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox's kubelet reports a crashed container's log tail as its termination message when the pod asks for it
 * (FallbackToLogsOnError, as the redis pods do), so the pod diagnosis can name a data directory it cannot write.
 */
class KubeletTerminationMessageTest {

    @TempDir
    Path directory;

    @Test
    void aCrashOnPermissionDeniedReachesThePodDiagnosisThroughTheStatus() throws Exception {
        ClusterSpec spec = Specs.classic();
        Pod pod = new PodBuilder().withNewMetadata().withName("redis-app-0").withUid("uid-0").endMetadata()
                .withSpec(RedisStatefulSet.desired(spec).getSpec().getTemplate().getSpec()).build();
        PodRuntime runtime = new PodRuntime("redis-app-0", "uid-0", directory, Instant.parse("2026-12-02T01:00:00Z"));
        Files.writeString(runtime.log(), "1:C 02 Dec 2026 01:07:18.213 # Configuration loaded\n"
                + "1:M 02 Dec 2026 01:07:18.214 # Can't open /var/lib/redis/nodes.conf in order to acquire a lock: Permission denied\n");
        runtime.startedAt = Instant.parse("2026-12-02T01:07:18Z");
        runtime.logsAsTerminationMessage = "FallbackToLogsOnError".equals(pod.getSpec().getContainers().get(0).getTerminationMessagePolicy());

        runtime.ended(1, "Error", Instant.parse("2026-12-02T01:07:19Z"), Instant.parse("2026-12-02T01:07:20Z"), "CrashLoopBackOff",
                "back-off 1s restarting failed container", Kubelet.terminationMessage(runtime.log()));
        Pod reported = new PodBuilder(pod).withStatus(Kubelet.status(pod, runtime)).build();

        assertThat(reported.getStatus().getContainerStatuses().get(0).getLastState().getTerminated().getMessage())
                .endsWith("in order to acquire a lock: Permission denied");
        assertThat(PodDiagnosis.diagnose(spec, List.of(reported), List.of(), List.of(), StartGrace.NONE)).singleElement()
                .satisfies(problem -> assertThat(problem.reason()).isEqualTo("DataNotWritable"));
    }
}
