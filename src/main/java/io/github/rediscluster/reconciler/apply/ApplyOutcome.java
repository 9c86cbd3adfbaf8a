package io.github.rediscluster.reconciler.apply;

import java.util.List;

/**
 * What one "make this object look as desired" step did.
 *
 * @param object kind and name, e.g. {@code Service default/redis-service}
 * @param drifted the fields that were rewritten (empty unless UPDATED)
 * @param refused changes the API server would refuse, each with what the user can do
 * @param error why the step failed, or what it waits on (null unless FAILED or WAITING)
 */
public record ApplyOutcome(String object, Action action, List<String> drifted, List<String> refused, String error) {

    public enum Action {
        UNCHANGED,
        CREATED,
        UPDATED,
        /** A change under way that waits on something outside the service, e.g. a storage provider growing a volume. */
        WAITING,
        FAILED,
        /** Dry run: the object is missing and would be created; nothing was written. */
        WOULD_CREATE,
        /** Dry run: the object differs and would be rewritten ({@code drifted} says how); nothing was written. */
        WOULD_UPDATE
    }

    public ApplyOutcome {
        drifted = List.copyOf(drifted);
        refused = List.copyOf(refused);
    }

    static ApplyOutcome unchanged(String object, List<String> refused) {
        return new ApplyOutcome(object, Action.UNCHANGED, List.of(), refused, null);
    }

    static ApplyOutcome created(String object) {
        return new ApplyOutcome(object, Action.CREATED, List.of(), List.of(), null);
    }

    static ApplyOutcome updated(String object, List<String> drifted, List<String> refused) {
        return new ApplyOutcome(object, Action.UPDATED, drifted, refused, null);
    }

    static ApplyOutcome wouldCreate(String object) {
        return new ApplyOutcome(object, Action.WOULD_CREATE, List.of(), List.of(), null);
    }

    /** @param diff each field that would change, as {@code path: live -> wanted} */
    static ApplyOutcome wouldUpdate(String object, List<String> diff, List<String> refused) {
        return new ApplyOutcome(object, Action.WOULD_UPDATE, diff, refused, null);
    }

    /** A change a dry run found and did not make. */
    public boolean planned() {
        return action == Action.WOULD_CREATE || action == Action.WOULD_UPDATE;
    }

    static ApplyOutcome waiting(String object, String waitsOn) {
        return new ApplyOutcome(object, Action.WAITING, List.of(), List.of(), waitsOn);
    }

    static ApplyOutcome failed(String object, String error) {
        return new ApplyOutcome(object, Action.FAILED, List.of(), List.of(), error);
    }

    public boolean wrote() {
        return action == Action.CREATED || action == Action.UPDATED;
    }

    /** The object is as desired: nothing failed, nothing waits and nothing had to be refused. */
    public boolean converged() {
        return action != Action.FAILED && action != Action.WAITING && !planned() && refused.isEmpty();
    }
}
