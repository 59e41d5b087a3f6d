package io.reactortrack.recorder.internal;

import io.reactortrack.events.CallbackAttachedEvent;
import io.reactortrack.events.CallbackExecutedEvent;
import io.reactortrack.events.FutureChainedEvent;
import io.reactortrack.events.FutureCompletedEvent;
import io.reactortrack.events.FutureFailedEvent;
import io.reactortrack.events.FutureRevisedEvent;
import io.reactortrack.events.FutureTrackedEvent;
import io.reactortrack.events.PendingFutureEvent;
import io.reactortrack.events.UnhandledFailureEvent;

/**
 * Commits the Reactor Track JFR events: the only code that fills them in, used
 * by the tracer and by the tools that write recordings for tests. Fields are
 * filled only after {@code shouldCommit()} says a recording wants the event,
 * so a disabled event costs an allocation the JIT removes and a flag test.
 */
public final class JfrEvents {

    private JfrEvents() {
    }

    /*
     * The events with a stack trace (tracked, attached, chained) come filled in
     * and not committed: the method the application called commits them itself,
     * so that their stack trace starts at the caller's frame rather than at the
     * tracer's. JFR's public API has no way to skip frames.
     */

    /** A filled {@code FutureTracked} event to commit, or null when no recording wants it. */
    public static FutureTrackedEvent tracked(long id, long parent, String name, String via) {
        FutureTrackedEvent e = new FutureTrackedEvent();
        if (!e.shouldCommit()) {
            return null;
        }
        e.futureId = id;
        e.parentId = parent;
        e.name = name;
        e.via = via;
        return e;
    }

    /** A filled {@code CallbackAttached} event to commit, or null when no recording wants it. */
    public static CallbackAttachedEvent attached(long id, long result, long other, String callback, String errback,
                                                 String method) {
        CallbackAttachedEvent e = new CallbackAttachedEvent();
        if (!e.shouldCommit()) {
            return null;
        }
        e.futureId = id;
        e.resultId = result;
        e.otherId = other;
        e.callback = callback;
        e.errback = errback;
        e.method = method;
        return e;
    }

    /** A filled {@code FutureChained} event to commit, or null when no recording wants it. */
    public static FutureChainedEvent chained(long id, long target) {
        FutureChainedEvent e = new FutureChainedEvent();
        if (!e.shouldCommit()) {
            return null;
        }
        e.futureId = id;
        e.targetId = target;
        return e;
    }

    /**
     * Starts timing a callback run; null when no recording wants
     * {@code CallbackExecuted}, so that the caller skips the rest.
     */
    public static CallbackExecutedEvent beginExecuted() {
        CallbackExecutedEvent e = new CallbackExecutedEvent();
        if (!e.isEnabled()) {
            return null;
        }
        e.begin();
        return e;
    }

    /** Ends a callback run begun with {@link #beginExecuted()} and commits it if it passes the threshold. */
    public static void endExecuted(CallbackExecutedEvent e, long id, long result, String callback,
                                   boolean callbackPath, String error, boolean completesStage) {
        e.end();
        if (e.shouldCommit()) {
            e.futureId = id;
            e.resultId = result;
            e.callback = callback;
            e.callbackPath = callbackPath;
            e.failed = error != null;
            e.error = error;
            e.completesStage = completesStage;
            e.commit();
        }
    }

    /**
     * Starts measuring a future's life: the event that will say how it
     * completed, begun now. Null when no recording wants
     * {@code FutureCompleted}.
     */
    public static FutureCompletedEvent beginLife() {
        FutureCompletedEvent e = new FutureCompletedEvent();
        if (!e.isEnabled()) {
            return null;
        }
        e.begin();
        return e;
    }

    /**
     * Writes how a future completed, once: as {@code FutureCompleted} (its
     * duration the life begun with {@link #beginLife()}, or none when
     * {@code life} is null) when that passes its threshold, else, for a
     * failure, as {@code FutureFailed}. Returns whether an event was committed.
     */
    public static boolean completed(FutureCompletedEvent life, long id, String name, boolean success,
                                    boolean cancelled, String error, String callback, String origin) {
        FutureCompletedEvent e = life != null ? life : new FutureCompletedEvent();
        e.end();
        if (e.shouldCommit()) {
            e.futureId = id;
            e.name = name;
            e.success = success;
            e.cancelled = cancelled;
            e.error = error;
            e.callback = callback;
            e.commit();
            return true;
        }
        if (success) {
            return false;
        }
        FutureFailedEvent f = new FutureFailedEvent();
        if (f.shouldCommit()) {
            f.futureId = id;
            f.name = name;
            f.cancelled = cancelled;
            f.error = error;
            f.callback = callback;
            f.origin = origin;
            f.commit();
            return true;
        }
        return false;
    }

    /** Writes that a future's recorded completion is replaced by this one. */
    public static void revised(long id, boolean success, boolean cancelled, String error) {
        FutureRevisedEvent e = new FutureRevisedEvent();
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
}
