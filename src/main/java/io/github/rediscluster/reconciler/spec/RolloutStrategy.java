package io.github.rediscluster.reconciler.spec;

/** Who restarts the redis pods when their template changes (the spec names them in any letter case). */
public enum RolloutStrategy {
    /** StatefulSet updateStrategy OnDelete; the reconciler deletes one pod at a time (see plan.RollingRestart). */
    RECONCILER,
    /** StatefulSet updateStrategy RollingUpdate: the controller rolls by itself, highest ordinal first. */
    STATEFULSET
}
