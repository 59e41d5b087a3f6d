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
        Dependent next;

        Dependent(TrackedFuture<?> future, int mask) {
            this.future = future;
            this.mask = mask;
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

        void clear() {
            owner = null;
            callback = null;
            untracked = false;
        }
    }

    private static final ThreadLocal<Reservation> RESERVATION = ThreadLocal.withInitial(Reservation::new);

    private static final VarHandle MONITOR;
    private static final VarHandle ID;
    private static final VarHandle FIRED;
    private static final VarHandle DEPENDENTS;
    private static final VarHandle OBSERVED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            MONITOR = l.findVarHandle(TrackedFuture.class, "monitor", BaseMonitor.class);
            ID = l.findVarHandle(TrackedFuture.class, "id", long.class);
            FIRED = l.findVarHandle(TrackedFuture.class, "fired", Object.class);
            DEPENDENTS = l.findVarHandle(TrackedFuture.class, "dependents", Object.class);
            OBSERVED = l.findVarHandle(TrackedFuture.class, "observed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Null while not tracked. */
    private volatile BaseMonitor monitor;
    /** 0 until something needs it: ids are given out only while recording. */
    private volatile long id;
    private volatile String name;
    /** Null until the fired event is written: {@link #SUCCEEDED} or a {@link Failure}. */
    private volatile Object fired;
    /** A stack of {@link Dependent}s, or {@link #CLOSED} once fired. */
    private volatile Object dependents;
    /** The stage this one takes its outcome from when its callback does not run; cleared once fired. */
    private TrackedFuture<?> propagatedFrom;
    private int propagationMask;
    /**
     * Whether anything looked at this future's outcome or took it over: a
     * dependent was attached, or join, get, getNow or isCompletedExceptionally
     * was called. A failure of a future nobody observed is reported unhandled.
     */
    private volatile boolean observed;
    /** Set when this future failed unobserved: reports the failure unless it is observed later. */
    private volatile UnhandledWatch watch;
    /** Where this future came from, for pending and unhandled reports; set while recording. */
    private Origin origin;
    /** Its entry among the live futures while it is pending. */
    private LiveFutures.Entry live;

    /**
     * Creates an incomplete future that is not tracked yet. It behaves like
     * {@code new CompletableFuture<>()} until a monitor tracks it.
     */
    public TrackedFuture() {
    }

    TrackedFuture(BaseMonitor monitor, long id) {
        this.monitor = monitor;
        this.id = id;
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
        return name;
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
        long n = m.newId();
        if (ID.compareAndSet(this, 0L, n)) {
            // Created while nothing was recorded: it gets its tracked line now.
            String nm = name;
            m.tracked(n, 0, nm, nm != null ? "track" : "derived");
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
        try {
            this.name = name;
            if (m.active()) {
                long n = m.newId();
                if (ID.compareAndSet(this, 0L, n)) {
                    origin = Origin.here();
                    live = LiveFutures.register(this, m, n);
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
    final void settle(Object outcome) {
        BaseMonitor m = monitor;
        if (m == null || !FIRED.compareAndSet(this, null, outcome)) {
            return;
        }
        ArrayDeque<TrackedFuture<?>> work = null;
        TrackedFuture<?> f = this;
        Object o = outcome;
        while (true) {
            f.propagatedFrom = null;
            f.emitFired(o);
            Object head = DEPENDENTS.getAndSet(f, CLOSED);
            LiveFutures.unregister(f.live);
            f.live = null;
            if (o != SUCCEEDED) {
                f.watchFailure((Failure) o, head);
            }
            int bit = o == SUCCEEDED ? ON_SUCCESS : ON_FAILURE;
            Object derived = derive(o);
            for (Object n = head; n instanceof Dependent; n = ((Dependent) n).next) {
                Dependent d = (Dependent) n;
                if ((d.mask & bit) != 0 && d.future.monitor != null
                        && FIRED.compareAndSet(d.future, null, derived)) {
                    if (work == null) {
                        work = new ArrayDeque<>();
                    }
                    work.add(d.future);
                }
            }
            if (work == null || work.isEmpty()) {
                return;
            }
            f = work.poll();
            o = f.fired;
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
        UnhandledWatch w = new UnhandledWatch(m, idFor(m), name, Errors.describe(failure.error), originText());
        watch = w;
        w.arm(this);
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
            Object head = f.dependents;
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
        Origin o = origin;
        return o == null ? null : o.toString();
    }

    /** Marks the outcome as looked at from a dependent attached to this future. */
    private void markObserved() {
        if (!observed) {
            OBSERVED.setRelease(this, true);
        }
        UnhandledWatch w = watch;
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
        OBSERVED.setVolatile(this, true);
        UnhandledWatch w = watch;
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
        if (fired != null || monitor == null) {
            return;
        }
        int bit = error == null ? ON_SUCCESS : ON_FAILURE;
        TrackedFuture<?> top = this;
        for (TrackedFuture<?> p = top.propagatedFrom;
             p != null && (top.propagationMask & bit) != 0 && p.fired == null && p.monitor != null;
             p = top.propagatedFrom) {
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
        Dependent node = new Dependent(child, mask);
        while (true) {
            Object head = dependents;
            if (head == CLOSED) {
                Object o = fired;
                int bit = o == SUCCEEDED ? ON_SUCCESS : ON_FAILURE;
                if (o != null && (mask & bit) != 0) {
                    child.settle(derive(o));
                }
                return;
            }
            node.next = head instanceof Dependent ? (Dependent) head : null;
            if (DEPENDENTS.compareAndSet(this, head, node)) {
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
            Reservation r = RESERVATION.get();
            if (r.owner == this) {
                if (r.untracked) {
                    r.clear();
                    return new CompletableFuture<>();
                }
                TrackedFuture<U> child = new TrackedFuture<>(m, r.childId);
                Traced callback = r.callback;
                int mask = r.mask;
                String method = r.method;
                r.clear();
                long parentId = idFor(m);
                child.origin = Origin.derived(method, callback == null ? null : callback.name, parentId);
                child.live = LiveFutures.register(child, m, child.id);
                if (callback != null) {
                    callback.result = child;
                }
                boolean single = callback == null || callback.other == null;
                if (single && mask != 0) {
                    child.propagatedFrom = this;
                    child.propagationMask = mask;
                }
                m.tracked(child.id, idFor(m), null, "derived");
                addDependent(child, mask);
                if (callback != null && callback.other instanceof TrackedFuture) {
                    ((TrackedFuture<?>) callback.other).addDependent(child, mask);
                }
                return child;
            }
            TrackedFuture<U> child = new TrackedFuture<>(m, m.newId());
            long parentId = idFor(m);
            child.origin = Origin.derived("newIncompleteFuture", null, parentId);
            child.live = LiveFutures.register(child, m, child.id);
            m.tracked(child.id, parentId, null, "derived");
            return child;
        } catch (Throwable e) {
            m.swallow(e);
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

    // ------------------------------------------------------------------ success-only callbacks

    @Override
    public <U> TrackedFuture<U> thenApply(Function<? super T, ? extends U> fn) {
        BaseMonitor m = recording(fn);
        Traced w = m == null ? null : wrap(m, fn, null, Traced.SUCCESS);
        Reservation r = w == null ? null : reserve(m, w, "thenApply");
        if (r == null) {
            return tracked(super.thenApply(fn));
        }
        try {
            return tracked(super.thenApply(as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public <U> TrackedFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn) {
        BaseMonitor m = recording(fn);
        Traced w = m == null ? null : wrap(m, fn, null, Traced.SUCCESS);
        Reservation r = w == null ? null : reserve(m, w, "thenApplyAsync");
        if (r == null) {
            return tracked(super.thenApplyAsync(fn));
        }
        try {
            return tracked(super.thenApplyAsync(as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public <U> TrackedFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn, Executor executor) {
        BaseMonitor m = recording(fn, executor);
        Traced w = m == null ? null : wrap(m, fn, null, Traced.SUCCESS);
        Reservation r = w == null ? null : reserve(m, w, "thenApplyAsync");
        if (r == null) {
            return tracked(super.thenApplyAsync(fn, executor));
        }
        try {
            return tracked(super.thenApplyAsync(as(w), executor));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<Void> thenAccept(Consumer<? super T> action) {
        BaseMonitor m = recording(action);
        Traced w = m == null ? null : wrap(m, action, null, Traced.SUCCESS);
        Reservation r = w == null ? null : reserve(m, w, "thenAccept");
        if (r == null) {
            return tracked(super.thenAccept(action));
        }
        try {
            return tracked(super.thenAccept(as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<Void> thenAcceptAsync(Consumer<? super T> action) {
        BaseMonitor m = recording(action);
        Traced w = m == null ? null : wrap(m, action, null, Traced.SUCCESS);
        Reservation r = w == null ? null : reserve(m, w, "thenAcceptAsync");
        if (r == null) {
            return tracked(super.thenAcceptAsync(action));
        }
        try {
            return tracked(super.thenAcceptAsync(as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<Void> thenAcceptAsync(Consumer<? super T> action, Executor executor) {
        BaseMonitor m = recording(action, executor);
        Traced w = m == null ? null : wrap(m, action, null, Traced.SUCCESS);
        Reservation r = w == null ? null : reserve(m, w, "thenAcceptAsync");
        if (r == null) {
            return tracked(super.thenAcceptAsync(action, executor));
        }
        try {
            return tracked(super.thenAcceptAsync(as(w), executor));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<Void> thenRun(Runnable action) {
        BaseMonitor m = recording(action);
        Traced w = m == null ? null : wrap(m, action, null, Traced.SUCCESS);
        Reservation r = w == null ? null : reserve(m, w, "thenRun");
        if (r == null) {
            return tracked(super.thenRun(action));
        }
        try {
            return tracked(super.thenRun(as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<Void> thenRunAsync(Runnable action) {
        BaseMonitor m = recording(action);
        Traced w = m == null ? null : wrap(m, action, null, Traced.SUCCESS);
        Reservation r = w == null ? null : reserve(m, w, "thenRunAsync");
        if (r == null) {
            return tracked(super.thenRunAsync(action));
        }
        try {
            return tracked(super.thenRunAsync(as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<Void> thenRunAsync(Runnable action, Executor executor) {
        BaseMonitor m = recording(action, executor);
        Traced w = m == null ? null : wrap(m, action, null, Traced.SUCCESS);
        Reservation r = w == null ? null : reserve(m, w, "thenRunAsync");
        if (r == null) {
            return tracked(super.thenRunAsync(action, executor));
        }
        try {
            return tracked(super.thenRunAsync(as(w), executor));
        } finally {
            r.clear();
        }
    }

    @Override
    public <U> TrackedFuture<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
        BaseMonitor m = recording(fn);
        Traced w = m == null ? null : wrap(m, fn, null, Traced.COMPOSE);
        Reservation r = w == null ? null : reserve(m, w, "thenCompose");
        if (r == null) {
            return tracked(super.thenCompose(fn));
        }
        try {
            return tracked(super.thenCompose(as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public <U> TrackedFuture<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn) {
        BaseMonitor m = recording(fn);
        Traced w = m == null ? null : wrap(m, fn, null, Traced.COMPOSE);
        Reservation r = w == null ? null : reserve(m, w, "thenComposeAsync");
        if (r == null) {
            return tracked(super.thenComposeAsync(fn));
        }
        try {
            return tracked(super.thenComposeAsync(as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public <U> TrackedFuture<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn,
                                                 Executor executor) {
        BaseMonitor m = recording(fn, executor);
        Traced w = m == null ? null : wrap(m, fn, null, Traced.COMPOSE);
        Reservation r = w == null ? null : reserve(m, w, "thenComposeAsync");
        if (r == null) {
            return tracked(super.thenComposeAsync(fn, executor));
        }
        try {
            return tracked(super.thenComposeAsync(as(w), executor));
        } finally {
            r.clear();
        }
    }

    // ------------------------------------------------------------------ two-input callbacks

    @Override
    public <U, V> TrackedFuture<V> thenCombine(CompletionStage<? extends U> other,
                                               BiFunction<? super T, ? super U, ? extends V> fn) {
        BaseMonitor m = recording(fn, other);
        Traced w = m == null ? null : wrap(m, fn, otherFuture(other), Traced.TWO);
        Reservation r = w == null ? null : reserve(m, w, "thenCombine");
        if (r == null) {
            return tracked(super.thenCombine(other, fn));
        }
        try {
            return tracked(super.thenCombine(other, as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public <U, V> TrackedFuture<V> thenCombineAsync(CompletionStage<? extends U> other,
                                                    BiFunction<? super T, ? super U, ? extends V> fn) {
        BaseMonitor m = recording(fn, other);
        Traced w = m == null ? null : wrap(m, fn, otherFuture(other), Traced.TWO);
        Reservation r = w == null ? null : reserve(m, w, "thenCombineAsync");
        if (r == null) {
            return tracked(super.thenCombineAsync(other, fn));
        }
        try {
            return tracked(super.thenCombineAsync(other, as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public <U, V> TrackedFuture<V> thenCombineAsync(CompletionStage<? extends U> other,
                                                    BiFunction<? super T, ? super U, ? extends V> fn,
                                                    Executor executor) {
        BaseMonitor m = executor == null ? null : recording(fn, other);
        Traced w = m == null ? null : wrap(m, fn, otherFuture(other), Traced.TWO);
        Reservation r = w == null ? null : reserve(m, w, "thenCombineAsync");
        if (r == null) {
            return tracked(super.thenCombineAsync(other, fn, executor));
        }
        try {
            return tracked(super.thenCombineAsync(other, as(w), executor));
        } finally {
            r.clear();
        }
    }

    @Override
    public <U> TrackedFuture<Void> thenAcceptBoth(CompletionStage<? extends U> other,
                                                  BiConsumer<? super T, ? super U> action) {
        BaseMonitor m = recording(action, other);
        Traced w = m == null ? null : wrap(m, action, otherFuture(other), Traced.TWO);
        Reservation r = w == null ? null : reserve(m, w, "thenAcceptBoth");
        if (r == null) {
            return tracked(super.thenAcceptBoth(other, action));
        }
        try {
            return tracked(super.thenAcceptBoth(other, as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public <U> TrackedFuture<Void> thenAcceptBothAsync(CompletionStage<? extends U> other,
                                                       BiConsumer<? super T, ? super U> action) {
        BaseMonitor m = recording(action, other);
        Traced w = m == null ? null : wrap(m, action, otherFuture(other), Traced.TWO);
        Reservation r = w == null ? null : reserve(m, w, "thenAcceptBothAsync");
        if (r == null) {
            return tracked(super.thenAcceptBothAsync(other, action));
        }
        try {
            return tracked(super.thenAcceptBothAsync(other, as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public <U> TrackedFuture<Void> thenAcceptBothAsync(CompletionStage<? extends U> other,
                                                       BiConsumer<? super T, ? super U> action, Executor executor) {
        BaseMonitor m = executor == null ? null : recording(action, other);
        Traced w = m == null ? null : wrap(m, action, otherFuture(other), Traced.TWO);
        Reservation r = w == null ? null : reserve(m, w, "thenAcceptBothAsync");
        if (r == null) {
            return tracked(super.thenAcceptBothAsync(other, action, executor));
        }
        try {
            return tracked(super.thenAcceptBothAsync(other, as(w), executor));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
        BaseMonitor m = recording(action, other);
        Traced w = m == null ? null : wrap(m, action, otherFuture(other), Traced.TWO);
        Reservation r = w == null ? null : reserve(m, w, "runAfterBoth");
        if (r == null) {
            return tracked(super.runAfterBoth(other, action));
        }
        try {
            return tracked(super.runAfterBoth(other, as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) {
        BaseMonitor m = recording(action, other);
        Traced w = m == null ? null : wrap(m, action, otherFuture(other), Traced.TWO);
        Reservation r = w == null ? null : reserve(m, w, "runAfterBothAsync");
        if (r == null) {
            return tracked(super.runAfterBothAsync(other, action));
        }
        try {
            return tracked(super.runAfterBothAsync(other, as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        BaseMonitor m = executor == null ? null : recording(action, other);
        Traced w = m == null ? null : wrap(m, action, otherFuture(other), Traced.TWO);
        Reservation r = w == null ? null : reserve(m, w, "runAfterBothAsync");
        if (r == null) {
            return tracked(super.runAfterBothAsync(other, action, executor));
        }
        try {
            return tracked(super.runAfterBothAsync(other, as(w), executor));
        } finally {
            r.clear();
        }
    }

    @Override
    public <U> TrackedFuture<U> applyToEither(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        BaseMonitor m = recording(fn, other);
        Traced w = m == null ? null : wrap(m, fn, otherFuture(other), Traced.EITHER);
        Reservation r = w == null ? null : reserve(m, w, "applyToEither");
        if (r == null) {
            return tracked(super.applyToEither(other, fn));
        }
        try {
            return tracked(super.applyToEither(other, as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public <U> TrackedFuture<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        BaseMonitor m = recording(fn, other);
        Traced w = m == null ? null : wrap(m, fn, otherFuture(other), Traced.EITHER);
        Reservation r = w == null ? null : reserve(m, w, "applyToEitherAsync");
        if (r == null) {
            return tracked(super.applyToEitherAsync(other, fn));
        }
        try {
            return tracked(super.applyToEitherAsync(other, as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public <U> TrackedFuture<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn,
                                                   Executor executor) {
        BaseMonitor m = executor == null ? null : recording(fn, other);
        Traced w = m == null ? null : wrap(m, fn, otherFuture(other), Traced.EITHER);
        Reservation r = w == null ? null : reserve(m, w, "applyToEitherAsync");
        if (r == null) {
            return tracked(super.applyToEitherAsync(other, fn, executor));
        }
        try {
            return tracked(super.applyToEitherAsync(other, as(w), executor));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<Void> acceptEither(CompletionStage<? extends T> other, Consumer<? super T> action) {
        BaseMonitor m = recording(action, other);
        Traced w = m == null ? null : wrap(m, action, otherFuture(other), Traced.EITHER);
        Reservation r = w == null ? null : reserve(m, w, "acceptEither");
        if (r == null) {
            return tracked(super.acceptEither(other, action));
        }
        try {
            return tracked(super.acceptEither(other, as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action) {
        BaseMonitor m = recording(action, other);
        Traced w = m == null ? null : wrap(m, action, otherFuture(other), Traced.EITHER);
        Reservation r = w == null ? null : reserve(m, w, "acceptEitherAsync");
        if (r == null) {
            return tracked(super.acceptEitherAsync(other, action));
        }
        try {
            return tracked(super.acceptEitherAsync(other, as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action,
                                                 Executor executor) {
        BaseMonitor m = executor == null ? null : recording(action, other);
        Traced w = m == null ? null : wrap(m, action, otherFuture(other), Traced.EITHER);
        Reservation r = w == null ? null : reserve(m, w, "acceptEitherAsync");
        if (r == null) {
            return tracked(super.acceptEitherAsync(other, action, executor));
        }
        try {
            return tracked(super.acceptEitherAsync(other, as(w), executor));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
        BaseMonitor m = recording(action, other);
        Traced w = m == null ? null : wrap(m, action, otherFuture(other), Traced.EITHER);
        Reservation r = w == null ? null : reserve(m, w, "runAfterEither");
        if (r == null) {
            return tracked(super.runAfterEither(other, action));
        }
        try {
            return tracked(super.runAfterEither(other, as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) {
        BaseMonitor m = recording(action, other);
        Traced w = m == null ? null : wrap(m, action, otherFuture(other), Traced.EITHER);
        Reservation r = w == null ? null : reserve(m, w, "runAfterEitherAsync");
        if (r == null) {
            return tracked(super.runAfterEitherAsync(other, action));
        }
        try {
            return tracked(super.runAfterEitherAsync(other, as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        BaseMonitor m = executor == null ? null : recording(action, other);
        Traced w = m == null ? null : wrap(m, action, otherFuture(other), Traced.EITHER);
        Reservation r = w == null ? null : reserve(m, w, "runAfterEitherAsync");
        if (r == null) {
            return tracked(super.runAfterEitherAsync(other, action, executor));
        }
        try {
            return tracked(super.runAfterEitherAsync(other, as(w), executor));
        } finally {
            r.clear();
        }
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
        Traced w = m == null ? null : wrap(m, fn, null, Traced.BOTH);
        Reservation r = w == null ? null : reserve(m, w, "handle");
        if (r == null) {
            return tracked(super.handle(fn));
        }
        try {
            return tracked(super.handle(as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public <U> TrackedFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) {
        BaseMonitor m = recording(fn);
        Traced w = m == null ? null : wrap(m, fn, null, Traced.BOTH);
        Reservation r = w == null ? null : reserve(m, w, "handleAsync");
        if (r == null) {
            return tracked(super.handleAsync(fn));
        }
        try {
            return tracked(super.handleAsync(as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public <U> TrackedFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn, Executor executor) {
        BaseMonitor m = recording(fn, executor);
        Traced w = m == null ? null : wrap(m, fn, null, Traced.BOTH);
        Reservation r = w == null ? null : reserve(m, w, "handleAsync");
        if (r == null) {
            return tracked(super.handleAsync(fn, executor));
        }
        try {
            return tracked(super.handleAsync(as(w), executor));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
        BaseMonitor m = recording(action);
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
        Traced w = m == null ? null : wrap(m, action, null, Traced.WHEN_COMPLETE);
        Reservation r = w == null ? null : reserve(m, w, "whenCompleteAsync");
        if (r == null) {
            return tracked(super.whenCompleteAsync(action));
        }
        try {
            return tracked(super.whenCompleteAsync(as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action, Executor executor) {
        BaseMonitor m = recording(action, executor);
        Traced w = m == null ? null : wrap(m, action, null, Traced.WHEN_COMPLETE);
        Reservation r = w == null ? null : reserve(m, w, "whenCompleteAsync");
        if (r == null) {
            return tracked(super.whenCompleteAsync(action, executor));
        }
        try {
            return tracked(super.whenCompleteAsync(as(w), executor));
        } finally {
            r.clear();
        }
    }

    // ------------------------------------------------------------------ failure-only callbacks

    @Override
    public TrackedFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
        BaseMonitor m = recording(fn);
        Traced w = m == null ? null : wrap(m, fn, null, Traced.FAILURE);
        Reservation r = w == null ? null : reserve(m, w, "exceptionally");
        if (r == null) {
            return tracked(super.exceptionally(fn));
        }
        try {
            return tracked(super.exceptionally(as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn) {
        BaseMonitor m = recording(fn);
        Traced w = m == null ? null : wrap(m, fn, null, Traced.FAILURE);
        Reservation r = w == null ? null : reserve(m, w, "exceptionallyAsync");
        if (r == null) {
            return tracked(super.exceptionallyAsync(fn));
        }
        try {
            return tracked(super.exceptionallyAsync(as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn, Executor executor) {
        BaseMonitor m = recording(fn, executor);
        Traced w = m == null ? null : wrap(m, fn, null, Traced.FAILURE);
        Reservation r = w == null ? null : reserve(m, w, "exceptionallyAsync");
        if (r == null) {
            return tracked(super.exceptionallyAsync(fn, executor));
        }
        try {
            return tracked(super.exceptionallyAsync(as(w), executor));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<T> exceptionallyCompose(Function<Throwable, ? extends CompletionStage<T>> fn) {
        BaseMonitor m = recording(fn);
        Traced w = m == null ? null : wrap(m, fn, null, Traced.FAILURE_COMPOSE);
        Reservation r = w == null ? null : reserve(m, w, "exceptionallyCompose");
        if (r == null) {
            return tracked(super.exceptionallyCompose(fn));
        }
        try {
            return tracked(super.exceptionallyCompose(as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn) {
        BaseMonitor m = recording(fn);
        Traced w = m == null ? null : wrap(m, fn, null, Traced.FAILURE_COMPOSE);
        Reservation r = w == null ? null : reserve(m, w, "exceptionallyComposeAsync");
        if (r == null) {
            return tracked(super.exceptionallyComposeAsync(fn));
        }
        try {
            return tracked(super.exceptionallyComposeAsync(as(w)));
        } finally {
            r.clear();
        }
    }

    @Override
    public TrackedFuture<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn,
                                                      Executor executor) {
        BaseMonitor m = recording(fn, executor);
        Traced w = m == null ? null : wrap(m, fn, null, Traced.FAILURE_COMPOSE);
        Reservation r = w == null ? null : reserve(m, w, "exceptionallyComposeAsync");
        if (r == null) {
            return tracked(super.exceptionallyComposeAsync(fn, executor));
        }
        try {
            return tracked(super.exceptionallyComposeAsync(as(w), executor));
        } finally {
            r.clear();
        }
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
                settle(SUCCEEDED);
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
                settle(new Failure(ex, ex instanceof CancellationException));
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
                settle(new Failure(CANCELLED, true));
            }
        }
        return cancelled;
    }

    @Override
    public void obtrudeValue(T value) {
        super.obtrudeValue(value);
        BaseMonitor m = monitor;
        if (m != null && m.active()) {
            // Forcing a result is a completion of its own, even after an earlier one.
            fired = SUCCEEDED;
            m.fired(idFor(m), true, false, null);
        }
    }

    @Override
    public void obtrudeException(Throwable ex) {
        super.obtrudeException(ex);
        BaseMonitor m = monitor;
        if (m != null && m.active()) {
            boolean cancelled = ex instanceof CancellationException;
            fired = new Failure(ex, cancelled);
            m.fired(idFor(m), false, cancelled, ex);
        }
    }

    @Override
    public TrackedFuture<T> completeAsync(Supplier<? extends T> supplier) {
        BaseMonitor m = recording(supplier);
        Traced w = m == null ? null : supply(m, supplier);
        super.completeAsync(w == null ? supplier : as(w));
        return this;
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
        super.orTimeout(timeout, unit);
        return this;
    }

    @Override
    public TrackedFuture<T> completeOnTimeout(T value, long timeout, TimeUnit unit) {
        // The timeout completes this future through complete, which records it.
        super.completeOnTimeout(value, timeout, unit);
        return this;
    }

    @Override
    public TrackedFuture<T> copy() {
        markObserved();
        BaseMonitor m = monitor;
        Reservation r = null;
        if (m != null && m.active()) {
            try {
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
