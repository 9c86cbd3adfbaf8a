package io.github.rediscluster.reconciler.leader;

import java.util.Optional;

/**
 * Asked before each write a pass makes, to Redis (each step, each phase of a slot move) and to the API (each object
 * applied, each Event): may this pass still write? A pass can outlive the Lease it started under (a slow MIGRATE, a
 * slow API, a pause); the instance that took the Lease over then runs passes of its own, and two actors would
 * interleave SETSLOTs, or undo each other's objects. A pass told to stop leaves what it did as it is: the next leader
 * plans from what the nodes and the API show, as after any interruption. {@link Leadership} is the fence of a running
 * service.
 */
@FunctionalInterface
public interface Fence {

    /** Without leader election (one instance): never breached. */
    Fence OPEN = Optional::empty;

    /** Empty while this pass may write; otherwise why it must stop now. */
    Optional<String> breach();
}
