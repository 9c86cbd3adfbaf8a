package io.github.rediscluster.reconciler.act;

import java.util.Optional;

/**
 * Asked before each step that writes to Redis (and before each phase of a slot move): may this pass still write? A
 * pass can outlive the Lease it started under (a slow MIGRATE, a slow API, a pause); the instance that took the
 * Lease over then runs passes of its own, and two actors would interleave SETSLOTs. A pass told to stop leaves what
 * it did as it is: the next leader plans from what the nodes show, as after any interruption.
 */
@FunctionalInterface
public interface Fence {

    /** Without leader election (one instance): never breached. */
    Fence OPEN = Optional::empty;

    /** Empty while this pass may write; otherwise why it must stop now. */
    Optional<String> breach();
}
