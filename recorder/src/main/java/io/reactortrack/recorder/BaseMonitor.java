package io.reactortrack.recorder;

import java.util.concurrent.CompletableFuture;

import io.reactortrack.events.CallbackExecutedEvent;
import io.reactortrack.recorder.internal.ConcurrentStatsCounter;
import io.reactortrack.recorder.internal.Errors;
import io.reactortrack.recorder.internal.FutureIds;
import io.reactortrack.recorder.internal.JfrEvents;
import io.reactortrack.recorder.internal.MonOutLines;
import io.reactortrack.recorder.internal.StatsCounter;

/**
 * What every monitor does: decide whether anything is to be recorded, and
 * record it to JFR and, for {@link JsonMonitor}, to {@code mon.out} lines.
 *
 * <p>Every recording method swallows and counts its own failures: the tracer
 * is never allowed to throw into the application.
 */
abstract class BaseMonitor implements Monitor {

    private final boolean trackChained;
    private final StatsCounter stats = new ConcurrentStatsCounter();
    /** Null for monitors that only emit JFR events. */
    final MonOutLines lines;

    BaseMonitor(boolean trackChained, MonOutLines lines) {
        this.trackChained = trackChained;
        this.lines = lines;
    }

    /**
     * Whether anything is recorded right now. Called on every tracked call
     * before any work, so it must be a few loads at most.
     */
    abstract boolean active();

    @Override
    public final boolean trackChained() {
        return trackChained;
    }

    @Override
    public final TrackStats stats() {
        return stats.snapshot();
    }

    @Override
    public final <T> TrackedFuture<T> track(CompletableFuture<T> future, String name) {
        if (future == null) {
            throw new NullPointerException("future");
        }
        if (future instanceof TrackedFuture) {
            TrackedFuture<T> t = (TrackedFuture<T>) future;
            t.adopt(this, 0, name, "track");
            return t;
        }
        TrackedFuture<T> t = new TrackedFuture<>();
        t.adopt(this, 0, name, "track");
        future.whenComplete(t::mirror);
        return t;
    }

    final void swallow(Throwable error) {
        try {
            stats.recordError(error);
        } catch (Throwable ignored) {
            // Counting failed too; nothing more can be done without reaching user code.
        }
    }

    final long newId() {
        return FutureIds.next();
    }

    final void tracked(long id, long parent, String name, String via) {
        try {
            stats.recordTracked();
            JfrEvents.tracked(id, parent, name, via);
            if (lines != null) {
                lines.tracked(id, parent, name, via);
            }
        } catch (Throwable e) {
            swallow(e);
        }
    }

    final void attached(long id, long result, String callback, String errback, String method) {
        try {
            stats.recordAttached();
            JfrEvents.attached(id, result, callback, errback, method);
            if (lines != null) {
                lines.attached(id, result, callback, errback, method);
            }
        } catch (Throwable e) {
            swallow(e);
        }
    }

    final void chained(long id, long target) {
        try {
            JfrEvents.chained(id, target);
            if (lines != null) {
                lines.chained(id, target);
            }
        } catch (Throwable e) {
            swallow(e);
        }
    }

    final void fired(long id, boolean success, boolean cancelled, Throwable error) {
        try {
            stats.recordFired();
            String described = success ? null : Errors.describe(error);
            JfrEvents.fired(id, success, cancelled, described);
            if (lines != null) {
                lines.fired(id, success, cancelled, described);
            }
        } catch (Throwable e) {
            swallow(e);
        }
    }

    /** Starts timing a callback run; the result goes back to {@link #executed}. */
    final CallbackExecutedEvent beginExecuted() {
        try {
            return JfrEvents.beginExecuted();
        } catch (Throwable e) {
            swallow(e);
            return null;
        }
    }

    final void executed(CallbackExecutedEvent event, long startNanos, long id, String callback,
                        boolean callbackPath, Throwable thrown) {
        try {
            long nanos = lines != null ? System.nanoTime() - startNanos : 0;
            stats.recordExecuted();
            String error = thrown == null ? null : Errors.describe(thrown);
            if (event != null) {
                JfrEvents.endExecuted(event, id, callback, callbackPath, error);
            }
            if (lines != null) {
                lines.executed(id, callback, callbackPath, nanos, Thread.currentThread().getName(), error);
            }
        } catch (Throwable e) {
            swallow(e);
        }
    }
}
