package io.reactortrack.recorder.internal;

import io.reactortrack.events.CallbackAttachedEvent;
import io.reactortrack.events.CallbackExecutedEvent;
import io.reactortrack.events.FutureChainedEvent;
import io.reactortrack.events.FutureFiredEvent;
import io.reactortrack.events.FutureTrackedEvent;
import io.reactortrack.events.PendingFutureEvent;
import io.reactortrack.events.UnhandledFailureEvent;

/**
 * Commits the Reactor Track JFR events. Fields are filled only after
 * {@code shouldCommit()} says a recording wants the event, so with no recording
 * running each call is an allocation the JIT removes and a flag test.
 */
public final class JfrEvents {

    private JfrEvents() {
    }

    /**
     * Whether a running recording wants any Reactor Track event. Checked before
     * anything is gathered for an event, on every tracked call.
     */
    public static boolean anyEnabled() {
        return new CallbackExecutedEvent().isEnabled()
                || new CallbackAttachedEvent().isEnabled()
                || new FutureFiredEvent().isEnabled()
                || new FutureTrackedEvent().isEnabled()
                || new FutureChainedEvent().isEnabled();
    }

    public static void tracked(long id, long parent, String name, String via) {
        FutureTrackedEvent e = new FutureTrackedEvent();
        if (e.shouldCommit()) {
            e.futureId = id;
            e.parentId = parent;
            e.name = name;
            e.via = via;
            e.commit();
        }
    }

    public static void attached(long id, long result, String callback, String errback, String method) {
        CallbackAttachedEvent e = new CallbackAttachedEvent();
        if (e.shouldCommit()) {
            e.futureId = id;
            e.resultId = result;
            e.callback = callback;
            e.errback = errback;
            e.method = method;
            e.commit();
        }
    }

    public static void chained(long id, long target) {
        FutureChainedEvent e = new FutureChainedEvent();
        if (e.shouldCommit()) {
            e.futureId = id;
            e.targetId = target;
            e.commit();
        }
    }

    public static void fired(long id, boolean success, boolean cancelled, String error) {
        FutureFiredEvent e = new FutureFiredEvent();
        if (e.shouldCommit()) {
            e.futureId = id;
            e.success = success;
            e.cancelled = cancelled;
            e.error = error;
            e.commit();
        }
    }

    public static void unhandled(long id, String name, String error, String origin) {
        UnhandledFailureEvent e = new UnhandledFailureEvent();
        if (e.shouldCommit()) {
            e.futureId = id;
            e.name = name;
            e.error = error;
            e.origin = origin;
            e.commit();
        }
    }

    public static void pending(long id, String name, long ageNanos, int dependents, String origin) {
        PendingFutureEvent e = new PendingFutureEvent();
        if (e.shouldCommit()) {
            e.futureId = id;
            e.name = name;
            e.age = ageNanos;
            e.dependents = dependents;
            e.origin = origin;
            e.commit();
        }
    }

    /**
     * Starts timing a callback run; returns null when no recording wants
     * {@code CallbackExecuted}, so the caller skips the rest.
     */
    public static CallbackExecutedEvent beginExecuted() {
        CallbackExecutedEvent e = new CallbackExecutedEvent();
        if (!e.isEnabled()) {
            return null;
        }
        e.begin();
        return e;
    }

    public static void endExecuted(CallbackExecutedEvent e, long id, String callback, boolean callbackPath,
                                   String error) {
        e.end();
        if (e.shouldCommit()) {
            e.futureId = id;
            e.callback = callback;
            e.callbackPath = callbackPath;
            e.failed = error != null;
            e.error = error;
            e.commit();
        }
    }
}
