package io.github.rediscluster.reconciler.plan;

/** Something the planner will not change by itself, because doing so could lose data: it is for a human. */
public record Refusal(RefusalReason reason, String subject, String detail) implements Finding {

    public Refusal(RefusalReason reason, String subject) {
        this(reason, subject, "");
    }

    @Override
    public String eventReason() {
        return Finding.camelCase(reason);
    }

    @Override
    public String toString() {
        return text();
    }
}
