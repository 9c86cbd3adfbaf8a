package io.github.rediscluster.reconciler.redis;

/** What a redis-server answered to the reconciler's AUTH. */
public enum PodAuth {
    /** It requires the password, and took it. */
    PROTECTED,
    /** It has no password configured yet (started before auth was on): the connection goes on without one. */
    NOT_PROTECTED
}
