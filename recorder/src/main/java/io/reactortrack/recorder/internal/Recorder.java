package io.reactortrack.recorder.internal;

import java.util.List;
import java.util.function.Consumer;

import io.reactortrack.events.CallbackAttachedEvent;
import io.reactortrack.events.CallbackExecutedEvent;
import io.reactortrack.events.FutureChainedEvent;
import io.reactortrack.events.FutureTrackedEvent;
import io.reactortrack.monout.MonOutWriter;
import io.reactortrack.recorder.TrackStats;

/**
 * What a monitor records to: the JFR events, and for a {@code JsonMonitor} its
 * {@code mon.out} lines, written together so that both say the same; the
 * monitor's counts; and the decision, made once per operation, of what is
 * recorded at all ({@link #mode()}).
 *
 * <p>Every method that records swallows and counts its own failures: the
 * tracer never throws into the application.
 */
public final class Recorder {

    /** Something records: tracked futures get a {@link Trace}, callbacks are wrapped. */
    public static final int ON = 1;
    /** Callback runs are timed ({@code CallbackExecuted} is on, or mon.out lines are kept). */
    public static final int EXECUTED = 2;
    /** Futures' lives are measured ({@code FutureCompleted} is on). */
    public static final int LIFE = 4;
    /** Pending futures are listed at the end of every chunk ({@code PendingFuture} is on). */
    public static final int PENDING = 8;
    /** mon.out lines are kept. */
    public static final int JSON = 16;
    /**
     * Where futures are tracked is captured for pending and unhandled reports
     * ({@code FutureTracked} is on, or mon.out lines are kept): a stack capture
     * costs microseconds, too much for the settings meant to stay on.
     */
    public static final int ORIGINS = 32;

    private static final int EVERYTHING = ON | EXECUTED | LIFE | PENDING | JSON | ORIGINS;

    /**
     * Test seam, never set in production: when not null it is called with the
     * name of the tracer step about to run, inside that step's failure guard,
     * and may throw to simulate a failing tracer.
     */
    public static volatile Consumer<String> faultInjector;

    private final Object owner;
    private final boolean trackChained;
    private final JsonLines lines;
    private final ConcurrentStatsCounter stats = new ConcurrentStatsCounter();

    /**
     * @param owner        the monitor this records for, handed back by {@link #owner()}
     * @param trackChained whether futures chained to a tracked one are tracked too
     * @param json         whether mon.out lines are kept in memory (a {@code JsonMonitor}):
     *                     then everything is recorded, recording or not
     */
    public Recorder(Object owner, boolean trackChained, boolean json) {
        this.owner = owner;
        this.trackChained = trackChained;
        this.lines = json ? new JsonLines() : null;
        if (JfrSwitch.logUnhandled()) {
            ExitReport.install();
        }
    }

    /** What is recorded right now: a combination of {@link #ON}, {@link #EXECUTED}, ... or 0 for nothing. */
    public int mode() {
        return lines != null ? EVERYTHING : JfrSwitch.mode();
    }

    /** The monitor this records for. */
    public Object owner() {
        return owner;
    }

    /** A new future id, for a stage about to be made. */
    public long nextId() {
        return newId();
    }

    public boolean trackChained() {
        return trackChained;
    }

    public TrackStats stats() {
        return stats.snapshot();
    }

    /** The last error swallowed by the tracer, or null; for diagnosing a non-zero tracer error count. */
    public Throwable lastError() {
        return stats.lastError();
    }

    /** The mon.out lines so far; empty for a monitor that keeps none. */
    public List<String> lines() {
        return lines == null ? List.of() : lines.snapshot();
    }

    /** Lets {@link #faultInjector} fail the tracer step {@code step}; a volatile read otherwise. */
    public static void probe(String step) {
        Consumer<String> f = faultInjector;
        if (f != null) {
            f.accept(step);
        }
    }

    public void swallow(Throwable error) {
        try {
            stats.recordError(error);
        } catch (Throwable ignored) {
            // Counting failed too; nothing more can be done without reaching user code.
        }
    }

    long newId() {
        probe("newId");
        return FutureIds.next();
    }

    /** A clock reading for mon.out lines and lifetimes, or 0 when no lines are kept. */
    long nanos() {
        return lines != null ? System.nanoTime() : 0;
    }

    /**
     * Records a future's tracking; returns the JFR event, filled in, for the
     * caller to commit (see {@link JfrEvents}), or null.
     */
    public FutureTrackedEvent tracked(long id, long parent, String name, String via) {
        try {
            probe("tracked");
            stats.recordTracked();
            if (lines != null) {
                lines.tracked(id, System.nanoTime(), name, parent, via);
            }
            return JfrEvents.tracked(id, parent, name, via);
        } catch (Throwable e) {
            swallow(e);
            return null;
        }
    }

    /**
     * Records the attaching of a callback to {@code id} (and to {@code other},
     * its second input, when not 0) making stage {@code result}; returns the
     * JFR event for the caller to commit, or null.
     */
    public CallbackAttachedEvent attached(long id, long result, long other, String callback, String errback,
                                          String method) {
        try {
            probe("attached");
            stats.recordAttached();
            if (other != 0) {
                stats.recordAttached();
            }
            if (result != 0 && result != id) {
                stats.recordTracked();
            }
            if (lines != null) {
                lines.attached(id, other, System.nanoTime(), callback, errback, method, result);
            }
            return JfrEvents.attached(id, result, other, callback, errback, method);
        } catch (Throwable e) {
            swallow(e);
            return null;
        }
    }

    /** Records that {@code id}'s result completes {@code target}; returns the JFR event to commit, or null. */
    public FutureChainedEvent chained(long id, long target) {
        try {
            probe("chained");
            if (lines != null) {
                lines.chained(id, System.nanoTime(), target);
            }
            return JfrEvents.chained(id, target);
        } catch (Throwable e) {
            swallow(e);
            return null;
        }
    }

    /** Commits an event the tracer itself is the natural place for; swallows any failure. */
    void commit(jdk.jfr.Event e) {
        if (e != null) {
            try {
                e.commit();
            } catch (Throwable t) {
                swallow(t);
            }
        }
    }

    /** Starts timing a callback run: the event, or null when no recording wants it. */
    CallbackExecutedEvent beginExecuted() {
        try {
            probe("beginExecuted");
            return JfrEvents.beginExecuted();
        } catch (Throwable e) {
            swallow(e);
            return null;
        }
    }

    /**
     * Records a callback run. When {@code completedStage} is not 0 the run's
     * value completed that stage, and this record says so: no other record of
     * the stage's completion is written.
     */
    void executed(CallbackExecutedEvent event, long startNanos, long id, long result, String callback,
                  boolean callbackPath, Throwable thrown, long completedStage) {
        try {
            probe("executed");
            stats.recordExecuted();
            if (completedStage != 0) {
                stats.recordFired();
            }
            String error = thrown == null ? null : Errors.describe(thrown);
            if (event != null) {
                JfrEvents.endExecuted(event, id, result, callback, callbackPath, error, completedStage != 0);
            }
            if (lines != null) {
                long now = System.nanoTime();
                lines.executed(id, now, callback, callbackPath, now - startNanos, Threads.current(), error,
                        completedStage);
            }
        } catch (Throwable e) {
            swallow(e);
        }
    }

    /** Records how a future completed, with an event of its own (not implied by a callback run). */
    void completed(Trace t, long id, Outcome o, String callback, boolean revised) {
        try {
            probe("completed");
            if (!revised) {
                stats.recordFired();
            }
            String error = o.success() ? null : Errors.describe(o.error);
            if (revised) {
                JfrEvents.revised(id, o.success(), o.cancelled, error);
            } else {
                JfrEvents.completed(t.life, id, t.name, o.success(), o.cancelled, error, callback,
                        o.success() ? null : t.originText());
            }
            if (lines != null) {
                long now = System.nanoTime();
                long lifetime = t.trackedNanos != 0 ? now - t.trackedNanos : MonOutWriter.UNKNOWN;
                lines.fired(id, now, o, t.name, callback, lifetime, revised);
            }
        } catch (Throwable e) {
            swallow(e);
        }
    }

    void unhandled(long id, String name, String error, String origin) {
        try {
            JfrEvents.unhandled(id, name, error, origin);
            if (lines != null) {
                lines.unhandled(id, System.nanoTime(), name, error, origin);
            }
            if (JfrSwitch.logUnhandled()) {
                System.err.println("Unhandled failure in tracked future #" + id + (name != null ? " (" + name + ")" : "")
                        + ": " + error + (origin != null ? "\n  from " + origin.replace("\n", "\n       ") : ""));
            }
        } catch (Throwable e) {
            swallow(e);
        }
    }

    void pending(long id, String name, long ageNanos, int dependents, String origin) {
        try {
            JfrEvents.pending(id, name, ageNanos, dependents, origin);
            if (lines != null) {
                lines.pending(id, System.nanoTime(), name, ageNanos, dependents, origin);
            }
        } catch (Throwable e) {
            swallow(e);
        }
    }

    /**
     * Reports what is still open for this recorder: every failure nobody
     * observed, then every future still incomplete; what it reports here is
     * not reported again.
     */
    public void close() {
        try {
            UnhandledWatch.reportAll(this);
            Registry.reportAndForget(this);
        } catch (Throwable e) {
            swallow(e);
        }
    }

    /** The futures of this recorder that have not completed, oldest first. */
    public List<Registry.Pending> pending() {
        return Registry.snapshot(this);
    }
}
