package io.reactortrack.recorder;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.reactortrack.events.CallbackAttachedEvent;
import io.reactortrack.events.FutureChainedEvent;
import io.reactortrack.events.FutureTrackedEvent;
import io.reactortrack.recorder.internal.FutureAccess;
import io.reactortrack.recorder.internal.Origin;
import io.reactortrack.recorder.internal.Outcome;
import io.reactortrack.recorder.internal.Recorder;
import io.reactortrack.recorder.internal.Registry;
import io.reactortrack.recorder.internal.Stages;
import io.reactortrack.recorder.internal.Trace;
import io.reactortrack.recorder.internal.Wrapper;

/**
 * A {@link CompletableFuture} whose life is recorded: Twisted's tracked
 * {@code Deferred}.
 *
 * <p>It behaves exactly like a plain {@code CompletableFuture}: the same
 * results, the same exceptions (with the same {@link CompletionException}
 * wrapping), callbacks run on the same threads, in the same order. Every stage
 * derived from it ({@code thenApply}, {@code handle}, {@code thenCompose}, ...)
 * is a tracked future too, so a pipeline built on a tracked future is tracked
 * end to end.
 *
 * <p>Get one from a {@link Monitor}: {@code monitor.track(future, "name")} or
 * {@code monitor.newFuture("name")}, or the JVM-wide {@link ReactorTrack#track}.
 * {@code new TrackedFuture<>()} makes a future that is not tracked yet: it
 * behaves like a plain one until a monitor tracks it, for example because a
 * tracked future is {@linkplain #chain chained} to it.
 *
 * <p>What is recorded, and when: see docs/mon-out.md. Each operation asks its
 * monitor once whether anything records; when nothing does ({@link JfrMonitor}
 * with no recording running) it allocates nothing for tracing.
 *
 * @param <T> the type of the value
 */
public class TrackedFuture<T> extends FutureBase<T> {

    private static final FutureAccess ACCESS = new Access();

    static {
        FutureAccess.install(ACCESS);
    }

    /*
     * Every overridden method commits its own events, in its own body, rather
     * than through a shared helper: JFR takes an event's stack trace where
     * commit() is called, so committing here makes the trace start at the
     * CompletableFuture method the application called, one frame above its
     * code, with no tracer frame in between. Hence the same four lines in
     * each of them.
     *
     * The stage an attaching method is about to make is reserved in the core's
     * thread-local slot (Stages.Reservation) and handed to
     * newIncompleteFuture(), which CompletableFuture calls on the same thread
     * before it can run the callback, so that the stage exists, with its id
     * and record, before anything can happen to it.
     */

    /** Null while not tracked. */
    private volatile Recorder recorder;
    /** Null until something is recorded about this future: nothing is allocated for tracing before. */
    private volatile Trace trace;
    /**
     * Whether anything looked at this future's outcome or took it over: a
     * dependent was attached, or join, get, getNow, isCompletedExceptionally
     * (resultNow, exceptionNow, state on JDK 19+) was called. A failure of a
     * future nobody observed is reported unhandled.
     */
    private volatile boolean observed;
    /** The name it was tracked under, kept here until a record needs it. */
    private String name;
    /** Whether it was tracked explicitly (track, newFuture, chain, compose): a root of a pipeline. */
    private boolean root;
    /**
     * Set while orTimeout/completeOnTimeout run on this future: a hint, read
     * without a fence, that the next whenComplete may be the JDK's timer
     * canceller; the thread-local reservation confirms it.
     */
    private boolean timerCall;
    /** Its place among the futures held while nothing records (Registry.hold), or 0. */
    private int held;

    /**
     * Creates an incomplete future that is not tracked yet. It behaves like
     * {@code new CompletableFuture<>()} until a monitor tracks it.
     */
    public TrackedFuture() {
    }

    private TrackedFuture(Recorder recorder) {
        this.recorder = recorder;
    }

    // ------------------------------------------------------------------ identity

    /**
     * The id this future carries in events and {@code mon.out} ({@code deferred}),
     * or 0 while nothing was recorded about it.
     */
    public final long id() {
        Trace t = trace;
        return t == null ? 0 : t.id();
    }

    /** The name given when it was tracked, or null. */
    public final String name() {
        return name;
    }

    /** The monitor tracking this future, or null while it is not tracked. */
    public final Monitor monitor() {
        Recorder r = recorder;
        return r == null ? null : (Monitor) r.owner();
    }

    final boolean isTracked() {
        return recorder != null;
    }

    /** The tracking event to commit in the method the application called, or null. */
    final FutureTrackedEvent takeAnnouncement() {
        Trace t = trace;
        return t == null ? null : t.takeAnnouncement();
    }

    /** A new future tracked by {@code r} from the start, as {@code track} does. */
    static <T> TrackedFuture<T> create(Recorder r, String name) {
        TrackedFuture<T> f = new TrackedFuture<>(r);
        f.name = name;
        f.root = true;
        int mode = r.mode();
        if (mode != 0) {
            f.start(r, mode, 0, name, "track");
        }
        return f;
    }

    /**
     * Starts tracking this future with {@code r}; does nothing when it is
     * tracked already. Safe against concurrent adoption: one monitor wins.
     */
    final void adopt(Recorder r, long parent, String name, String via) {
        synchronized (this) {
            if (recorder != null) {
                return;
            }
            this.name = name;
            this.root = true;
            recorder = r;
        }
        int mode = r.mode();
        if (mode != 0) {
            start(r, mode, parent, name, via);
        }
    }

    /**
     * Records the completion of a future tracked when it was done already;
     * called once its tracking event is committed, so that the record of its
     * tracking comes first.
     */
    final void settleIfDone() {
        Trace t = trace;
        if (t != null && !t.fired()) {
            Outcome done = rawOutcome();
            if (done != null) {
                try {
                    t.seen(this, done);
                } catch (Throwable e) {
                    t.recorder().swallow(e);
                }
            }
        }
    }

    /**
     * Starts this future's record; the caller made sure it has none, commits
     * its tracking event and then calls {@link #settleIfDone()}.
     */
    private Trace start(Recorder r, int mode, long parent, String name, String via) {
        try {
            Recorder.probe("adopt");
            boolean explicit = "track".equals(via);
            Origin origin = !explicit ? Origin.derived(via, null, parent)
                    : (mode & Recorder.ORIGINS) != 0 ? Origin.here() : null;
            Trace t = Trace.start(r, this, mode, name, parent, via, origin, true);
            trace = t;
            return t;
        } catch (Throwable e) {
            r.swallow(e);
            return null;
        }
    }

    /**
     * This future's record, made now if something records and it has none: a
     * future made while nothing recorded gets its {@code tracked} record when
     * something first happens to it during a recording.
     */
    private Trace traceFor(Recorder r, int mode) {
        Trace t = trace;
        if (t != null) {
            if (mode != 0) {
                t.announce(root ? "track" : "derived");
            }
            return t;
        }
        synchronized (this) {
            t = trace;
            if (t == null) {
                t = start(r, mode, 0, name, root ? "track" : "derived");
                if (t != null) {
                    t.commitAnnouncement();
                    settleIfDone();
                }
            }
        }
        return t;
    }

    // ------------------------------------------------------------------ observation

    /** Marks the outcome as taken over by a dependent attached to it. */
    private void markObserved() {
        if (!observed) {
            // A volatile write, not a release: see Trace.watchFailure for the other side.
            observed = true;
        }
        Trace t = trace;
        if (t != null) {
            t.observed();
        }
    }

    /** Marks the outcome as looked at by the application; records the completion if nothing did. */
    private void markInspected() {
        if (!observed) {
            observed = true;
        }
        Trace t = trace;
        if (t == null) {
            return;
        }
        try {
            t.observed();
            if (!t.fired() && isDone()) {
                t.seen(this, rawOutcome());
            }
        } catch (Throwable e) {
            t.recorder().swallow(e);
        }
    }

    /** A thread is about to block on this future: from now on a snapshot must be able to find it. */
    private void blocking() {
        Recorder r = recorder;
        if (r == null || isDone()) {
            return;
        }
        registerQuietly(r);
    }

    @Override
    final void inspected() {
        markInspected();
    }

    /**
     * Makes this future findable by snapshots while nothing records: a record
     * without a {@code tracked} line, and an entry among the pending futures.
     */
    private void registerQuietly(Recorder r) {
        try {
            synchronized (this) {
                if (trace != null) {
                    return;
                }
                Origin origin = root ? null : Origin.derived("stage", null, 0);
                Trace t = Trace.start(r, this, 0, name, 0, null, origin, false);
                trace = t;
                t.promote(this);
            }
        } catch (Throwable e) {
            r.swallow(e);
        }
    }

    /** How this future completed, read without marking it observed; null while incomplete. */
    final Outcome rawOutcome() {
        if (!isDone()) {
            return null;
        }
        try {
            super.getNow(null);
            return Outcome.SUCCESS;
        } catch (CancellationException e) {
            return Outcome.failure(Outcome.storedCancellation(e));
        } catch (CompletionException e) {
            return Outcome.failure(e);
        }
    }

    // ------------------------------------------------------------------ attaching

    /**
     * The mode to record an attaching call in, or 0 to attach as a plain
     * future does. Attaching a dependent takes the outcome over, so it is
     * marked observed first.
     */
    private int attaching(Object fn) {
        markObserved();
        Recorder r = recorder;
        if (r == null || fn == null) {
            return 0;
        }
        int mode = r.mode();
        if (mode == 0 && root && held == 0 && trace == null && !isDone()) {
            // Something now waits on this future: make it findable should it never complete.
            held = Registry.hold(this);
        }
        return mode;
    }

    private int attaching(Object fn, Object other) {
        return other == null ? attachingPlain() : attaching(fn);
    }

    /** For calls the JDK will refuse (a null argument): observed, nothing recorded. */
    private int attachingPlain() {
        markObserved();
        return 0;
    }

    @FunctionalInterface
    private interface Call<U> {
        CompletableFuture<U> with(Object callback);
    }

    /**
     * Lets {@code call} make the stage with the wrapped callback reserved in
     * {@code r}, or with the user's callback untouched when the tracer failed
     * to record ({@code r} null).
     */
    private <U> TrackedFuture<U> attach(Stages.Reservation r, Object fn, Call<U> call) {
        if (r == null) {
            return narrow(call.with(fn));
        }
        try {
            return narrow(call.with(r.wrapper));
        } finally {
            r.clear();
        }
    }

    private <U> TrackedFuture<U> attachEither(Stages.Reservation r, Object fn, Call<U> call) {
        if (r == null) {
            return either(call.with(fn), null);
        }
        Wrapper w = r.wrapper;
        try {
            return either(call.with(w), w);
        } finally {
            r.clear();
        }
    }

    /**
     * Records the attaching of {@code w} and reserves the stage it will
     * complete; the attached event comes back in the reservation, for the
     * overridden method to commit. Null when the tracer failed.
     */
    private Stages.Reservation reserve(int mode, Wrapper w, String method) {
        if (w == null) {
            return null;
        }
        Recorder rec = recorder;
        try {
            Recorder.probe("reserve");
            return Stages.reserve(ACCESS, this, rec, mode, w, method);
        } catch (Throwable e) {
            rec.swallow(e);
            return null;
        }
    }

    private Wrapper wrap(int mode, int kind, Object fn, CompletionStage<?> other) {
        Recorder r = recorder;
        try {
            return Stages.wrap(r, mode, this, traceFor(r, mode), kind, fn, other);
        } catch (Throwable e) {
            r.swallow(e);
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static <X> X as(Object o) {
        return (X) o;
    }

    /** Narrows a stage made by {@link #newIncompleteFuture()} on a public path: always a TrackedFuture. */
    @SuppressWarnings("unchecked")
    private static <U> TrackedFuture<U> narrow(CompletableFuture<U> f) {
        return (TrackedFuture<U>) f;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        Recorder r = recorder;
        if (r == null) {
            return new TrackedFuture<>();
        }
        int mode = r.mode();
        if (mode == 0) {
            return new TrackedFuture<>(r);
        }
        Stages.Reservation res = Stages.reservation();
        if (res.owner == this && res.internal) {
            // The tracer's own listener or relay, or the JDK's timer canceller: not a stage of the pipeline.
            return new CompletableFuture<>();
        }
        try {
            Recorder.probe("derive");
            if (res.owner == this && res.wrapper != null && res.made == null) {
                return reserved(res);
            }
            if (res.owner != null && res.wrapper != null && res.other == this && res.made == null) {
                // CompletableFuture makes an either-stage with this future, the other input, because it
                // completed first. The owner takes its reserved stage now, before the callback can run,
                // and relays this one into it (see either()).
                res.owner.newIncompleteFuture();
                return new CompletableFuture<>();
            }
            TrackedFuture<U> child = new TrackedFuture<>(r);
            Stages.derived(this, traceFor(r, mode), child, ACCESS, r, mode, "newIncompleteFuture");
            return child;
        } catch (Throwable e) {
            r.swallow(e);
            return new TrackedFuture<>(r);
        }
    }

    /** Makes the stage reserved by an attaching method, with the record the attached event announced. */
    private <U> TrackedFuture<U> reserved(Stages.Reservation res) {
        TrackedFuture<U> child = new TrackedFuture<>(recorder);
        Stages.stageMade(res, child, ACCESS);
        return child;
    }

    private void addDependent(CompletableFuture<?> stage, int mask, Trace.BothInputs both, boolean first) {
        Trace t = trace;
        if (t != null) {
            t.addDependent(this, stage, mask, both, first);
        }
    }

    /**
     * Makes sure the tracer hears of this stage's completion however it comes:
     * a listener of its own, which {@link #getNumberOfDependents()} and
     * {@link #toString()} do not count, for the stages whose completion no
     * record announces (either-stages, stages of a composed plain future).
     */
    final void listen() {
        Trace t = trace;
        if (t == null) {
            return;
        }
        Stages.Reservation res = Stages.reservation();
        CompletableFuture<?> owner = res.owner;
        boolean internal = res.internal;
        res.owner = this;
        res.internal = true;
        t.listening(+1);
        try {
            super.whenComplete((value, error) -> {
                t.listening(-1);
                try {
                    t.seen(this, Outcome.of(error));
                } catch (Throwable e) {
                    t.recorder().swallow(e);
                }
            });
        } finally {
            res.owner = owner;
            res.internal = internal;
        }
    }
    @Override
    public <U> TrackedFuture<U> thenApply(Function<? super T, ? extends U> fn) {
        int mode = attaching(fn);
        if (mode == 0) {
            return narrow(super.thenApply(fn));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.SUCCESS, fn, null), "thenApply");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, fn, cb -> super.thenApply(as(cb)));
    }

    @Override
    public <U> TrackedFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn) {
        int mode = attaching(fn);
        if (mode == 0) {
            return narrow(super.thenApplyAsync(fn));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.SUCCESS, fn, null), "thenApplyAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, fn, cb -> super.thenApplyAsync(as(cb)));
    }

    @Override
    public <U> TrackedFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn, Executor executor) {
        int mode = executor == null ? attachingPlain() : attaching(fn);
        if (mode == 0) {
            return narrow(super.thenApplyAsync(fn, executor));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.SUCCESS, fn, null), "thenApplyAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, fn, cb -> super.thenApplyAsync(as(cb), executor));
    }

    @Override
    public TrackedFuture<Void> thenAccept(Consumer<? super T> action) {
        int mode = attaching(action);
        if (mode == 0) {
            return narrow(super.thenAccept(action));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.SUCCESS, action, null), "thenAccept");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, action, cb -> super.thenAccept(as(cb)));
    }

    @Override
    public TrackedFuture<Void> thenAcceptAsync(Consumer<? super T> action) {
        int mode = attaching(action);
        if (mode == 0) {
            return narrow(super.thenAcceptAsync(action));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.SUCCESS, action, null), "thenAcceptAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, action, cb -> super.thenAcceptAsync(as(cb)));
    }

    @Override
    public TrackedFuture<Void> thenAcceptAsync(Consumer<? super T> action, Executor executor) {
        int mode = executor == null ? attachingPlain() : attaching(action);
        if (mode == 0) {
            return narrow(super.thenAcceptAsync(action, executor));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.SUCCESS, action, null), "thenAcceptAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, action, cb -> super.thenAcceptAsync(as(cb), executor));
    }

    @Override
    public TrackedFuture<Void> thenRun(Runnable action) {
        int mode = attaching(action);
        if (mode == 0) {
            return narrow(super.thenRun(action));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.SUCCESS, action, null), "thenRun");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, action, cb -> super.thenRun(as(cb)));
    }

    @Override
    public TrackedFuture<Void> thenRunAsync(Runnable action) {
        int mode = attaching(action);
        if (mode == 0) {
            return narrow(super.thenRunAsync(action));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.SUCCESS, action, null), "thenRunAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, action, cb -> super.thenRunAsync(as(cb)));
    }

    @Override
    public TrackedFuture<Void> thenRunAsync(Runnable action, Executor executor) {
        int mode = executor == null ? attachingPlain() : attaching(action);
        if (mode == 0) {
            return narrow(super.thenRunAsync(action, executor));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.SUCCESS, action, null), "thenRunAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, action, cb -> super.thenRunAsync(as(cb), executor));
    }

    @Override
    public <U> TrackedFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
        int mode = attaching(fn);
        if (mode == 0) {
            return narrow(super.thenCompose(fn));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.COMPOSE, fn, null), "thenCompose");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, fn, cb -> super.thenCompose(as(cb)));
    }

    @Override
    public <U> TrackedFuture<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn) {
        int mode = attaching(fn);
        if (mode == 0) {
            return narrow(super.thenComposeAsync(fn));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.COMPOSE, fn, null), "thenComposeAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, fn, cb -> super.thenComposeAsync(as(cb)));
    }

    @Override
    public <U> TrackedFuture<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn, Executor executor) {
        int mode = executor == null ? attachingPlain() : attaching(fn);
        if (mode == 0) {
            return narrow(super.thenComposeAsync(fn, executor));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.COMPOSE, fn, null), "thenComposeAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, fn, cb -> super.thenComposeAsync(as(cb), executor));
    }

    @Override
    public <U, V> TrackedFuture<V> thenCombine(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
        int mode = attaching(fn, other);
        if (mode == 0) {
            return narrow(super.thenCombine(other, fn));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.TWO, fn, other), "thenCombine");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, fn, cb -> super.thenCombine(other, as(cb)));
    }

    @Override
    public <U, V> TrackedFuture<V> thenCombineAsync(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
        int mode = attaching(fn, other);
        if (mode == 0) {
            return narrow(super.thenCombineAsync(other, fn));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.TWO, fn, other), "thenCombineAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, fn, cb -> super.thenCombineAsync(other, as(cb)));
    }

    @Override
    public <U, V> TrackedFuture<V> thenCombineAsync(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn, Executor executor) {
        int mode = executor == null ? attachingPlain() : attaching(fn, other);
        if (mode == 0) {
            return narrow(super.thenCombineAsync(other, fn, executor));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.TWO, fn, other), "thenCombineAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, fn, cb -> super.thenCombineAsync(other, as(cb), executor));
    }

    @Override
    public <U> TrackedFuture<Void> thenAcceptBoth(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
        int mode = attaching(action, other);
        if (mode == 0) {
            return narrow(super.thenAcceptBoth(other, action));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.TWO, action, other), "thenAcceptBoth");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, action, cb -> super.thenAcceptBoth(other, as(cb)));
    }

    @Override
    public <U> TrackedFuture<Void> thenAcceptBothAsync(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
        int mode = attaching(action, other);
        if (mode == 0) {
            return narrow(super.thenAcceptBothAsync(other, action));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.TWO, action, other), "thenAcceptBothAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, action, cb -> super.thenAcceptBothAsync(other, as(cb)));
    }

    @Override
    public <U> TrackedFuture<Void> thenAcceptBothAsync(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action, Executor executor) {
        int mode = executor == null ? attachingPlain() : attaching(action, other);
        if (mode == 0) {
            return narrow(super.thenAcceptBothAsync(other, action, executor));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.TWO, action, other), "thenAcceptBothAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, action, cb -> super.thenAcceptBothAsync(other, as(cb), executor));
    }

    @Override
    public TrackedFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
        int mode = attaching(action, other);
        if (mode == 0) {
            return narrow(super.runAfterBoth(other, action));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.TWO, action, other), "runAfterBoth");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, action, cb -> super.runAfterBoth(other, as(cb)));
    }

    @Override
    public TrackedFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) {
        int mode = attaching(action, other);
        if (mode == 0) {
            return narrow(super.runAfterBothAsync(other, action));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.TWO, action, other), "runAfterBothAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, action, cb -> super.runAfterBothAsync(other, as(cb)));
    }

    @Override
    public TrackedFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        int mode = executor == null ? attachingPlain() : attaching(action, other);
        if (mode == 0) {
            return narrow(super.runAfterBothAsync(other, action, executor));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.TWO, action, other), "runAfterBothAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, action, cb -> super.runAfterBothAsync(other, as(cb), executor));
    }

    @Override
    public <U> TrackedFuture<U> applyToEither(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        int mode = attaching(fn, other);
        if (mode == 0) {
            return either(super.applyToEither(other, fn), null);
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.EITHER, fn, other), "applyToEither");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attachEither(r, fn, cb -> super.applyToEither(other, as(cb)));
    }

    @Override
    public <U> TrackedFuture<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        int mode = attaching(fn, other);
        if (mode == 0) {
            return either(super.applyToEitherAsync(other, fn), null);
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.EITHER, fn, other), "applyToEitherAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attachEither(r, fn, cb -> super.applyToEitherAsync(other, as(cb)));
    }

    @Override
    public <U> TrackedFuture<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn, Executor executor) {
        int mode = executor == null ? attachingPlain() : attaching(fn, other);
        if (mode == 0) {
            return either(super.applyToEitherAsync(other, fn, executor), null);
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.EITHER, fn, other), "applyToEitherAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attachEither(r, fn, cb -> super.applyToEitherAsync(other, as(cb), executor));
    }

    @Override
    public TrackedFuture<Void> acceptEither(CompletionStage<? extends T> other, Consumer<? super T> action) {
        int mode = attaching(action, other);
        if (mode == 0) {
            return either(super.acceptEither(other, action), null);
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.EITHER, action, other), "acceptEither");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attachEither(r, action, cb -> super.acceptEither(other, as(cb)));
    }

    @Override
    public TrackedFuture<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action) {
        int mode = attaching(action, other);
        if (mode == 0) {
            return either(super.acceptEitherAsync(other, action), null);
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.EITHER, action, other), "acceptEitherAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attachEither(r, action, cb -> super.acceptEitherAsync(other, as(cb)));
    }

    @Override
    public TrackedFuture<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action, Executor executor) {
        int mode = executor == null ? attachingPlain() : attaching(action, other);
        if (mode == 0) {
            return either(super.acceptEitherAsync(other, action, executor), null);
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.EITHER, action, other), "acceptEitherAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attachEither(r, action, cb -> super.acceptEitherAsync(other, as(cb), executor));
    }

    @Override
    public TrackedFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
        int mode = attaching(action, other);
        if (mode == 0) {
            return either(super.runAfterEither(other, action), null);
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.EITHER, action, other), "runAfterEither");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attachEither(r, action, cb -> super.runAfterEither(other, as(cb)));
    }

    @Override
    public TrackedFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) {
        int mode = attaching(action, other);
        if (mode == 0) {
            return either(super.runAfterEitherAsync(other, action), null);
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.EITHER, action, other), "runAfterEitherAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attachEither(r, action, cb -> super.runAfterEitherAsync(other, as(cb)));
    }

    @Override
    public TrackedFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        int mode = executor == null ? attachingPlain() : attaching(action, other);
        if (mode == 0) {
            return either(super.runAfterEitherAsync(other, action, executor), null);
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.EITHER, action, other), "runAfterEitherAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attachEither(r, action, cb -> super.runAfterEitherAsync(other, as(cb), executor));
    }

    @Override
    public <U> TrackedFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
        int mode = attaching(fn);
        if (mode == 0) {
            return narrow(super.handle(fn));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.BOTH, fn, null), "handle");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, fn, cb -> super.handle(as(cb)));
    }

    @Override
    public <U> TrackedFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) {
        int mode = attaching(fn);
        if (mode == 0) {
            return narrow(super.handleAsync(fn));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.BOTH, fn, null), "handleAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, fn, cb -> super.handleAsync(as(cb)));
    }

    @Override
    public <U> TrackedFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn, Executor executor) {
        int mode = executor == null ? attachingPlain() : attaching(fn);
        if (mode == 0) {
            return narrow(super.handleAsync(fn, executor));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.BOTH, fn, null), "handleAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, fn, cb -> super.handleAsync(as(cb), executor));
    }

    @Override
    public TrackedFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action) {
        int mode = attaching(action);
        if (mode == 0) {
            return narrow(super.whenCompleteAsync(action));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.WHEN_COMPLETE, action, null), "whenCompleteAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, action, cb -> super.whenCompleteAsync(as(cb)));
    }

    @Override
    public TrackedFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action, Executor executor) {
        int mode = executor == null ? attachingPlain() : attaching(action);
        if (mode == 0) {
            return narrow(super.whenCompleteAsync(action, executor));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.WHEN_COMPLETE, action, null), "whenCompleteAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, action, cb -> super.whenCompleteAsync(as(cb), executor));
    }

    @Override
    public TrackedFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
        int mode = attaching(fn);
        if (mode == 0) {
            return narrow(super.exceptionally(fn));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.FAILURE, fn, null), "exceptionally");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, fn, cb -> super.exceptionally(as(cb)));
    }

    @Override
    public TrackedFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn) {
        int mode = attaching(fn);
        if (mode == 0) {
            return narrow(super.exceptionallyAsync(fn));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.FAILURE, fn, null), "exceptionallyAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, fn, cb -> super.exceptionallyAsync(as(cb)));
    }

    @Override
    public TrackedFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn, Executor executor) {
        int mode = executor == null ? attachingPlain() : attaching(fn);
        if (mode == 0) {
            return narrow(super.exceptionallyAsync(fn, executor));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.FAILURE, fn, null), "exceptionallyAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, fn, cb -> super.exceptionallyAsync(as(cb), executor));
    }

    @Override
    public TrackedFuture<T> exceptionallyCompose(Function<Throwable, ? extends CompletionStage<T>> fn) {
        int mode = attaching(fn);
        if (mode == 0) {
            return narrow(super.exceptionallyCompose(fn));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.FAILURE_COMPOSE, fn, null), "exceptionallyCompose");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, fn, cb -> super.exceptionallyCompose(as(cb)));
    }

    @Override
    public TrackedFuture<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn) {
        int mode = attaching(fn);
        if (mode == 0) {
            return narrow(super.exceptionallyComposeAsync(fn));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.FAILURE_COMPOSE, fn, null), "exceptionallyComposeAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, fn, cb -> super.exceptionallyComposeAsync(as(cb)));
    }

    @Override
    public TrackedFuture<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn, Executor executor) {
        int mode = executor == null ? attachingPlain() : attaching(fn);
        if (mode == 0) {
            return narrow(super.exceptionallyComposeAsync(fn, executor));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.FAILURE_COMPOSE, fn, null), "exceptionallyComposeAsync");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, fn, cb -> super.exceptionallyComposeAsync(as(cb), executor));
    }

    @Override
    public TrackedFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
        if (timerCall && isInternalCall()) {
            // orTimeout/completeOnTimeout adding the JDK's timer canceller: not a dependent of the pipeline.
            Trace t = trace;
            if (t != null) {
                t.internalDependent(+1);
            }
            super.whenComplete(action);
            return this;
        }
        int mode = attaching(action);
        if (mode == 0) {
            return narrow(super.whenComplete(action));
        }
        Stages.Reservation r = reserve(mode, wrap(mode, Wrapper.WHEN_COMPLETE, action, null), "whenComplete");
        CallbackAttachedEvent e = r == null ? null : r.takeEvent();
        if (e != null) {
            e.commit();
        }
        return attach(r, action, cb -> super.whenComplete(as(cb)));
    }

    /**
     * The stage an either-method made, as a TrackedFuture of this future.
     *
     * <p>When this future is incomplete and the other input is complete,
     * {@code CompletableFuture} makes the stage with the <em>other</em> input's
     * {@code newIncompleteFuture()} ({@code orApplyStage} calls
     * {@code b.uniApplyNow}): a plain {@code CompletableFuture} when the other
     * input is one, which this method cannot return, or a stage of another
     * monitor without the id the attached record announced. Such a stage is
     * relayed into a stage of this future, which completes with the same value
     * or the same exception object, on the same thread, right after it.
     *
     * @param made what {@code CompletableFuture} returned
     * @param w    the recorded callback, or null when nothing is recorded; its
     *             {@code stage} is the stage made with its reservation, if any
     */
    @SuppressWarnings("unchecked")
    private <U> TrackedFuture<U> either(CompletableFuture<U> made, Wrapper w) {
        if (made instanceof TrackedFuture) {
            TrackedFuture<U> t = (TrackedFuture<U>) made;
            if (w == null || w.stage() == made || (w.stage() == null && t.recorder == recorder)) {
                return t;
            }
        }
        TrackedFuture<U> mine = w != null && w.stage() != null ? (TrackedFuture<U>) w.stage()
                : (TrackedFuture<U>) newIncompleteFuture();
        if (made instanceof TrackedFuture) {
            TrackedFuture<U> t = (TrackedFuture<U>) made;
            t.markObserved(); // its outcome goes on to mine: not an unhandled failure of its own
            t.relayTo(mine);
        } else {
            made.whenComplete(mine::mirror);
        }
        return mine;
    }

    /** Completes this future as a source completed: its value, or its very exception object. */
    final void mirror(T value, Throwable error) {
        if (error == null) {
            complete(value);
        } else {
            completeExceptionally(error);
        }
    }

    // ------------------------------------------------------------------ inspection

    @Override
    public T join() {
        markInspected();
        if (!isDone()) {
            blocking();
        }
        try {
            return super.join();
        } finally {
            // Completed by another thread while this one waited: recorded before the caller sees it,
            // even when the completing thread has not yet written its record.
            afterWait();
        }
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        markInspected();
        if (!isDone()) {
            blocking();
        }
        try {
            return super.get();
        } finally {
            // Completed by another thread while this one waited: recorded before the caller sees it,
            // even when the completing thread has not yet written its record.
            afterWait();
        }
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        markInspected();
        if (!isDone()) {
            blocking();
        }
        try {
            return super.get(timeout, unit);
        } finally {
            // Completed by another thread while this one waited: recorded before the caller sees it,
            // even when the completing thread has not yet written its record.
            afterWait();
        }
    }

    private void afterWait() {
        Trace t = trace;
        if (t != null && isDone()) {
            markInspected();
            t.awaitRecorded();
        }
    }

    @Override
    public T getNow(T valueIfAbsent) {
        markInspected();
        return super.getNow(valueIfAbsent);
    }

    @Override
    public boolean isCompletedExceptionally() {
        markInspected();
        return super.isCompletedExceptionally();
    }

    @Override
    public CompletionStage<T> minimalCompletionStage() {
        // The minimal stage is a plain one: its dependents are out of sight, and take the outcome over.
        markObserved();
        return super.minimalCompletionStage();
    }

    /**
     * Stages waiting on this future, as {@code CompletableFuture} counts them;
     * the tracer's own listeners are not counted.
     */
    @Override
    public int getNumberOfDependents() {
        int n = super.getNumberOfDependents();
        Trace t = trace;
        return t == null ? n : Math.max(0, n - t.listeners());
    }

    @Override
    public String toString() {
        String s = super.toString();
        Trace t = trace;
        if (t == null || t.listeners() == 0 || !s.endsWith(" dependents]")) {
            return s;
        }
        // "[Not completed, N dependents]": the count without the tracer's listeners.
        int at = s.lastIndexOf("[Not completed, ");
        if (at < 0) {
            return s;
        }
        int n = getNumberOfDependents();
        return s.substring(0, at) + (n == 0 ? "[Not completed]" : "[Not completed, " + n + " dependents]");
    }

    // ------------------------------------------------------------------ completion

    @Override
    public boolean complete(T value) {
        boolean done = super.complete(value);
        if (done) {
            completedBySelf(Outcome.SUCCESS);
        }
        return done;
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        beforeFailure(ex != null);
        boolean done = super.completeExceptionally(ex);
        if (done) {
            completedBySelf(Outcome.failure(ex));
        }
        return done;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        beforeFailure(true);
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            completedBySelf(null);
        }
        return cancelled;
    }

    @Override
    public void obtrudeValue(T value) {
        super.obtrudeValue(value);
        obtruded(Outcome.SUCCESS);
    }

    @Override
    public void obtrudeException(Throwable ex) {
        beforeFailure(ex != null);
        super.obtrudeException(ex);
        obtruded(Outcome.failure(ex));
    }

    /** Before a failure from one of this future's own methods: see {@link Trace#beforeFailure}. */
    private void beforeFailure(boolean failing) {
        Trace t = trace;
        if (t != null && failing && !isDone()) {
            try {
                t.beforeFailure(this);
            } catch (Throwable e) {
                t.recorder().swallow(e);
            }
        }
    }

    /**
     * This future's own method completed it ({@code o} null: read it). When
     * nothing recorded it before, this is its record; a future made while
     * nothing recorded gets one if something records now.
     */
    private void completedBySelf(Outcome o) {
        Recorder r = recorder;
        if (r == null) {
            return;
        }
        if (held != 0) {
            Registry.release(this, held);
        }
        Trace t = trace;
        if (t == null) {
            int mode = r.mode();
            if (mode == 0) {
                return;
            }
            t = traceFor(r, mode);
            if (t == null) {
                return;
            }
        }
        try {
            t.completedBySelf(this, o != null ? o : rawOutcome());
        } catch (Throwable e) {
            r.swallow(e);
        }
    }

    private void obtruded(Outcome o) {
        Recorder r = recorder;
        if (r == null) {
            return;
        }
        if (held != 0 && isDone()) {
            Registry.release(this, held);
        }
        int mode = r.mode();
        Trace t = mode == 0 ? trace : traceFor(r, mode);
        if (t == null) {
            return;
        }
        try {
            t.obtruded(this, o);
        } catch (Throwable e) {
            r.swallow(e);
        }
    }

    @Override
    public TrackedFuture<T> completeAsync(Supplier<? extends T> supplier) {
        // What CompletableFuture does; calling super would come back here through the
        // two-argument override and wrap (and record) the supplier twice.
        return completeAsync(supplier, defaultExecutor());
    }

    @Override
    public TrackedFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
        Recorder r = recorder;
        int mode = r == null || supplier == null || executor == null ? 0 : r.mode();
        Wrapper w = null;
        CallbackAttachedEvent e = null;
        if (mode != 0) {
            try {
                Recorder.probe("supply");
                Trace t = traceFor(r, mode);
                if (t != null) {
                    w = Wrapper.supplier(r, mode, this, t.id(), supplier);
                    e = r.attached(t.id(), t.id(), 0, w.callbackName(), null, "completeAsync");
                }
            } catch (Throwable x) {
                r.swallow(x);
                w = null;
            }
        }
        if (e != null) {
            e.commit();
        }
        super.completeAsync(w == null ? supplier : as(w), executor);
        return this;
    }

    @Override
    public TrackedFuture<T> orTimeout(long timeout, TimeUnit unit) {
        // The timeout completes this future through completeExceptionally, which records it; the JDK's
        // timer canceller (a whenComplete on this future) is neither a callback nor a dependent.
        Stages.Reservation res = Stages.reservation();
        CompletableFuture<?> owner = res.owner;
        boolean internal = res.internal;
        res.owner = this;
        res.internal = true;
        timerCall = true;
        try {
            super.orTimeout(timeout, unit);
        } finally {
            timerCall = false;
            res.owner = owner;
            res.internal = internal;
        }
        return this;
    }

    @Override
    public TrackedFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
        Stages.Reservation res = Stages.reservation();
        CompletableFuture<?> owner = res.owner;
        boolean internal = res.internal;
        res.owner = this;
        res.internal = true;
        timerCall = true;
        try {
            super.completeOnTimeout(value, timeout, unit);
        } finally {
            timerCall = false;
            res.owner = owner;
            res.internal = internal;
        }
        return this;
    }

    private boolean isInternalCall() {
        Stages.Reservation res = Stages.reservation();
        return res.owner == this && res.internal;
    }

    @Override
    public TrackedFuture<T> copy() {
        markObserved();
        Recorder r = recorder;
        int mode = r == null ? 0 : r.mode();
        if (mode == 0) {
            return narrow(super.copy());
        }
        Trace t = traceFor(r, mode);
        try {
            Recorder.probe("copy");
            if (t != null) {
                t.attaching(this);
            }
        } catch (Throwable e) {
            r.swallow(e);
        }
        TrackedFuture<T> copy = narrow(super.copy());
        try {
            Stages.copied(this, t, copy, copy.trace);
        } catch (Throwable e) {
            r.swallow(e);
        }
        return copy;
    }

    // ------------------------------------------------------------------ chaining

    /**
     * Completes {@code target} with this future's outcome: its value, or its
     * exception object as stored (Twisted's {@code chainDeferred}). Returns this
     * future, whose own outcome is unchanged.
     *
     * <p>When the monitor tracks chained futures, a {@code TrackedFuture} target
     * that is not tracked yet becomes tracked ("chained"), so the callbacks
     * added to it afterwards are recorded. Any other target is recorded as a
     * chained future that fires when this one completes it.
     *
     * @param target the future to complete
     * @return this future
     */
    public TrackedFuture<T> chain(CompletableFuture<? super T> target) {
        Objects.requireNonNull(target, "target");
        markObserved();
        Recorder r = recorder;
        int mode = r == null ? 0 : r.mode();
        Trace plainTarget = null;
        TrackedFuture<?> adoptedTarget = null;
        FutureTrackedEvent tracked = null;
        FutureChainedEvent chained = null;
        if (r != null) {
            try {
                Recorder.probe("chain");
                Trace t = mode == 0 ? null : traceFor(r, mode);
                long id = t == null ? 0 : t.id();
                if (t != null) {
                    t.attaching(this);
                }
                if (target instanceof TrackedFuture) {
                    TrackedFuture<?> tt = (TrackedFuture<?>) target;
                    if (r.trackChained()) {
                        tt.adopt(r, id, null, "chained");
                        tracked = tt.takeAnnouncement();
                        adoptedTarget = tt;
                    }
                    if (t != null) {
                        Trace targetTrace = tt.trace;
                        chained = r.chained(id, targetTrace == null ? 0 : targetTrace.id());
                    }
                } else if (t != null) {
                    if (r.trackChained()) {
                        plainTarget = Trace.start(r, target, mode, null, id, "chained",
                                Origin.derived("chain", null, id), true);
                        tracked = plainTarget.takeAnnouncement();
                    }
                    chained = r.chained(id, plainTarget == null ? 0 : plainTarget.id());
                }
            } catch (Throwable e) {
                r.swallow(e);
            }
        }
        // Committed here, so that their stack traces start at the caller of chain.
        if (tracked != null) {
            tracked.commit();
        }
        if (adoptedTarget != null) {
            adoptedTarget.settleIfDone();
        }
        if (chained != null) {
            chained.commit();
        }
        relayTo(target, plainTarget);
        return this;
    }

    private void relayTo(CompletableFuture<? super T> target) {
        relayTo(target, null);
    }

    /** Passes this future's outcome on to {@code target}; the relay is the tracer's, not a stage of the pipeline. */
    private void relayTo(CompletableFuture<? super T> target, Trace plainTarget) {
        Stages.Reservation res = Stages.reservation();
        CompletableFuture<?> owner = res.owner;
        boolean internal = res.internal;
        res.owner = this;
        res.internal = true;
        try {
            super.whenComplete((value, error) -> {
                witnessed(error);
                boolean done = error == null ? target.complete(value) : target.completeExceptionally(error);
                if (done && plainTarget != null) {
                    try {
                        plainTarget.completedBySelf(target, Outcome.of(error));
                    } catch (Throwable e) {
                        plainTarget.recorder().swallow(e);
                    }
                }
            });
        } finally {
            res.owner = owner;
            res.internal = internal;
        }
    }

    /** This future's relay runs with its outcome: record it first, so that it comes before the target's. */
    private void witnessed(Throwable error) {
        Trace t = trace;
        if (t != null && !t.fired()) {
            try {
                t.seen(this, Outcome.of(error));
            } catch (Throwable e) {
                t.recorder().swallow(e);
            }
        }
    }

    /** What the tracer reads of tracked futures; see {@link FutureAccess}. */
    private static final class Access implements FutureAccess {
        @Override
        public boolean owns(CompletableFuture<?> f) {
            return f instanceof TrackedFuture;
        }

        @Override
        public Trace trace(CompletableFuture<?> f) {
            return ((TrackedFuture<?>) f).trace;
        }

        @Override
        public Outcome outcome(CompletableFuture<?> f) {
            return ((TrackedFuture<?>) f).rawOutcome();
        }

        @Override
        public int dependents(CompletableFuture<?> f) {
            return ((TrackedFuture<?>) f).rawDependents();
        }

        @Override
        public boolean observed(CompletableFuture<?> f) {
            return ((TrackedFuture<?>) f).observed;
        }

        @Override
        public void observe(CompletableFuture<?> f) {
            ((TrackedFuture<?>) f).markObserved();
        }

        @Override
        public Trace adopt(CompletableFuture<?> f, Recorder rec, int mode, long parent, String via) {
            TrackedFuture<?> t = (TrackedFuture<?>) f;
            t.adopt(rec, parent, null, via);
            Trace tr = t.trace;
            if (tr != null) {
                tr.commitAnnouncement();
                t.settleIfDone();
            }
            return tr;
        }

        @Override
        public void listen(CompletableFuture<?> f) {
            ((TrackedFuture<?>) f).listen();
        }

        @Override
        public void findable(CompletableFuture<?> f) {
            TrackedFuture<?> t = (TrackedFuture<?>) f;
            Trace tr = t.trace;
            if (tr != null) {
                tr.promote(f);
                return;
            }
            Recorder r = t.recorder;
            if (r != null) {
                t.registerQuietly(r);
            }
        }

        @Override
        public Trace traceFor(CompletableFuture<?> f, Recorder rec, int mode) {
            TrackedFuture<?> t = (TrackedFuture<?>) f;
            Recorder r = t.recorder;
            return r == null ? null : t.traceFor(r, mode);
        }

        @Override
        public void made(CompletableFuture<?> stage, Recorder rec, Trace t) {
            ((TrackedFuture<?>) stage).trace = t;
        }
    }

    /** {@code CompletableFuture}'s own count, the tracer's listeners included. */
    private int rawDependents() {
        return super.getNumberOfDependents();
    }
}
