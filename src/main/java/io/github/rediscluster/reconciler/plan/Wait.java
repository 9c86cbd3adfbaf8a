package io.github.rediscluster.reconciler.plan;

/** Something not as the spec wants it yet that a later pass handles: the planner waits for it. */
public record Wait(WaitReason reason, String subject, String detail) implements Finding {

    public Wait(WaitReason reason, String subject) {
        this(reason, subject, "");
    }

    @Override
    public String eventReason() {
        return Finding.camelCase(reason);
    }

    /** Redis settles this by itself (gossip, a failover, a handshake): the next pass should look soon. */
    public boolean converging() {
        return reason.converging();
    }

    @Override
    public String toString() {
        return text();
    }
}
