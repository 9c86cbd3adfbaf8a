package io.github.rediscluster.reconciler.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Counts the commands sent to redis-server pods by kind: the command, with its subcommand for CLUSTER and CONFIG. */
@ApplicationScoped
public class RedisCommandMeter {

    private static final Set<String> WITH_SUBCOMMAND = Set.of("CLUSTER", "CONFIG", "CLIENT");

    private final MeterRegistry registry;
    private final ClusterTags tags;

    public RedisCommandMeter(MeterRegistry registry, ClusterTags tags) {
        this.registry = registry;
        this.tags = tags;
    }

    public void sent(List<String> command) {
        ReconcilerMeter meter = ReconcilerMeter.REDIS_COMMANDS;
        Counter.builder(meter.meterName()).description(meter.description()).tags(tags.tags())
                .tag("command", kind(command)).register(registry).increment();
    }

    /** {@code CLUSTER SETSLOT 7 NODE id} is "CLUSTER SETSLOT"; {@code MIGRATE ...} is "MIGRATE". */
    static String kind(List<String> command) {
        String name = command.get(0).toUpperCase(Locale.ROOT);
        return WITH_SUBCOMMAND.contains(name) && command.size() > 1 ? name + " " + command.get(1).toUpperCase(Locale.ROOT) : name;
    }
}
