package io.reactortrack.recorder;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import io.reactortrack.events.CallbackExecutedEvent;
import io.reactortrack.recorder.internal.ConcurrentStatsCounter;
import io.reactortrack.recorder.internal.Errors;
import io.reactortrack.recorder.internal.FutureIds;
import io.reactortrack.recorder.internal.JfrEvents;
import io.reactortrack.recorder.internal.MonOutLines;

/**
 * What every monitor does: decide whether anything is to be recorded, and
 * record it to JFR and, for {@link JsonMonitor}, to {@code mon.out} lines.
 *
 * <p>Every recording method swallows and counts its own failures: the tracer
 * is never allowed to throw into the application.
 */
abstract class BaseMonitor implements Monitor {

    /**
     * Test seam, never set in production: when not null it is called with the
     * name of the tracer step about to run, inside that step's failure guard,
     * and may throw to simulate a failing tracer. Package-private on purpose.
     */
    static volatile Consumer<String> faultInjector;

    private final boolean trackChained;
    private final ConcurrentStatsCounter stats = new ConcurrentStatsCounter();
    /** Whether unhandled failures are also printed on stderr; see {@link ReactorTrack#logUnhandledFailures}. */
    static volatile boolean logUnhandled = Boolean.getBoolean("reactortrack.logUnhandled");

    /** Null for monitors that only emit JFR events. */
    final MonOutLines lines;

    BaseMonitor(boolean trackChained, MonOutLines lines) {
        this.trackChained = trackChained;
        this.lines = lines;
        if (logUnhandled) {
            ExitReport.install();
        }
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
        TrackedFuture<T> t = TrackedFuture.create(this, name);
        future.whenComplete(t::mirror);
        return t;
    }

    @Override
    public final <T> TrackedFuture<T> newFuture(String name) {
        return TrackedFuture.create(this, name);
    }

    @Override
    public final List<PendingFuture> pending() {
        return LiveFutures.snapshot(this);
    }

    /**
     * Reports what is still open: every failure of this monitor's futures that
     * nobody observed (as {@code unhandled}), then every future still incomplete
     * (as {@code pending}). The monitor stays usable; what it reported here is
     * not reported again.
     */
    @Override
    public void close() {
        try {
            UnhandledWatch.reportAll(this);
            for (PendingFuture p : LiveFutures.snapshot(this)) {
                long age = p.age().toNanos();
                JfrEvents.pending(p.id(), p.name(), age, p.dependents(), p.origin());
                if (lines != null) {
                    lines.pending(p.id(), p.name(), age, p.dependents(), p.origin());
                }
            }
            LiveFutures.forget(this);
        } catch (Throwable e) {
            swallow(e);
        }
    }

    final void unhandled(long id, String name, String error, String origin) {
        try {
            JfrEvents.unhandled(id, name, error, origin);
            if (lines != null) {
                lines.unhandled(id, name, error, origin);
            }
            if (logUnhandled) {
                System.err.println("Unhandled failure in tracked future #" + id + (name != null ? " (" + name + ")" : "")
                        + ": " + error + (origin != null ? "\n  from " + origin.replace("\n", "\n       ") : ""));
            }
        } catch (Throwable e) {
            swallow(e);
        }
    }

    /**
     * The last error swallowed by the tracer, or null; for diagnosing a
     * non-zero {@link TrackStats#tracerErrors()}.
     */
    final Throwable lastTracerError() {
        return stats.lastError();
    }

    /** Lets {@link #faultInjector} fail the tracer step {@code step}; a volatile read otherwise. */
    static void probe(String step) {
        Consumer<String> f = faultInjector;
        if (f != null) {
            f.accept(step);
        }
    }

    final void swallow(Throwable error) {
        try {
            stats.recordError(error);
        } catch (Throwable ignored) {
            // Counting failed too; nothing more can be done without reaching user code.
        }
    }

    final long newId() {
        probe("newId");
        return FutureIds.next();
    }

    final void tracked(long id, long parent, String name, String via) {
        try {
            probe("tracked");
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
            probe("attached");
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
            probe("chained");
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
            probe("fired");
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
            probe("beginExecuted");
            return JfrEvents.beginExecuted();
        } catch (Throwable e) {
            swallow(e);
            return null;
        }
    }

    final void executed(CallbackExecutedEvent event, long startNanos, long id, String callback,
                        boolean callbackPath, Throwable thrown) {
        try {
            probe("executed");
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
