package io.reactortrack.recorder;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
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

import io.reactortrack.recorder.internal.Errors;

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
 * <p>What is recorded, and when: see docs/mon-out.md. Nothing is recorded while
 * the monitor is inactive ({@link JfrMonitor} with no recording running).
 *
 * @param <T> the type of the value
 */
public class TrackedFuture<T> extends CompletableFuture<T> {

    static final int ON_SUCCESS = 1;
    static final int ON_FAILURE = 2;

    /** The outcome of a future that completed normally. */
    static final Object SUCCEEDED = new Object();
    private static final Object CLOSED = new Object();
    private static final CancellationException CANCELLED = new CancellationException();

    /** The outcome of a future that completed exceptionally. */
    static final class Failure {
        final Throwable error;
        final boolean cancelled;

        Failure(Throwable error, boolean cancelled) {
            this.error = error;
            this.cancelled = cancelled;
        }
    }

    /** A stage that takes this future's outcome, on the outcomes in {@code mask}, without running anything. */
    private static final class Dependent {
        final TrackedFuture<?> future;
        final int mask;
        /** Set for the stage of a two-input method (thenCombine and friends); null otherwise. */
        final BothInputs both;
        /** Whether this future is the first input of {@link #both}. */
        final boolean first;
        Dependent next;

        Dependent(TrackedFuture<?> future, int mask, BothInputs both, boolean first) {
            this.future = future;
            this.mask = mask;
            this.both = both;
            this.first = first;
        }
    }

    /**
     * The inputs of a thenCombine-like stage. {@code CompletableFuture} completes
     * such a stage only once both inputs have completed, with the failure of the
     * first input if it failed, else that of the second; when both succeed the
     * callback runs and records the outcome itself. So the stage's outcome is
     * known only once both outcomes are.
     */
    private static final class BothInputs {
        /** The second input when it is not a tracked future: looked at, never changed. */
        private final CompletableFuture<?> untrackedSecond;
        private Object first;
        private Object second;

        BothInputs(CompletableFuture<?> untrackedSecond) {
            this.untrackedSecond = untrackedSecond;
        }

        /** Notes one input's outcome; returns the stage's outcome once it is known to be a failure, else null. */
        synchronized Object arrive(boolean isFirst, Object outcome) {
            if (isFirst) {
                first = outcome;
            } else {
                second = outcome;
            }
            if (second == null && untrackedSecond != null) {
                second = outcomeOf(untrackedSecond);
            }
            if (first == null || second == null) {
                return null;
            }
            if (first != SUCCEEDED) {
                return derive(first);
            }
            return second != SUCCEEDED ? derive(second) : null;
        }
    }

    /** The outcome of a future, read without changing it; null while incomplete or when it cannot be read. */
    private static Object outcomeOf(CompletableFuture<?> f) {
        try {
            if (!f.isDone()) {
                return null;
            }
            if (!f.isCompletedExceptionally()) {
                return SUCCEEDED;
            }
            f.getNow(null);
            return SUCCEEDED;
        } catch (CancellationException e) {
            return new Failure(e, true);
        } catch (CompletionException e) {
            return new Failure(e.getCause() != null ? e.getCause() : e, false);
        } catch (UnsupportedOperationException e) {
            // A minimal stage says nothing about itself.
            return null;
        }
    }

    /**
     * Hands a pre-allocated id and the wrapped callback from an attaching
     * method to {@link #newIncompleteFuture()}, which {@code CompletableFuture}
     * calls on the same thread before it can run the callback. That lets the
     * attached event name the result stage before the stage exists.
     */
    private static final class Reservation {
        TrackedFuture<?> owner;
        long childId;
        Traced callback;
        String method;
        int mask;
        boolean untracked;
        /** The calls the JDK makes on {@link #owner} from inside one of its own methods (orTimeout's whenComplete). */
        boolean internal;

        void clear() {
            owner = null;
            callback = null;
            untracked = false;
            internal = false;
        }
    }

    private static final ThreadLocal<Reservation> RESERVATION = ThreadLocal.withInitial(Reservation::new);

    private static final VarHandle MONITOR;
    private static final VarHandle ID;
    private static final VarHandle BOOK;
    private static final VarHandle FIRED;
    private static final VarHandle DEPENDENTS;
    private static final VarHandle OBSERVED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            MONITOR = l.findVarHandle(TrackedFuture.class, "monitor", BaseMonitor.class);
            ID = l.findVarHandle(TrackedFuture.class, "id", long.class);
            BOOK = l.findVarHandle(TrackedFuture.class, "book", Book.class);
            FIRED = l.findVarHandle(Book.class, "fired", Object.class);
            DEPENDENTS = l.findVarHandle(Book.class, "dependents", Object.class);
            OBSERVED = l.findVarHandle(TrackedFuture.class, "observed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Null while not tracked. */
    private volatile BaseMonitor monitor;
    /** 0 until something needs it: ids are given out only while recording. */
    private volatile long id;
    /**
     * Whether anything looked at this future's outcome or took it over: a
     * dependent was attached, or join, get, getNow or isCompletedExceptionally
     * was called. A failure of a future nobody observed is reported unhandled.
     */
    private volatile boolean observed;
    /**
     * What is recorded about this future, made when something is first
     * recorded: a future made while nothing records is a few bytes bigger than
     * a plain one, not a few dozen (allocation is most of the cost of a stage).
     */
    private volatile Book book;

    /** The bookkeeping of a future something was recorded about. */
    static final class Book {
        volatile String name;
        /** Null until the fired event is written: {@link #SUCCEEDED} or a {@link Failure}. */
        volatile Object fired;
        /** A stack of {@link Dependent}s, or {@link #CLOSED} once fired. */
        volatile Object dependents;
        /** The stage this one takes its outcome from when its callback does not run; cleared once fired. */
        TrackedFuture<?> propagatedFrom;
        int propagationMask;
        /** Set when the future failed unobserved: reports the failure unless it is observed later. */
        volatile UnhandledWatch watch;
        /** Where the future came from, for pending and unhandled reports. */
        Origin origin;
        /** Its entry among the live futures while it is pending. */
        LiveFutures.Entry live;
    }

    /** The bookkeeping, made on first use. */
    private Book book() {
        Book b = book;
        if (b != null) {
            return b;
        }
        Book fresh = new Book();
        Book won = (Book) BOOK.compareAndExchange(this, null, fresh);
        return won == null ? fresh : won;
    }

    private Object firedOutcome() {
        Book b = book;
        return b == null ? null : b.fired;
    }

    /**
     * Creates an incomplete future that is not tracked yet. It behaves like
     * {@code new CompletableFuture<>()} until a monitor tracks it.
     */
    public TrackedFuture() {
    }

    TrackedFuture(BaseMonitor monitor, long id) {
        // Release stores, not volatile ones: nothing can see this future before
        // the constructor returns, and a volatile store costs a full fence on
        // every derived stage (measured: bench/, CallbackBench).
        MONITOR.setRelease(this, monitor);
        if (id != 0) {
            ID.setRelease(this, id);
        }
    }

    // ------------------------------------------------------------------ identity

    /**
     * The id this future carries in events and {@code mon.out} ({@code deferred}),
     * or 0 while it is not tracked. Ids are given out lazily, so calling this
     * on a tracked future may give it one.
     */
    public final long id() {
        BaseMonitor m = monitor;
        return m == null ? 0 : idFor(m);
    }

    /** The name given when it was tracked, or null. */
    public final String name() {
        Book b = book;
        return b == null ? null : b.name;
    }

    /** The monitor tracking this future, or null while it is not tracked. */
    public final Monitor monitor() {
        return monitor;
    }

    final boolean isTracked() {
        return monitor != null;
    }

    final long trackedId() {
        BaseMonitor m = monitor;
        return m == null ? 0 : idFor(m);
    }

    final long idFor(BaseMonitor m) {
        long i = id;
        if (i != 0) {
            return i;
        }
        long n;
        try {
            n = m.newId();
        } catch (Throwable e) {
            m.swallow(e);
            return 0;
        }
        if (ID.compareAndSet(this, 0L, n)) {
            // Created while nothing was recorded: it gets its tracked line now,
            // if something records now (id() may be called while nothing does).
            if (m.active()) {
                String nm = name();
                m.tracked(n, 0, nm, nm != null ? "track" : "derived");
            }
            return n;
        }
        return id;
    }

    /**
     * Starts tracking this future with {@code m}; does nothing when it is tracked
     * already. Safe against concurrent adoption: one monitor wins.
     */
    final void adopt(BaseMonitor m, long parentId, String name, String via) {
        if (!MONITOR.compareAndSet(this, null, m)) {
            return;
        }
        started(m, parentId, name, via);
    }

    /**
     * A new future tracked by {@code m} from the start: the same as adopting a
     * fresh {@code new TrackedFuture<>()}, without the compare-and-set nobody
     * can race with yet.
     */
    static <T> TrackedFuture<T> create(BaseMonitor m, String name) {
        TrackedFuture<T> f = new TrackedFuture<>(m, 0L);
        f.started(m, 0, name, "track");
        return f;
    }

    private void started(BaseMonitor m, long parentId, String name, String via) {
        try {
            BaseMonitor.probe("adopt");
            if (name != null) {
                book().name = name;
            }
            if (m.active()) {
                long n = m.newId();
                if (ID.compareAndSet(this, 0L, n)) {
                    Book b = book();
                    b.origin = Origin.here();
                    b.live = LiveFutures.register(this, m, n);
                    m.tracked(n, parentId, name, via);
                }
            }
            if (isDone()) {
                noteDoneState(m);
            }
        } catch (Throwable e) {
            m.swallow(e);
        }
    }

    /** Records the outcome of a future tracked after it completed. */
    private void noteDoneState(BaseMonitor m) {
        if (!m.active()) {
            return;
        }
        if (!super.isCompletedExceptionally()) {
            settle(SUCCEEDED);
            return;
        }
        try {
            super.getNow(null);
        } catch (CancellationException e) {
            settle(new Failure(e, true));
        } catch (CompletionException e) {
            settle(new Failure(e.getCause() != null ? e.getCause() : e, false));
        }
    }

    /** Completes this future as {@code source} completed: its value, or its very exception object. */
    final void mirror(T value, Throwable error) {
        if (error == null) {
            complete(value);
        } else {
            completeExceptionally(error);
        }
    }

    // ------------------------------------------------------------------ fired bookkeeping

    /**
     * Writes the fired event once, with {@code outcome}, and passes it on to
     * the stages that take this outcome without running anything.
     */
    final boolean settle(Object outcome) {
        BaseMonitor m = monitor;
        if (m == null || !FIRED.compareAndSet(book(), null, outcome)) {
            return false;
        }
        ArrayDeque<TrackedFuture<?>> work = null;
        TrackedFuture<?> f = this;
        Object o = outcome;
        while (true) {
            Book fb = f.book();
            fb.propagatedFrom = null;
            f.emitFired(o);
            Object head = DEPENDENTS.getAndSet(fb, CLOSED);
            LiveFutures.unregister(fb.live);
            fb.live = null;
            if (o != SUCCEEDED) {
                f.watchFailure((Failure) o, head);
            }
            int bit = o == SUCCEEDED ? ON_SUCCESS : ON_FAILURE;
            Object derived = derive(o);
            for (Object n = head; n instanceof Dependent; n = ((Dependent) n).next) {
                Dependent d = (Dependent) n;
                Object next = d.both != null ? d.both.arrive(d.first, o) : (d.mask & bit) != 0 ? derived : null;
                if (next != null && d.future.monitor != null
                        && FIRED.compareAndSet(d.future.book(), null, next)) {
                    if (work == null) {
                        work = new ArrayDeque<>();
                    }
                    work.add(d.future);
                }
            }
            if (work == null || work.isEmpty()) {
                return true;
            }
            f = work.poll();
            o = f.firedOutcome();
        }
    }

    /**
     * Starts watching a failure nobody has observed. A future whose failure
     * went to stages the tracer cannot see (CompletableFuture.allOf, a plain
     * future's callbacks) has more dependents than tracked ones: those took it over.
     */
    private void watchFailure(Failure failure, Object trackedDependents) {
        if (observed || failure.cancelled || Errors.unwrap(failure.error) instanceof CancellationException) {
            return;
        }
        int tracked = 0;
        for (Object n = trackedDependents; n instanceof Dependent; n = ((Dependent) n).next) {
            tracked++;
        }
        if (getNumberOfDependents() > tracked) {
            return;
        }
        BaseMonitor m = monitor;
        UnhandledWatch w = new UnhandledWatch(m, idFor(m), name(), Errors.describe(failure.error), originText());
        book().watch = w;
        w.arm(this);
        VarHandle.fullFence();
        // An observer that came in between saw no watch: look again now that it is published.
        if (observed) {
            w.handled();
        }
    }

    /**
     * Before this future fails: marks it and the stages that will fail with it
     * as observed when they have dependents the tracer cannot see, while those
     * dependents are still attached. Once the failure has run through them,
     * they are gone.
     */
    private void noteHiddenDependents() {
        ArrayDeque<TrackedFuture<?>> work = new ArrayDeque<>();
        work.add(this);
        int budget = 10_000;
        while (!work.isEmpty() && budget-- > 0) {
            TrackedFuture<?> f = work.poll();
            int tracked = 0;
            Book fb = f.book;
            Object head = fb == null ? null : fb.dependents;
            for (Object n = head; n instanceof Dependent; n = ((Dependent) n).next) {
                tracked++;
                Dependent d = (Dependent) n;
                if ((d.mask & ON_FAILURE) != 0) {
                    work.add(d.future);
                }
            }
            if (!f.observed && f.getNumberOfDependents() > tracked) {
                f.observed = true;
            }
        }
    }

    /** Where this future came from, as text; null when it was not recorded. */
    final String originText() {
        Book b = book;
        Origin o = b == null ? null : b.origin;
        return o == null ? null : o.toString();
    }

    /** Marks the outcome as looked at from a dependent attached to this future. */
    private void markObserved() {
        if (!observed) {
            OBSERVED.setRelease(this, true);
        }
        Book b = book;
        UnhandledWatch w = b == null ? null : b.watch;
        if (w != null) {
            w.handled();
        }
    }

    /** Marks the outcome as seen by the callback that produced it (a whenComplete action). */
    final void markObservedUpstream() {
        observed = true;
    }

    /** Marks the outcome as looked at by the application: join, get, getNow. */
    private void markInspected() {
        if (!observed) {
            OBSERVED.setRelease(this, true);
        }
        Book b = book;
        if (b == null) {
            // Nothing was recorded about this future: no failure can be watched, and no fence is paid.
            return;
        }
        // Against a failure being watched at this very moment: watchFailure publishes its
        // watch, fences and reads the flag; this side writes the flag, fences and reads the watch.
        VarHandle.fullFence();
        UnhandledWatch w = b.watch;
        if (w != null) {
            w.handled();
        }
    }

    private static Object derive(Object outcome) {
        if (outcome == SUCCEEDED) {
            return SUCCEEDED;
        }
        Failure failure = (Failure) outcome;
        // A propagated failure is wrapped in a CompletionException: never a cancellation.
        return failure.cancelled ? new Failure(failure.error, false) : failure;
    }

    private void emitFired(Object outcome) {
        BaseMonitor m = monitor;
        if (outcome == SUCCEEDED) {
            m.fired(idFor(m), true, false, null);
        } else {
            Failure failure = (Failure) outcome;
            m.fired(idFor(m), false, failure.cancelled, failure.error);
        }
    }

    /**
     * Called when a callback proves this future completed with {@code error}
     * (null for success) before anything else recorded it. The future may
     * have taken that outcome from the stage it was derived from, which then
     * has not been recorded either: record the topmost such stage first, so
     * that fired events come in the order the futures completed.
     */
    final void observed(Throwable error) {
        if (firedOutcome() != null || monitor == null) {
            return;
        }
        int bit = error == null ? ON_SUCCESS : ON_FAILURE;
        TrackedFuture<?> top = this;
        for (Book tb = top.book; tb != null; tb = top.book) {
            TrackedFuture<?> p = tb.propagatedFrom;
            if (p == null || (tb.propagationMask & bit) == 0 || p.firedOutcome() != null || p.monitor == null) {
                break;
            }
            top = p;
        }
        if (top != this) {
            Throwable topError = error;
            if (error instanceof CompletionException && error.getCause() != null) {
                topError = error.getCause();
            }
            top.settle(error == null ? SUCCEEDED : new Failure(topError, topError instanceof CancellationException));
        }
        settle(error == null ? SUCCEEDED : new Failure(error, error instanceof CancellationException));
    }

    /** Registers a stage that takes this future's outcome (on {@code mask}) without running anything. */
    final void addDependent(TrackedFuture<?> child, int mask) {
        addDependent(child, mask, null, false);
    }

    private void addDependent(TrackedFuture<?> child, int mask, BothInputs both, boolean first) {
        Dependent node = new Dependent(child, mask, both, first);
        Book b = book();
        while (true) {
            Object head = b.dependents;
            if (head == CLOSED) {
                Object o = b.fired;
                if (o != null) {
                    int bit = o == SUCCEEDED ? ON_SUCCESS : ON_FAILURE;
                    Object next = both != null ? both.arrive(first, o) : (mask & bit) != 0 ? derive(o) : null;
                    if (next != null) {
                        child.settle(next);
                    }
                }
                return;
            }
            node.next = head instanceof Dependent ? (Dependent) head : null;
            if (DEPENDENTS.compareAndSet(b, head, node)) {
                return;
            }
        }
    }

    // ------------------------------------------------------------------ derived stages

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        BaseMonitor m = monitor;
        if (m == null) {
            return new TrackedFuture<>();
        }
        if (!m.active()) {
            return new TrackedFuture<>(m, 0L);
        }
        try {
            BaseMonitor.probe("derive");
            Reservation r = RESERVATION.get();
            if (r.owner == this) {
                if (r.untracked) {
                    // A stage of the tracer's own (a chain relay, the JDK's timeout canceller): never tracked.
                    r.clear();
                    return new TrackedFuture<>();
                }
                TrackedFuture<U> child = new TrackedFuture<>(m, r.childId);
                Traced callback = r.callback;
                int mask = r.mask;
                String method = r.method;
                r.clear();
                long parentId = idFor(m);
                Book cb = child.book();
                cb.origin = Origin.derived(method, callback == null ? null : callback.name, parentId);
                cb.live = LiveFutures.register(child, m, child.id);
                if (callback != null) {
                    callback.result = child;
                }
                boolean single = callback == null || callback.other == null;
                if (single && mask != 0) {
                    cb.propagatedFrom = this;
                    cb.propagationMask = mask;
                }
                m.tracked(child.id, idFor(m), null, "derived");
                if (callback != null && callback.kind == Traced.TWO) {
                    CompletableFuture<?> other = callback.other;
                    boolean otherTracked = other instanceof TrackedFuture && ((TrackedFuture<?>) other).isTracked();
                    BothInputs both = new BothInputs(otherTracked ? null : other);
                    addDependent(child, ON_SUCCESS | ON_FAILURE, both, true);
                    if (otherTracked) {
                        ((TrackedFuture<?>) other).addDependent(child, ON_SUCCESS | ON_FAILURE, both, false);
                    }
                    return child;
                }
                addDependent(child, mask);
                if (callback != null && callback.other instanceof TrackedFuture) {
                    ((TrackedFuture<?>) callback.other).addDependent(child, mask);
                }
                return child;
            }
            if (r.owner != null && r.callback != null && r.callback.other == this) {
                // CompletableFuture makes an either-stage with this future, the other input, because it
                // completed first. The owner takes the stage it reserved now, before the callback can run
                // (and reuse this thread's reservation), and relays this one into it (see either()).
                r.owner.newIncompleteFuture();
                return new TrackedFuture<>();
            }
            TrackedFuture<U> child = new TrackedFuture<>(m, m.newId());
            long parentId = idFor(m);
            Book cb = child.book();
            cb.origin = Origin.derived("newIncompleteFuture", null, parentId);
            cb.live = LiveFutures.register(child, m, child.id);
            m.tracked(child.id, parentId, null, "derived");
            return child;
        } catch (Throwable e) {
            m.swallow(e);
            try {
                Reservation r = RESERVATION.get();
                if (r.owner == this) {
                    r.clear();
                }
            } catch (Throwable ignored) {
                // Nothing more to undo.
            }
            return new TrackedFuture<>(m, 0L);
        }
    }

    /**
     * Records the attaching of {@code callback} and reserves the id of the stage
     * it will complete. Returns null (and records nothing more) when the tracer
     * fails, in which case the caller attaches the user's callback untouched.
     */
    private Reservation reserve(BaseMonitor m, Traced callback, String method) {
        try {
            BaseMonitor.probe("reserve");
            long sourceId = idFor(m);
            long resultId = m.newId();
            m.attached(sourceId, resultId, callback.callbackName(), callback.errbackName(), method);
            if (callback.other instanceof TrackedFuture) {
                TrackedFuture<?> other = (TrackedFuture<?>) callback.other;
                if (other.isTracked() && other != this) {
                    m.attached(other.trackedId(), resultId, callback.callbackName(), callback.errbackName(), method);
                }
            }
            Reservation r = RESERVATION.get();
            r.owner = this;
            r.childId = resultId;
            r.callback = callback;
            r.method = method;
            r.mask = callback.propagation();
            r.untracked = false;
            return r;
        } catch (Throwable e) {
            m.swallow(e);
            return null;
        }
    }

    private Traced wrap(BaseMonitor m, Function<?, ?> fn, CompletableFuture<?> other, int kind) {
        try {
            return new Traced.Fn(m, this, other, kind, fn);
        } catch (Throwable e) {
            m.swallow(e);
            return null;
        }
    }

    private Traced wrap(BaseMonitor m, BiFunction<?, ?, ?> fn, CompletableFuture<?> other, int kind) {
        try {
            return new Traced.BiFn(m, this, other, kind, fn);
        } catch (Throwable e) {
            m.swallow(e);
            return null;
        }
    }

    private Traced wrap(BaseMonitor m, Consumer<?> fn, CompletableFuture<?> other, int kind) {
        try {
            return new Traced.Cons(m, this, other, kind, fn);
        } catch (Throwable e) {
            m.swallow(e);
            return null;
        }
    }

    private Traced wrap(BaseMonitor m, BiConsumer<?, ?> fn, CompletableFuture<?> other, int kind) {
        try {
            return new Traced.BiCons(m, this, other, kind, fn);
        } catch (Throwable e) {
            m.swallow(e);
            return null;
        }
    }

    private Traced wrap(BaseMonitor m, Runnable fn, CompletableFuture<?> other, int kind) {
        try {
            return new Traced.Run(m, this, other, kind, fn);
        } catch (Throwable e) {
            m.swallow(e);
            return null;
        }
    }

    /**
     * The monitor when this call is to be recorded, else null. Every method
     * that attaches a dependent calls it first, so it also notes that the
     * outcome no longer ends here.
     */
    private BaseMonitor recording(Object fn) {
        markObserved();
        BaseMonitor m = monitor;
        return m == null || fn == null || !m.active() ? null : m;
    }

    private BaseMonitor recording(Object fn, Object other) {
        return other == null ? null : recording(fn);
    }

    @SuppressWarnings("unchecked")
    private static <X> X as(Object o) {
        return (X) o;
    }

    /** Narrows a stage made by {@link #newIncompleteFuture()} on a public path: always a TrackedFuture. */
    @SuppressWarnings("unchecked")
    private static <U> TrackedFuture<U> tracked(CompletableFuture<U> f) {
        return (TrackedFuture<U>) f;
    }

    /**
     * Attaches a wrapped callback: records the attaching, then lets
     * {@code call} make the stage with the wrapper. When the tracer failed to
     * wrap or to record, {@code plain} attaches the user's callback untouched.
     */
    private <U> TrackedFuture<U> attach(BaseMonitor m, Traced w, String method,
                                        Function<Traced, CompletableFuture<U>> call,
                                        Supplier<CompletableFuture<U>> plain) {
        Reservation r = w == null ? null : reserve(m, w, method);
        if (r == null) {
            return tracked(plain.get());
        }
        try {
            return tracked(call.apply(w));
        } finally {
            r.clear();
        }
    }

    /** {@link #attach} for the either-forms, whose stage may come from the other input. */
    private <U> TrackedFuture<U> attachEither(BaseMonitor m, Traced w, String method,
                                              Function<Traced, CompletableFuture<U>> call,
                                              Supplier<CompletableFuture<U>> plain) {
        Reservation r = w == null ? null : reserve(m, w, method);
        if (r == null) {
            return either(plain.get(), null);
        }
        try {
            return either(call.apply(w), w);
        } finally {
            r.clear();
        }
    }

    // ------------------------------------------------------------------ success-only callbacks

    @Override
    public <U> TrackedFuture<U> thenApply(Function<? super T, ? extends U> fn) {
        BaseMonitor m = recording(fn);
        if (m == null) {
            return tracked(super.thenApply(fn));
        }
        return attach(m, wrap(m, fn, null, Traced.SUCCESS), "thenApply",
                w -> super.thenApply(as(w)),
                () -> super.thenApply(fn));
    }

    @Override
    public <U> TrackedFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn) {
        BaseMonitor m = recording(fn);
        if (m == null) {
            return tracked(super.thenApplyAsync(fn));
        }
        return attach(m, wrap(m, fn, null, Traced.SUCCESS), "thenApplyAsync",
                w -> super.thenApplyAsync(as(w)),
                () -> super.thenApplyAsync(fn));
    }

    @Override
    public <U> TrackedFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn, Executor executor) {
        BaseMonitor m = recording(fn, executor);
        if (m == null) {
            return tracked(super.thenApplyAsync(fn, executor));
        }
        return attach(m, wrap(m, fn, null, Traced.SUCCESS), "thenApplyAsync",
                w -> super.thenApplyAsync(as(w), executor),
                () -> super.thenApplyAsync(fn, executor));
    }

    @Override
    public TrackedFuture<Void> thenAccept(Consumer<? super T> action) {
        BaseMonitor m = recording(action);
        if (m == null) {
            return tracked(super.thenAccept(action));
        }
        return attach(m, wrap(m, action, null, Traced.SUCCESS), "thenAccept",
                w -> super.thenAccept(as(w)),
                () -> super.thenAccept(action));
    }

    @Override
    public TrackedFuture<Void> thenAcceptAsync(Consumer<? super T> action) {
        BaseMonitor m = recording(action);
        if (m == null) {
            return tracked(super.thenAcceptAsync(action));
        }
        return attach(m, wrap(m, action, null, Traced.SUCCESS), "thenAcceptAsync",
                w -> super.thenAcceptAsync(as(w)),
                () -> super.thenAcceptAsync(action));
    }

    @Override
    public TrackedFuture<Void> thenAcceptAsync(Consumer<? super T> action, Executor executor) {
        BaseMonitor m = recording(action, executor);
        if (m == null) {
            return tracked(super.thenAcceptAsync(action, executor));
        }
        return attach(m, wrap(m, action, null, Traced.SUCCESS), "thenAcceptAsync",
                w -> super.thenAcceptAsync(as(w), executor),
                () -> super.thenAcceptAsync(action, executor));
    }

    @Override
    public TrackedFuture<Void> thenRun(Runnable action) {
        BaseMonitor m = recording(action);
        if (m == null) {
            return tracked(super.thenRun(action));
        }
        return attach(m, wrap(m, action, null, Traced.SUCCESS), "thenRun",
                w -> super.thenRun(as(w)),
                () -> super.thenRun(action));
    }

    @Override
    public TrackedFuture<Void> thenRunAsync(Runnable action) {
        BaseMonitor m = recording(action);
        if (m == null) {
            return tracked(super.thenRunAsync(action));
        }
        return attach(m, wrap(m, action, null, Traced.SUCCESS), "thenRunAsync",
                w -> super.thenRunAsync(as(w)),
                () -> super.thenRunAsync(action));
    }

    @Override
    public TrackedFuture<Void> thenRunAsync(Runnable action, Executor executor) {
        BaseMonitor m = recording(action, executor);
        if (m == null) {
            return tracked(super.thenRunAsync(action, executor));
        }
        return attach(m, wrap(m, action, null, Traced.SUCCESS), "thenRunAsync",
                w -> super.thenRunAsync(as(w), executor),
                () -> super.thenRunAsync(action, executor));
    }

    @Override
    public <U> TrackedFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
        BaseMonitor m = recording(fn);
        if (m == null) {
            return tracked(super.thenCompose(fn));
        }
        return attach(m, wrap(m, fn, null, Traced.COMPOSE), "thenCompose",
                w -> super.thenCompose(as(w)),
                () -> super.thenCompose(fn));
    }

    @Override
    public <U> TrackedFuture<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn) {
        BaseMonitor m = recording(fn);
        if (m == null) {
            return tracked(super.thenComposeAsync(fn));
        }
        return attach(m, wrap(m, fn, null, Traced.COMPOSE), "thenComposeAsync",
                w -> super.thenComposeAsync(as(w)),
                () -> super.thenComposeAsync(fn));
    }

    @Override
    public <U> TrackedFuture<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn,
                                                 Executor executor) {
        BaseMonitor m = recording(fn, executor);
        if (m == null) {
            return tracked(super.thenComposeAsync(fn, executor));
        }
        return attach(m, wrap(m, fn, null, Traced.COMPOSE), "thenComposeAsync",
                w -> super.thenComposeAsync(as(w), executor),
                () -> super.thenComposeAsync(fn, executor));
    }

    // ------------------------------------------------------------------ two-input callbacks

    @Override
    public <U, V> TrackedFuture<V> thenCombine(CompletionStage<? extends U> other,
                                               BiFunction<? super T, ? super U, ? extends V> fn) {
        BaseMonitor m = recording(fn, other);
        if (m == null) {
            return tracked(super.thenCombine(other, fn));
        }
        return attach(m, wrap(m, fn, otherFuture(other), Traced.TWO), "thenCombine",
                w -> super.thenCombine(other, as(w)),
                () -> super.thenCombine(other, fn));
    }

    @Override
    public <U, V> TrackedFuture<V> thenCombineAsync(CompletionStage<? extends U> other,
                                                    BiFunction<? super T, ? super U, ? extends V> fn) {
        BaseMonitor m = recording(fn, other);
        if (m == null) {
            return tracked(super.thenCombineAsync(other, fn));
        }
        return attach(m, wrap(m, fn, otherFuture(other), Traced.TWO), "thenCombineAsync",
                w -> super.thenCombineAsync(other, as(w)),
                () -> super.thenCombineAsync(other, fn));
    }

    @Override
    public <U, V> TrackedFuture<V> thenCombineAsync(CompletionStage<? extends U> other,
                                                    BiFunction<? super T, ? super U, ? extends V> fn,
                                                    Executor executor) {
        BaseMonitor m = executor == null ? null : recording(fn, other);
        if (m == null) {
            return tracked(super.thenCombineAsync(other, fn, executor));
        }
        return attach(m, wrap(m, fn, otherFuture(other), Traced.TWO), "thenCombineAsync",
                w -> super.thenCombineAsync(other, as(w), executor),
                () -> super.thenCombineAsync(other, fn, executor));
    }

    @Override
    public <U> TrackedFuture<Void> thenAcceptBoth(CompletionStage<? extends U> other,
                                                  BiConsumer<? super T, ? super U> action) {
        BaseMonitor m = recording(action, other);
        if (m == null) {
            return tracked(super.thenAcceptBoth(other, action));
        }
        return attach(m, wrap(m, action, otherFuture(other), Traced.TWO), "thenAcceptBoth",
                w -> super.thenAcceptBoth(other, as(w)),
                () -> super.thenAcceptBoth(other, action));
    }

    @Override
    public <U> TrackedFuture<Void> thenAcceptBothAsync(CompletionStage<? extends U> other,
                                                       BiConsumer<? super T, ? super U> action) {
        BaseMonitor m = recording(action, other);
        if (m == null) {
            return tracked(super.thenAcceptBothAsync(other, action));
        }
        return attach(m, wrap(m, action, otherFuture(other), Traced.TWO), "thenAcceptBothAsync",
                w -> super.thenAcceptBothAsync(other, as(w)),
                () -> super.thenAcceptBothAsync(other, action));
    }

    @Override
    public <U> TrackedFuture<Void> thenAcceptBothAsync(CompletionStage<? extends U> other,
                                                       BiConsumer<? super T, ? super U> action, Executor executor) {
        BaseMonitor m = executor == null ? null : recording(action, other);
        if (m == null) {
            return tracked(super.thenAcceptBothAsync(other, action, executor));
        }
        return attach(m, wrap(m, action, otherFuture(other), Traced.TWO), "thenAcceptBothAsync",
                w -> super.thenAcceptBothAsync(other, as(w), executor),
                () -> super.thenAcceptBothAsync(other, action, executor));
    }

    @Override
    public TrackedFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
        BaseMonitor m = recording(action, other);
        if (m == null) {
            return tracked(super.runAfterBoth(other, action));
        }
        return attach(m, wrap(m, action, otherFuture(other), Traced.TWO), "runAfterBoth",
                w -> super.runAfterBoth(other, as(w)),
                () -> super.runAfterBoth(other, action));
    }

    @Override
    public TrackedFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) {
        BaseMonitor m = recording(action, other);
        if (m == null) {
            return tracked(super.runAfterBothAsync(other, action));
        }
        return attach(m, wrap(m, action, otherFuture(other), Traced.TWO), "runAfterBothAsync",
                w -> super.runAfterBothAsync(other, as(w)),
                () -> super.runAfterBothAsync(other, action));
    }

    @Override
    public TrackedFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        BaseMonitor m = executor == null ? null : recording(action, other);
        if (m == null) {
            return tracked(super.runAfterBothAsync(other, action, executor));
        }
        return attach(m, wrap(m, action, otherFuture(other), Traced.TWO), "runAfterBothAsync",
                w -> super.runAfterBothAsync(other, as(w), executor),
                () -> super.runAfterBothAsync(other, action, executor));
    }

    @Override
    public <U> TrackedFuture<U> applyToEither(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        BaseMonitor m = recording(fn, other);
        if (m == null) {
            return either(super.applyToEither(other, fn), null);
        }
        return attachEither(m, wrap(m, fn, otherFuture(other), Traced.EITHER), "applyToEither",
                w -> super.applyToEither(other, as(w)),
                () -> super.applyToEither(other, fn));
    }

    @Override
    public <U> TrackedFuture<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        BaseMonitor m = recording(fn, other);
        if (m == null) {
            return either(super.applyToEitherAsync(other, fn), null);
        }
        return attachEither(m, wrap(m, fn, otherFuture(other), Traced.EITHER), "applyToEitherAsync",
                w -> super.applyToEitherAsync(other, as(w)),
                () -> super.applyToEitherAsync(other, fn));
    }

    @Override
    public <U> TrackedFuture<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn,
                                                   Executor executor) {
        BaseMonitor m = executor == null ? null : recording(fn, other);
        if (m == null) {
            return either(super.applyToEitherAsync(other, fn, executor), null);
        }
        return attachEither(m, wrap(m, fn, otherFuture(other), Traced.EITHER), "applyToEitherAsync",
                w -> super.applyToEitherAsync(other, as(w), executor),
                () -> super.applyToEitherAsync(other, fn, executor));
    }

    @Override
    public TrackedFuture<Void> acceptEither(CompletionStage<? extends T> other, Consumer<? super T> action) {
        BaseMonitor m = recording(action, other);
        if (m == null) {
            return either(super.acceptEither(other, action), null);
        }
        return attachEither(m, wrap(m, action, otherFuture(other), Traced.EITHER), "acceptEither",
                w -> super.acceptEither(other, as(w)),
                () -> super.acceptEither(other, action));
    }

    @Override
    public TrackedFuture<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action) {
        BaseMonitor m = recording(action, other);
        if (m == null) {
            return either(super.acceptEitherAsync(other, action), null);
        }
        return attachEither(m, wrap(m, action, otherFuture(other), Traced.EITHER), "acceptEitherAsync",
                w -> super.acceptEitherAsync(other, as(w)),
                () -> super.acceptEitherAsync(other, action));
    }

    @Override
    public TrackedFuture<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action,
                                                 Executor executor) {
        BaseMonitor m = executor == null ? null : recording(action, other);
        if (m == null) {
            return either(super.acceptEitherAsync(other, action, executor), null);
        }
        return attachEither(m, wrap(m, action, otherFuture(other), Traced.EITHER), "acceptEitherAsync",
                w -> super.acceptEitherAsync(other, as(w), executor),
                () -> super.acceptEitherAsync(other, action, executor));
    }

    @Override
    public TrackedFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
        BaseMonitor m = recording(action, other);
        if (m == null) {
            return either(super.runAfterEither(other, action), null);
        }
        return attachEither(m, wrap(m, action, otherFuture(other), Traced.EITHER), "runAfterEither",
                w -> super.runAfterEither(other, as(w)),
                () -> super.runAfterEither(other, action));
    }

    @Override
    public TrackedFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) {
        BaseMonitor m = recording(action, other);
        if (m == null) {
            return either(super.runAfterEitherAsync(other, action), null);
        }
        return attachEither(m, wrap(m, action, otherFuture(other), Traced.EITHER), "runAfterEitherAsync",
                w -> super.runAfterEitherAsync(other, as(w)),
                () -> super.runAfterEitherAsync(other, action));
    }

    @Override
    public TrackedFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        BaseMonitor m = executor == null ? null : recording(action, other);
        if (m == null) {
            return either(super.runAfterEitherAsync(other, action, executor), null);
        }
        return attachEither(m, wrap(m, action, otherFuture(other), Traced.EITHER), "runAfterEitherAsync",
                w -> super.runAfterEitherAsync(other, as(w), executor),
                () -> super.runAfterEitherAsync(other, action, executor));
    }

    /**
     * The stage an either-method made, as a TrackedFuture of this future.
     *
     * <p>When this future is incomplete and the other input is complete,
     * {@code CompletableFuture} makes the stage with the <em>other</em> input's
     * {@code newIncompleteFuture()} ({@code orApplyStage} calls
     * {@code b.uniApplyNow}): a plain {@code CompletableFuture} when the other
     * input is one, which this method cannot return, or a stage of another
     * monitor without the id the attached event announced. Such a stage is
     * relayed into a stage of this future, which completes with the same value
     * or the same exception object, on the same thread, right after it.
     *
     * @param made what {@code CompletableFuture} returned
     * @param w    the recorded callback, or null when nothing is recorded; its
     *             {@code result} is the stage made with its reservation, if any
     */
    @SuppressWarnings("unchecked")
    private <U> TrackedFuture<U> either(CompletableFuture<U> made, Traced w) {
        if (made instanceof TrackedFuture) {
            TrackedFuture<U> t = (TrackedFuture<U>) made;
            // Ours: made with the reservation, or by this future while the tracer failed.
            if (w == null || w.result == made || (w.result == null && t.monitor == monitor)) {
                return t;
            }
        }
        // The reserved stage if the other input had it made, else a new one (taking the reservation
        // if it is still open); newIncompleteFuture never throws.
        TrackedFuture<U> mine = w != null && w.result != null ? (TrackedFuture<U>) w.result
                : (TrackedFuture<U>) newIncompleteFuture();
        if (made instanceof TrackedFuture) {
            TrackedFuture<U> t = (TrackedFuture<U>) made;
            t.markObserved(); // its outcome goes on to mine: not an unhandled failure of its own
            t.relayTo(mine, t.monitor, 0);
        } else {
            made.whenComplete(mine::mirror);
        }
        return mine;
    }

    /**
     * The other input of a two-input method, when it can be linked to: only a
     * {@code CompletableFuture}, and only the object itself, so that calling
     * {@code toCompletableFuture()} on a foreign stage happens exactly where
     * {@code CompletableFuture} calls it.
     */
    private static CompletableFuture<?> otherFuture(CompletionStage<?> other) {
        return other instanceof CompletableFuture ? (CompletableFuture<?>) other : null;
    }

    // ------------------------------------------------------------------ both-path callbacks

    @Override
    public <U> TrackedFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
        BaseMonitor m = recording(fn);
        if (m == null) {
            return tracked(super.handle(fn));
        }
        return attach(m, wrap(m, fn, null, Traced.BOTH), "handle",
                w -> super.handle(as(w)),
                () -> super.handle(fn));
    }

    @Override
    public <U> TrackedFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) {
        BaseMonitor m = recording(fn);
        if (m == null) {
            return tracked(super.handleAsync(fn));
        }
        return attach(m, wrap(m, fn, null, Traced.BOTH), "handleAsync",
                w -> super.handleAsync(as(w)),
                () -> super.handleAsync(fn));
    }

    @Override
    public <U> TrackedFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn, Executor executor) {
        BaseMonitor m = recording(fn, executor);
        if (m == null) {
            return tracked(super.handleAsync(fn, executor));
        }
        return attach(m, wrap(m, fn, null, Traced.BOTH), "handleAsync",
                w -> super.handleAsync(as(w), executor),
                () -> super.handleAsync(fn, executor));
    }

    @Override
    public TrackedFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
        BaseMonitor m = recording(action);
        if (m != null && internalCall()) {
            // orTimeout/completeOnTimeout adding the JDK's timer canceller: not the user's callback.
            m = null;
        }
        Traced w = m == null ? null : wrap(m, action, null, Traced.WHEN_COMPLETE);
        Reservation r = w == null ? null : reserve(m, w, "whenComplete");
        if (r == null) {
            return tracked(super.whenComplete(action));
        }
        try {
            return tracked(super.whenComplete(as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action) {
        BaseMonitor m = recording(action);
        if (m == null) {
            return tracked(super.whenCompleteAsync(action));
        }
        return attach(m, wrap(m, action, null, Traced.WHEN_COMPLETE), "whenCompleteAsync",
                w -> super.whenCompleteAsync(as(w)),
                () -> super.whenCompleteAsync(action));
    }

    @Override
    public TrackedFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action, Executor executor) {
        BaseMonitor m = recording(action, executor);
        if (m == null) {
            return tracked(super.whenCompleteAsync(action, executor));
        }
        return attach(m, wrap(m, action, null, Traced.WHEN_COMPLETE), "whenCompleteAsync",
                w -> super.whenCompleteAsync(as(w), executor),
                () -> super.whenCompleteAsync(action, executor));
    }

    // ------------------------------------------------------------------ failure-only callbacks

    @Override
    public TrackedFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
        BaseMonitor m = recording(fn);
        if (m == null) {
            return tracked(super.exceptionally(fn));
        }
        return attach(m, wrap(m, fn, null, Traced.FAILURE), "exceptionally",
                w -> super.exceptionally(as(w)),
                () -> super.exceptionally(fn));
    }

    @Override
    public TrackedFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn) {
        BaseMonitor m = recording(fn);
        if (m == null) {
            return tracked(super.exceptionallyAsync(fn));
        }
        return attach(m, wrap(m, fn, null, Traced.FAILURE), "exceptionallyAsync",
                w -> super.exceptionallyAsync(as(w)),
                () -> super.exceptionallyAsync(fn));
    }

    @Override
    public TrackedFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn, Executor executor) {
        BaseMonitor m = recording(fn, executor);
        if (m == null) {
            return tracked(super.exceptionallyAsync(fn, executor));
        }
        return attach(m, wrap(m, fn, null, Traced.FAILURE), "exceptionallyAsync",
                w -> super.exceptionallyAsync(as(w), executor),
                () -> super.exceptionallyAsync(fn, executor));
    }

    @Override
    public TrackedFuture<T> exceptionallyCompose(Function<Throwable, ? extends CompletionStage<T>> fn) {
        BaseMonitor m = recording(fn);
        if (m == null) {
            return tracked(super.exceptionallyCompose(fn));
        }
        return attach(m, wrap(m, fn, null, Traced.FAILURE_COMPOSE), "exceptionallyCompose",
                w -> super.exceptionallyCompose(as(w)),
                () -> super.exceptionallyCompose(fn));
    }

    @Override
    public TrackedFuture<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn) {
        BaseMonitor m = recording(fn);
        if (m == null) {
            return tracked(super.exceptionallyComposeAsync(fn));
        }
        return attach(m, wrap(m, fn, null, Traced.FAILURE_COMPOSE), "exceptionallyComposeAsync",
                w -> super.exceptionallyComposeAsync(as(w)),
                () -> super.exceptionallyComposeAsync(fn));
    }

    @Override
    public TrackedFuture<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn,
                                                      Executor executor) {
        BaseMonitor m = recording(fn, executor);
        if (m == null) {
            return tracked(super.exceptionallyComposeAsync(fn, executor));
        }
        return attach(m, wrap(m, fn, null, Traced.FAILURE_COMPOSE), "exceptionallyComposeAsync",
                w -> super.exceptionallyComposeAsync(as(w), executor),
                () -> super.exceptionallyComposeAsync(fn, executor));
    }

    // ------------------------------------------------------------------ inspection

    @Override
    public T join() {
        markInspected();
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        markInspected();
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        markInspected();
        return super.get(timeout, unit);
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
        // The minimal stage is a plain one: its dependents are out of sight.
        markObserved();
        return super.minimalCompletionStage();
    }

    // ------------------------------------------------------------------ completion

    @Override
    public boolean complete(T value) {
        boolean done = super.complete(value);
        if (done) {
            BaseMonitor m = monitor;
            if (m != null && m.active()) {
                try {
                    settle(SUCCEEDED);
                } catch (Throwable e) {
                    m.swallow(e);
                }
            }
        }
        return done;
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        BaseMonitor active = monitor;
        if (active != null && ex != null && !isDone() && active.active()) {
            try {
                noteHiddenDependents();
            } catch (Throwable e) {
                active.swallow(e);
            }
        }
        boolean done = super.completeExceptionally(ex);
        if (done) {
            BaseMonitor m = monitor;
            if (m != null && m.active()) {
                try {
                    settle(new Failure(ex, ex instanceof CancellationException));
                } catch (Throwable e) {
                    m.swallow(e);
                }
            }
        }
        return done;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            BaseMonitor m = monitor;
            if (m != null && m.active()) {
                try {
                    settle(new Failure(CANCELLED, true));
                } catch (Throwable e) {
                    m.swallow(e);
                }
            }
        }
        return cancelled;
    }

    @Override
    public void obtrudeValue(T value) {
        super.obtrudeValue(value);
        BaseMonitor m = monitor;
        if (m != null && m.active()) {
            obtruded(m, SUCCEEDED);
        }
    }

    @Override
    public void obtrudeException(Throwable ex) {
        super.obtrudeException(ex);
        BaseMonitor m = monitor;
        if (m != null && m.active()) {
            obtruded(m, new Failure(ex, ex instanceof CancellationException));
        }
    }

    /**
     * Records a forced outcome. The first completion is recorded and passed on
     * to the stages that take it, like any other; forcing a result after that
     * is a completion of its own, recorded again.
     */
    private void obtruded(BaseMonitor m, Object outcome) {
        try {
            if (settle(outcome)) {
                return;
            }
            book().fired = outcome;
            if (outcome == SUCCEEDED) {
                m.fired(idFor(m), true, false, null);
            } else {
                Failure f = (Failure) outcome;
                m.fired(idFor(m), false, f.cancelled, f.error);
            }
        } catch (Throwable e) {
            m.swallow(e);
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
        BaseMonitor m = recording(supplier, executor);
        Traced w = m == null ? null : supply(m, supplier);
        super.completeAsync(w == null ? supplier : as(w), executor);
        return this;
    }

    private Traced supply(BaseMonitor m, Supplier<?> supplier) {
        try {
            BaseMonitor.probe("supply");
            Traced w = new Traced.Supply(m, this, supplier);
            long self = idFor(m);
            m.attached(self, self, w.callbackName(), null, "completeAsync");
            return w;
        } catch (Throwable e) {
            m.swallow(e);
            return null;
        }
    }

    @Override
    public TrackedFuture<T> orTimeout(long timeout, TimeUnit unit) {
        // The timeout completes this future through completeExceptionally, which records it.
        Reservation r = internal();
        try {
            super.orTimeout(timeout, unit);
        } finally {
            if (r != null) {
                r.clear();
            }
        }
        return this;
    }

    @Override
    public TrackedFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
        // The timeout completes this future through complete, which records it.
        Reservation r = internal();
        try {
            super.completeOnTimeout(value, timeout, unit);
        } finally {
            if (r != null) {
                r.clear();
            }
        }
        return this;
    }

    /**
     * Marks what the JDK does on this future, on this thread, until the returned
     * reservation is cleared, as its own: the {@code whenComplete} with which
     * orTimeout and completeOnTimeout cancel their timer is neither recorded as
     * an attached callback nor given a tracked stage. Null when nothing is recorded.
     */
    private Reservation internal() {
        BaseMonitor m = monitor;
        if (m == null || !m.active()) {
            return null;
        }
        try {
            BaseMonitor.probe("internal");
            Reservation r = RESERVATION.get();
            r.owner = this;
            r.callback = null;
            r.untracked = true;
            r.internal = true;
            return r;
        } catch (Throwable e) {
            m.swallow(e);
            return null;
        }
    }

    private boolean internalCall() {
        Reservation r = RESERVATION.get();
        return r.internal && r.owner == this;
    }

    @Override
    public TrackedFuture<T> copy() {
        markObserved();
        BaseMonitor m = monitor;
        Reservation r = null;
        if (m != null && m.active()) {
            try {
                BaseMonitor.probe("copy");
                long resultId = m.newId();
                r = RESERVATION.get();
                r.owner = this;
                r.childId = resultId;
                r.callback = null;
                r.method = "copy";
                r.mask = ON_SUCCESS | ON_FAILURE;
                r.untracked = false;
            } catch (Throwable e) {
                m.swallow(e);
            }
        }
        try {
            return tracked(super.copy());
        } finally {
            if (r != null) {
                r.clear();
            }
        }
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
        BaseMonitor m = monitor;
        long plainTargetId = 0;
        if (m != null) {
            try {
                BaseMonitor.probe("chain");
                if (target instanceof TrackedFuture) {
                    TrackedFuture<?> t = (TrackedFuture<?>) target;
                    if (m.trackChained()) {
                        t.adopt(m, m.active() ? idFor(m) : 0, null, "chained");
                    }
                    if (m.active()) {
                        m.chained(idFor(m), t.trackedId());
                    }
                } else if (m.active()) {
                    if (m.trackChained()) {
                        plainTargetId = m.newId();
                        m.tracked(plainTargetId, idFor(m), null, "chained");
                    }
                    m.chained(idFor(m), plainTargetId);
                }
            } catch (Throwable e) {
                m.swallow(e);
            }
        }
        relayTo(target, m, plainTargetId);
        return this;
    }

    private void relayTo(CompletableFuture<? super T> target, BaseMonitor m, long plainTargetId) {
        Reservation r = null;
        if (m != null) {
            r = RESERVATION.get();
            r.owner = this;
            r.untracked = true;
        }
        try {
            super.whenComplete((value, error) -> {
                boolean done = error == null ? target.complete(value) : target.completeExceptionally(error);
                if (done && plainTargetId != 0) {
                    m.fired(plainTargetId, error == null, error instanceof CancellationException, error);
                }
            });
        } finally {
            if (r != null) {
                r.clear();
            }
        }
    }
}
