package io.reactortrack.recorder.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.reactortrack.events.FutureCompletedEvent;
import io.reactortrack.events.FutureTrackedEvent;

/**
 * What is recorded about one tracked future, and the rules that keep the
 * record true.
 *
 * <h2>A completion is recorded once, and never before it is true</h2>
 * A future's completion ({@code fired}) is recorded at the first moment the
 * tracer knows it, in one of three ways:
 * <ul>
 * <li><b>seen</b>: the future is done and its outcome is read from it (its own
 *     {@code complete}/{@code cancel}/... returned true, a callback attached to
 *     it runs with its result, a thread joins it, a snapshot finds it done);</li>
 * <li><b>by its callback</b>: the callback whose value completes the stage
 *     returned normally, and the stage is still incomplete: the JDK completes
 *     it with that value as the very next step on this thread;</li>
 * <li><b>predicted</b>: the JDK's next step is just as certain — a failure
 *     passed on to the stages that take it without running anything, the
 *     exception a callback threw, the outcome of the future a {@code thenCompose}
 *     function returned.</li>
 * </ul>
 * The last two can only be overtaken by a completion from outside through
 * the future's own public methods in the instant between the callback and
 * the JDK's store; the front end sees every such completion (its method
 * returns true) and then writes a revised record ({@link #completedBySelf}).
 * Nothing is ever inferred upwards: a stage completed from outside says
 * nothing about its inputs, which stay pending until they complete.
 *
 * <h2>Order</h2>
 * Before recording a future seen done, the done and not yet recorded stages it
 * took its outcome from are recorded first, so that records come in the order
 * the futures completed.
 */
public final class Trace {

    /** A dependent takes the outcome when its input succeeded. */
    public static final int ON_SUCCESS = 1;
    /** A dependent takes the outcome when its input failed. */
    public static final int ON_FAILURE = 2;

    private static final int SEEN = 0;
    private static final int BY_CALLBACK = 1;
    private static final int PREDICTED = 2;

    private static final Object CLOSED = new Object();

    /** A recorded outcome that was not read from the future: what its callback or its inputs announced. */
    private static final class Inferred {
        static final Inferred SUCCESS = new Inferred(Outcome.SUCCESS);
        final Outcome outcome;

        Inferred(Outcome outcome) {
            this.outcome = outcome;
        }
    }

    /** A stage that takes this future's outcome on the outcomes in {@code mask} without running anything. */
    private static final class Dependent {
        final CompletableFuture<?> stage;
        final int mask;
        final BothInputs both;
        final boolean first;
        Dependent next;

        Dependent(CompletableFuture<?> stage, int mask, BothInputs both, boolean first) {
            this.stage = stage;
            this.mask = mask;
            this.both = both;
            this.first = first;
        }
    }

    /**
     * The inputs of a thenCombine-like stage. {@code CompletableFuture}
     * completes such a stage once both inputs have completed: with the failure
     * of the first input if it failed, else with that of the second; when both
     * succeed, the callback runs and records the outcome itself.
     *
     * <p>Each input's outcome is read when the other one arrives: from the
     * future when it is done (an {@code obtrude} may have changed it since it
     * was recorded), else from its record (announced, about to be true).
     */
    public static final class BothInputs {
        private final CompletableFuture<?> first;
        private final CompletableFuture<?> second;

        public BothInputs(CompletableFuture<?> first, CompletableFuture<?> second) {
            this.first = first;
            this.second = second;
        }

        Outcome arrive(boolean isFirst, Outcome outcome) {
            Outcome a = isFirst ? outcome : current(first);
            Outcome b = isFirst ? current(second) : outcome;
            if (a == null || b == null) {
                return null;
            }
            if (!a.success()) {
                return a.propagated();
            }
            return b.success() ? null : b.propagated();
        }

        private static Outcome current(CompletableFuture<?> f) {
            if (f == null) {
                return null;
            }
            FutureAccess a = FutureAccess.of(f);
            if (a == null) {
                return Outcome.readPlain(f);
            }
            Outcome done = a.outcome(f);
            if (done != null) {
                return done;
            }
            Trace t = a.trace(f);
            return t == null ? null : t.outcome();
        }
    }

    private static final VarHandle FIRED;
    private static final VarHandle DEPENDENTS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            FIRED = l.findVarHandle(Trace.class, "fired", Object.class);
            DEPENDENTS = l.findVarHandle(Trace.class, "dependents", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Recorder rec;
    final long id;
    volatile String name;
    /** Where the future came from, for pending and unhandled reports. */
    volatile Origin origin;
    /** The FutureCompleted event begun when the future was tracked, or null: its duration is the life. */
    FutureCompletedEvent life;
    /** When it was tracked, for the lifetime on mon.out lines; 0 when not measured. */
    long trackedNanos;

    /** Null until recorded: an {@link Outcome} seen, or an {@link Inferred} one. */
    private volatile Object fired;
    /** Set once the record of {@link #fired} is written: a revision must come after it. */
    private volatile boolean written;
    /** A stack of {@link Dependent}s, or {@link #CLOSED} once fired. */
    private volatile Object dependents;
    /** The stage this one takes its outcome from when its own callback does not run; cleared once fired. */
    private CompletableFuture<?> source;
    private int sourceMask;
    /** Stages attached through the tracer: each takes over a failure. */
    private volatile int trackedDependents;
    /** Dependents that are the tracer's own or the JDK's timer cancellers: they handle nothing. */
    private volatile int internalDependents;
    private volatile int listeners;
    /** Whether stages the tracer cannot see (allOf, a plain future's either) waited on it. */
    private volatile boolean hiddenDependents;
    private volatile UnhandledWatch watch;
    /** Its entry among the pending futures, or null. */
    volatile Registry.Entry live;
    /** Its ring slot among the held futures, or 0 (see {@link Registry#hold}). */
    private int held;
    /** Whether its tracking was recorded: a future registered while nothing recorded was not. */
    private volatile boolean announced;
    private FutureTrackedEvent announcement;

    public Trace(Recorder rec, long id, String name) {
        this.rec = rec;
        this.id = id;
        this.name = name;
    }

    public Recorder recorder() {
        return rec;
    }

    public long id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** Whether the completion was recorded. */
    public boolean fired() {
        return fired != null;
    }

    /** Where the future came from, as text; null when not recorded. */
    public String originText() {
        Origin o = origin;
        return o == null ? null : o.toString();
    }

    // ------------------------------------------------------------------ tracking

    /**
     * Starts a future's record: the {@code tracked} record, its life when it
     * is measured, its place among the pending futures. {@code measureLife}
     * is for futures whose life is their own story (see docs/mon-out.md).
     */
    public static Trace start(Recorder rec, CompletableFuture<?> future, int mode, String name, long parent,
                              String via, Origin origin, boolean measureLife) {
        Trace t = new Trace(rec, rec.newId(), name);
        t.origin = origin;
        if (measureLife) {
            t.measureLife(mode);
        }
        t.register(future, mode);
        if (via != null) {
            t.announced = true;
            t.announcement = rec.tracked(t.id, parent, name, via);
        }
        return t;
    }

    /**
     * The {@code FutureTracked} event of this future's tracking, not yet
     * committed: the method the application called commits it, so that its
     * stack trace starts there. Null once taken, or when no recording wants it.
     */
    public FutureTrackedEvent takeAnnouncement() {
        FutureTrackedEvent e = announcement;
        announcement = null;
        return e;
    }

    /** Commits the tracking event here, for futures whose tracking no application call made. */
    public void commitAnnouncement() {
        rec.commit(takeAnnouncement());
    }

    /** The stage's tracking is recorded by the attached record that made it. */
    public void announced() {
        announced = true;
    }

    /**
     * Records the tracking of a future registered while nothing recorded, the
     * first time something is recorded about it; once.
     */
    public void announce(String via) {
        if (!announced) {
            synchronized (this) {
                if (announced) {
                    return;
                }
                announced = true;
            }
            rec.commit(rec.tracked(id, 0, name, via));
        }
    }

    /** Sets where the future came from. */
    public void origin(Origin o) {
        origin = o;
    }

    /** Starts measuring this future's life (see docs/mon-out.md for which futures' lives are measured). */
    public void measure(int mode) {
        measureLife(mode);
    }

    /**
     * Makes the future findable among the pending ones when the recording
     * wants them: held in a ring slot, which costs next to nothing, and
     * registered for real only if it is still pending when its slot comes
     * round again or a snapshot looks (most futures complete long before).
     */
    public void register(CompletableFuture<?> future, int mode) {
        if ((mode & Recorder.PENDING) != 0) {
            held = Registry.hold(future);
        }
    }

    /** A held future still pending later: registered for real. */
    public void promote(CompletableFuture<?> future) {
        if (live == null && fired == null) {
            live = Registry.register(future, this);
        }
    }

    private void leavePending(CompletableFuture<?> self) {
        if (held != 0) {
            Registry.release(self, held);
            held = 0;
        }
        Registry.unregister(live);
        live = null;
    }

    /** The tracer's own listeners attached and not yet run: not dependents the application made. */
    public int listeners() {
        return listeners;
    }

    /** A listener of the tracer's own was attached (+1) or ran (-1); it handles nothing either. */
    public void listening(int delta) {
        listeners += delta;
        internalDependents += delta;
    }

    void measureLife(int mode) {
        if ((mode & Recorder.LIFE) != 0) {
            life = JfrEvents.beginLife();
        }
        trackedNanos = rec.nanos();
    }

    /** Links a stage to the future it takes its outcome from (on {@code mask}) when its callback does not run. */
    public void derivedFrom(CompletableFuture<?> input, int mask) {
        source = input;
        sourceMask = mask;
    }

    /**
     * Registers a stage that takes this future's outcome on {@code mask}
     * (or, with {@code both}, as one of two inputs). When this future's
     * completion was recorded already, the stage's follows at once.
     */
    public void addDependent(CompletableFuture<?> input, CompletableFuture<?> stage, int mask, BothInputs both,
                             boolean first) {
        Dependent node = new Dependent(stage, mask, both, first);
        while (true) {
            Object head = dependents;
            if (head == CLOSED) {
                // Recorded already: pass on how it stands now (obtrude may have changed it since).
                FutureAccess a = FutureAccess.of(input);
                Outcome now = a == null ? null : a.outcome(input);
                passOn(node, now != null ? now : outcome(), PREDICTED);
                return;
            }
            node.next = head instanceof Dependent ? (Dependent) head : null;
            if (DEPENDENTS.compareAndSet(this, head, node)) {
                return;
            }
        }
    }

    /**
     * Notes a dependent attached through the tracer; before it is pushed,
     * also notes whether dependents it cannot see wait on the future.
     */
    public void attaching(CompletableFuture<?> self) {
        noteHidden(self);
        trackedDependents++;
    }

    /** Notes a dependent of the tracer's own, or the JDK's timer canceller: it handles nothing. */
    public void internalDependent(int delta) {
        internalDependents += delta;
    }

    public int internalDependents() {
        return internalDependents;
    }

    private void noteHidden(CompletableFuture<?> self) {
        if (!hiddenDependents) {
            FutureAccess a = FutureAccess.of(self);
            if (a != null && a.dependents(self) - internalDependents > trackedDependents) {
                hiddenDependents = true;
            }
        }
    }

    /**
     * Before a failure reaches this future from a method of its own
     * ({@code completeExceptionally}, {@code cancel}, ...): notes, while they
     * are still attached, the hidden dependents of the stages the failure
     * will run through. Once it has, they are gone.
     */
    public void beforeFailure(CompletableFuture<?> self) {
        ArrayDeque<CompletableFuture<?>> work = new ArrayDeque<>();
        work.add(self);
        int budget = 10_000;
        while (!work.isEmpty() && budget-- > 0) {
            CompletableFuture<?> f = work.poll();
            FutureAccess a = FutureAccess.of(f);
            Trace t = a == null ? null : a.trace(f);
            if (t == null || t.fired != null) {
                continue;
            }
            t.noteHidden(f);
            for (Object n = t.dependents; n instanceof Dependent; n = ((Dependent) n).next) {
                Dependent d = (Dependent) n;
                if ((d.mask & ON_FAILURE) != 0 || d.both != null) {
                    work.add(d.stage);
                }
            }
        }
    }

    // ------------------------------------------------------------------ recording the completion

    /** The future was seen done with {@code o}. */
    public void seen(CompletableFuture<?> self, Outcome o) {
        if (fired == null) {
            walkUp();
            record(self, o, SEEN, null);
        }
    }

    /** The future is certain to complete with {@code o} as the JDK's next step; {@code callback} failed it, or null. */
    public void predict(CompletableFuture<?> self, Outcome o, String callback) {
        record(self, o, PREDICTED, callback);
    }

    /**
     * Claims the completion for the callback whose value completes this stage
     * as the JDK's next step. When true, the caller writes the callback's
     * run, which says so, and then calls {@link #afterCallback}.
     */
    public boolean claimByCallback() {
        return FIRED.compareAndSet(this, null, Inferred.SUCCESS);
    }

    /** Completes a claim made with {@link #claimByCallback()}, after the run was written. */
    public void afterCallback(CompletableFuture<?> self) {
        after(self, Outcome.SUCCESS, BY_CALLBACK, null);
    }

    /**
     * The future's own completion method completed it with {@code o} (the
     * method returned true). A record inferred before that was wrong, and is
     * revised; otherwise this is the record.
     */
    public void completedBySelf(CompletableFuture<?> self, Outcome o) {
        Object f = fired;
        if (f == null) {
            seen(self, o);
            f = fired;
        }
        if (f instanceof Inferred && !((Inferred) f).outcome.sameAs(o) && rec.mode() != 0
                && FIRED.compareAndSet(this, f, o)) {
            awaitWritten();
            rec.completed(this, id, o, null, true);
        }
    }

    /**
     * Returns once the completion claimed for this future, if any, is
     * written: for a thread that saw the future done and must not look at the
     * records before the completing thread has written its own.
     */
    public void awaitRecorded() {
        if (fired != null) {
            awaitWritten();
        }
    }

    /**
     * Waits for the record a revision replaces to be written by the thread
     * that made it, which is busy writing it right now: without this, the
     * revision could be written first.
     */
    private void awaitWritten() {
        while (!written) {
            Thread.onSpinWait();
        }
    }

    /** {@code obtrudeValue}/{@code obtrudeException} forced {@code o}: recorded again when it was recorded before. */
    public void obtruded(CompletableFuture<?> self, Outcome o) {
        if (fired == null && record(self, o, SEEN, null) || rec.mode() == 0) {
            return;
        }
        fired = o;
        awaitWritten();
        rec.completed(this, id, o, null, true);
    }

    /** What was recorded: the outcome, or null. */
    Outcome outcome() {
        Object f = fired;
        return f instanceof Inferred ? ((Inferred) f).outcome : (Outcome) f;
    }

    private boolean record(CompletableFuture<?> self, Outcome o, int how, String callback) {
        if (rec.mode() == 0) {
            // Nothing records now: the future leaves the pending list, and that is all.
            leavePending(self);
            return false;
        }
        Object value = how == SEEN ? o : (o.success() ? Inferred.SUCCESS : new Inferred(o));
        if (!FIRED.compareAndSet(this, null, value)) {
            return false;
        }
        after(self, o, how, callback);
        return true;
    }

    /**
     * What follows the claim of a record: the record itself (but for a
     * callback's, which its run wrote), an unhandled failure watched before it
     * is written (so that whoever sees the record sees the watch), then the
     * stages that take this outcome, so that their records follow this one.
     */
    private void after(CompletableFuture<?> self, Outcome o, int how, String callback) {
        source = null;
        leavePending(self);
        Object head = DEPENDENTS.getAndSet(this, CLOSED);
        try {
            if (!o.success()) {
                if (how == PREDICTED) {
                    noteHidden(self);
                }
                watchFailure(self, o, head);
            }
            if (how != BY_CALLBACK) {
                rec.completed(this, id, o, callback, false);
            }
        } finally {
            life = null;
            written = true;
        }
        for (Object n = head; n instanceof Dependent; n = ((Dependent) n).next) {
            passOn((Dependent) n, o, how);
        }
    }

    /** Records the completion a dependent takes from this outcome, read from it when it is done already. */
    private static void passOn(Dependent d, Outcome o, int how) {
        if (o == null) {
            return;
        }
        int bit = o.success() ? ON_SUCCESS : ON_FAILURE;
        Outcome next = d.both != null ? d.both.arrive(d.first, o) : (d.mask & bit) != 0 ? o.propagated() : null;
        if (next == null) {
            return;
        }
        FutureAccess a = FutureAccess.of(d.stage);
        Trace t = a == null ? null : a.trace(d.stage);
        if (t == null || t.fired != null) {
            return;
        }
        Outcome actual = a.outcome(d.stage);
        if (actual != null) {
            t.seen(d.stage, actual);
        } else {
            t.record(d.stage, next, PREDICTED, null);
        }
    }

    /** Records, first, the done stages this one took its outcome from that nothing recorded yet. */
    private void walkUp() {
        List<CompletableFuture<?>> chain = null;
        List<Trace> traces = null;
        Trace t = this;
        int budget = 10_000;
        while (budget-- > 0) {
            CompletableFuture<?> s = t.source;
            if (s == null) {
                break;
            }
            FutureAccess a = FutureAccess.of(s);
            Trace st = a == null ? null : a.trace(s);
            if (st == null || st.fired != null || a.outcome(s) == null) {
                break;
            }
            if (chain == null) {
                chain = new ArrayList<>();
                traces = new ArrayList<>();
            }
            chain.add(s);
            traces.add(st);
            t = st;
        }
        if (chain == null) {
            return;
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            CompletableFuture<?> s = chain.get(i);
            Outcome actual = FutureAccess.of(s).outcome(s);
            traces.get(i).record(s, actual, SEEN, null);
        }
    }

    // ------------------------------------------------------------------ unhandled failures

    /**
     * Starts watching a failure nobody has taken over: no dependent received
     * it, nobody looked at it. It is reported when the future is collected,
     * when its monitor is closed or when the JVM exits, unless observed first.
     */
    private void watchFailure(CompletableFuture<?> self, Outcome o, Object head) {
        if (o.isCancellation() || head instanceof Dependent || trackedDependents > 0 || hiddenDependents) {
            return;
        }
        FutureAccess a = FutureAccess.of(self);
        if (a == null || a.observed(self)) {
            return;
        }
        UnhandledWatch w = new UnhandledWatch(rec, id, name, Errors.describe(o.error), originText());
        watch = w;
        w.arm(self);
        // Against an observer that came in between and saw no watch: both sides write, then read
        // the other's field, all volatile, so one of them sees the other.
        if (a.observed(self)) {
            w.handled();
        }
    }

    /**
     * The application looked at the outcome or attached a dependent; the
     * caller wrote its observed flag (volatile) before calling.
     */
    public void observed() {
        UnhandledWatch w = watch;
        if (w != null) {
            w.handled();
        }
    }
}
