package io.github.rediscluster.reconciler.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.rediscluster.reconciler.apply.ApplyOutcome;
import io.github.rediscluster.reconciler.apply.ApplyOutcome.Action;
import io.github.rediscluster.reconciler.report.ClusterEvents.Notice;
import io.github.rediscluster.reconciler.observe.ObservedCluster;
import io.github.rediscluster.reconciler.plan.Refusal;
import io.github.rediscluster.reconciler.plan.RefusalReason;
import io.github.rediscluster.reconciler.plan.RedisCommand;
import io.github.rediscluster.reconciler.plan.TopologyPlan;
import io.github.rediscluster.reconciler.plan.TopologyStep;
import io.github.rediscluster.reconciler.testing.LogCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassNoticesTest {

    private static final ApplyOutcome SERVICE_UNCHANGED = new ApplyOutcome("Service ns/redis-service", Action.UNCHANGED, List.of(),
            List.of(), null);
    private static final ApplyOutcome STATEFULSET_REFUSED = new ApplyOutcome("StatefulSet ns/redis-app", Action.UNCHANGED, List.of(),
            List.of("spec.serviceName is immutable: delete the StatefulSet with --cascade=orphan"), null);

    private final Announced announced = new Announced();

    @Test
    void everyObjectWrittenIsOneNormalEvent() {
        List<Notice> told = of(pass(List.of(
                new ApplyOutcome("PersistentVolume nfs-pv1", Action.CREATED, List.of(), List.of(), null),
                new ApplyOutcome("Service ns/redis-service", Action.UPDATED, List.of("spec.ports", "spec.selector"), List.of(), null),
                SERVICE_UNCHANGED), List.of()));

        assertThat(told).containsExactly(
                new Notice("Created", "created PersistentVolume nfs-pv1", false),
                new Notice("Updated", "updated Service ns/redis-service: spec.ports, spec.selector differed from the spec", false));
    }

    @Test
    void steadyStateTellsNothing() {
        assertThat(of(pass(List.of(SERVICE_UNCHANGED), List.of()))).isEmpty();
        assertThat(of(pass(List.of(SERVICE_UNCHANGED), List.of()))).isEmpty();
    }

    @Test
    void aRefusalIsToldWhenItAppearsNotWhileItStaysAndAgainWhenItComesBack() {
        Notice refused = new Notice("ChangeRefused",
                "StatefulSet ns/redis-app: spec.serviceName is immutable: delete the StatefulSet with --cascade=orphan", true);

        assertThat(of(pass(List.of(STATEFULSET_REFUSED), List.of()))).containsExactly(refused);
        assertThat(of(pass(List.of(STATEFULSET_REFUSED), List.of()))).isEmpty();
        assertThat(of(pass(List.of(SERVICE_UNCHANGED), List.of()))).isEmpty();
        assertThat(of(pass(List.of(STATEFULSET_REFUSED), List.of()))).containsExactly(refused);
    }

    @Test
    void aFailedWriteAndWhatNeedsAHumanAreWarningsOnce() {
        ApplyOutcome failed = new ApplyOutcome("ConfigMap ns/redis-conf", Action.FAILED, List.of(), List.of(), "Forbidden");
        List<Refusal> human = List.of(new Refusal(RefusalReason.OPEN_SLOT_KEYS_ON_NON_OWNER, "slot 7",
                "redis-app-2, which holds 3 keys of it but does not own it"));

        assertThat(of(pass(List.of(failed), human))).containsExactly(
                new Notice("ApplyFailed", "could not apply ConfigMap ns/redis-conf: Forbidden", true),
                new Notice("OpenSlotKeysOnNonOwner", "slot 7 is open on redis-app-2, which holds 3 keys of it but does not own it: finish"
                        + " the migration by hand, e.g. with `redis-cli --cluster fix`", true));
        assertThat(of(pass(List.of(failed), human))).isEmpty();
    }

    @Test
    void aRedisSideThatCouldNotLookIsAWarningOnce() {
        PassReport unreachable = new PassReport(Instant.EPOCH, Duration.ZERO, List.of(),
                TopologyReport.failed("could not list the redis-server pods: Forbidden"));

        assertThat(of(unreachable)).containsExactly(
                new Notice("RedisUnreachable", "could not list the redis-server pods: Forbidden", true));
        assertThat(of(unreachable)).isEmpty();
    }

    @Test
    void theLogSaysAnObjectProblemWhenItAppearsAndThatAllConvergedWhenTheLastClears() {
        assertThat(logged(pass(List.of(SERVICE_UNCHANGED), List.of()))).as("converged from the start: no news").isEmpty();
        assertThat(logged(pass(List.of(STATEFULSET_REFUSED), List.of()))).containsExactly("WARN Not converged: StatefulSet"
                + " ns/redis-app: spec.serviceName is immutable: delete the StatefulSet with --cascade=orphan");
        assertThat(logged(pass(List.of(STATEFULSET_REFUSED), List.of()))).isEmpty();
        assertThat(logged(pass(List.of(SERVICE_UNCHANGED), List.of())))
                .containsExactly("INFO Converged: every object is as the spec wants it");
    }

    /** The announcer's lines about the objects (the Redis side of these passes has its own). */
    private List<String> logged(PassReport report) {
        try (LogCapture logs = LogCapture.start()) {
            announced.tell(PassNotices.objects(report));
            return logs.lines().stream().filter(line -> line.contains(Announcer.class.getName()))
                    .map(line -> line.replace(Announcer.class.getName() + " ", "")).toList();
        }
    }

    @Test
    void aDryRunTellsItsPlanOnceEachTimeItChanges() {
        TopologyStep rejoin = new TopologyStep(TopologyStep.Kind.REJOIN, "redis-app-0", "it came back on a new IP", List.of(
                new RedisCommand("redis-app-1", "10.0.0.2", List.of("CLUSTER", "MEET", "10.0.0.9", "6379")),
                new RedisCommand("redis-app-2", "10.0.0.3", List.of("CLUSTER", "MEET", "10.0.0.9", "6379"))));
        List<ApplyOutcome> objects = List.of(new ApplyOutcome("Service ns/redis-service", Action.WOULD_UPDATE,
                List.of("spec.publishNotReadyAddresses: (none) -> true"), List.of(), null), STATEFULSET_REFUSED);
        PassReport dry = new PassReport(Instant.EPOCH, Duration.ZERO, objects, TopologyReport.of(6,
                new ObservedCluster(List.of()), new TopologyPlan(List.of(rejoin), List.of(), List.of()), List.of(), false, 0), true);

        assertThat(DryRunPlan.of(dry)).containsExactly("would update Service ns/redis-service:",
                "  spec.publishNotReadyAddresses: (none) -> true",
                "would refuse StatefulSet ns/redis-app: spec.serviceName is immutable: delete the StatefulSet with --cascade=orphan",
                "Redis would REJOIN redis-app-0: it came back on a new IP:", "  redis-app-1: CLUSTER MEET 10.0.0.9 6379",
                "  redis-app-2: CLUSTER MEET 10.0.0.9 6379");
        assertThat(of(dry)).filteredOn(notice -> notice.reason().equals("DryRunPlan")).singleElement()
                .satisfies(notice -> assertThat(notice.message()).startsWith("dry run, nothing written; would: would update"));
        assertThat(of(dry)).as("the same plan again").noneMatch(notice -> notice.reason().equals("DryRunPlan"));
        PassReport other = new PassReport(Instant.EPOCH, Duration.ZERO, List.of(SERVICE_UNCHANGED), dry.topology(), true);
        assertThat(of(other)).as("another plan").filteredOn(notice -> notice.reason().equals("DryRunPlan")).hasSize(1);
        assertThat(of(pass(List.of(SERVICE_UNCHANGED), List.of()))).as("a pass that writes tells no plan")
                .noneMatch(notice -> notice.reason().equals("DryRunPlan"));
    }

    private List<Notice> of(PassReport report) {
        return announced.tell(PassNotices.of(Announced.SPEC, report));
    }

    private static PassReport pass(List<ApplyOutcome> outcomes, List<Refusal> needsHuman) {
        TopologyPlan plan = new TopologyPlan(List.of(), List.of(), needsHuman);
        return new PassReport(Instant.EPOCH, Duration.ZERO, outcomes,
                TopologyReport.of(6, new ObservedCluster(List.of()), plan, List.of(), false, 0));
    }
}
