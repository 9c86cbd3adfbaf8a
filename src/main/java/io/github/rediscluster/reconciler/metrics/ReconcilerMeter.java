package io.github.rediscluster.reconciler.metrics;

import java.util.Locale;

/**
 * Every series the service exports of its own, under one prefix that redis_exporter does not use
 * ({@code redis_cluster_reconciler_}): the exporter's {@code redis_cluster_*} series come from CLUSTER INFO of one
 * node, and a name of ours among them would be summed with theirs. Each carries {@code cluster} and {@code namespace}
 * labels besides those named here. docs/operations.md lists them; a test holds the two lists equal.
 */
public enum ReconcilerMeter {

    PASSES(Type.COUNTER, "passes", "Reconcile passes run, by how they ended", "outcome"),
    PASS_DURATION(Type.TIMER, "pass.duration", "Wall time of a reconcile pass, objects and Redis Cluster"),
    STEPS(Type.COUNTER, "steps", "Changes a pass made: objects created or updated, Redis Cluster steps", "stage", "kind", "outcome"),
    KUBERNETES_REQUESTS(Type.COUNTER, "kubernetes.requests", "Requests sent to the Kubernetes API server",
            "verb", "resource", "code"),
    REDIS_COMMANDS(Type.COUNTER, "redis.commands", "Commands sent to the redis-server pods (AUTH aside)", "command"),
    LEADER(Type.GAUGE, "leader", "1 on the instance that holds the Lease and reconciles (always 1 without leader election)"),
    LAST_SUCCESSFUL_PASS_AGE(Type.GAUGE, "last.successful.pass.age.seconds",
            "Seconds since a pass last ended without a failure (NaN before the first)"),
    LAST_CONVERGED_PASS_AGE(Type.GAUGE, "last.converged.pass.age.seconds",
            "Seconds since a pass last found everything as the spec wants it (NaN before the first)"),
    CLUSTER_STATE_OK(Type.GAUGE, "cluster.state.ok", "1 when every expected pod answers and reports cluster_state:ok, else 0"),
    SLOTS_COVERED(Type.GAUGE, "slots.covered", "Slots owned by a master that answers (16384 when every slot is served)"),
    SLOTS_TO_MOVE(Type.GAUGE, "slots.to.move", "Slots not yet on the masters the spec wants (while masters change)"),
    NODES_KNOWN(Type.GAUGE, "nodes.known", "Distinct NodeIds the answering pods know, themselves included"),
    PODS_EXPECTED(Type.GAUGE, "pods.expected", "Pods the spec asks for: masters * (1 + replicas-per-master)"),
    PODS_ANSWERING(Type.GAUGE, "pods.answering", "redis-server pods that answered the last pass"),
    PODS_NOT_STARTING(Type.GAUGE, "pods.not.starting", "Pods the last pass found unable to start (see readiness for why)"),
    MASTERS_WITHOUT_REPLICA(Type.GAUGE, "masters.without.replica",
            "Masters owning slots that no answering replica follows, when the spec asks for replicas"),
    WAITS(Type.GAUGE, "waits", "What the last pass waits for, by reason (one series per reason the planner has)", "reason"),
    REFUSALS(Type.GAUGE, "refusals", "What the last pass refused to do (needs a human), by reason", "reason");

    /** The meter types, and what Micrometer's Prometheus registry appends to their names. */
    public enum Type {
        COUNTER("_total"), GAUGE(""), TIMER("_seconds");

        private final String suffix;

        Type(String suffix) {
            this.suffix = suffix;
        }
    }

    public static final String PREFIX = "redis.cluster.reconciler.";

    private final Type type;
    private final String name;
    private final String description;
    private final String[] labels;

    ReconcilerMeter(Type type, String name, String description, String... labels) {
        this.type = type;
        this.name = name;
        this.description = description;
        this.labels = labels;
    }

    /** The Micrometer name. */
    public String meterName() {
        return PREFIX + name;
    }

    public String description() {
        return description;
    }

    public Type type() {
        return type;
    }

    /** The name Prometheus sees (a timer's histogram adds {@code _bucket}, {@code _count} and {@code _sum} to it). */
    public String prometheusName() {
        return meterName().replace('.', '_').toLowerCase(Locale.ROOT) + type.suffix;
    }

    /** The labels of this meter besides {@code cluster} and {@code namespace}. */
    public String[] labels() {
        return labels.clone();
    }
}
