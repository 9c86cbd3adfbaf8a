package io.github.rediscluster.reconciler.redis;

/** What a redis-server answered to the reconciler's AUTH. */
public enum PodAuth {
    /** It knows the reconciler's own ACL user and took its password: the connection runs as that user. */
    AS_USER,
    /** It requires the password, and took it (the default user). */
    PROTECTED,
    /** It has no password configured yet (started before auth was on): the connection goes on without one. */
    NOT_PROTECTED
}
