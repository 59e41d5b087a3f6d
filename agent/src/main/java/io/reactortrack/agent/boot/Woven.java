package io.reactortrack.agent.boot;

import static io.reactortrack.agent.boot.Futures.ACCESS;
import static io.reactortrack.agent.boot.Futures.REC;
import static io.reactortrack.agent.boot.Futures.ensure;
import static io.reactortrack.agent.boot.Futures.install;
import static io.reactortrack.agent.boot.Futures.outcome;
import static io.reactortrack.agent.boot.Futures.owns;
import static io.reactortrack.agent.boot.Futures.quickState;
import static io.reactortrack.agent.boot.Futures.record;
import static io.reactortrack.agent.boot.Futures.seenIfDone;
import static io.reactortrack.agent.boot.Futures.state;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import io.reactortrack.agent.boot.Futures.State;
import io.reactortrack.events.CallbackAttachedEvent;
import io.reactortrack.events.FutureTrackedEvent;
import io.reactortrack.recorder.TrackStats;
import io.reactortrack.recorder.internal.FutureAccess;
import io.reactortrack.recorder.internal.JfrSwitch;
import io.reactortrack.recorder.internal.Origin;
import io.reactortrack.recorder.internal.Outcome;
import io.reactortrack.recorder.internal.Stages;
import io.reactortrack.recorder.internal.Trace;
import io.reactortrack.recorder.internal.Wrapper;

/**
 * The front end woven into {@code CompletableFuture}: what the agent's
 * advice calls from inside its methods. Everything it records goes through
 * the recorder's core, as for a {@code TrackedFuture}; {@link Futures} holds
 * the futures' state and the tracer's view of them.
 *
 * <p>Every method swallows and counts its own failures: an error of the
 * tracer never reaches the application.
 */
public final class Woven {

    /** The name of the field the agent adds to {@code CompletableFuture}. */
    public static final String STATE_FIELD = "reactortrack$state";

    /** Futures being created by supplyAsync/runAsync on some thread: the constructor advice looks only then. */
    public static volatile int creating;
    private static final VarHandle CREATING;

    private static final ThreadLocal<Pending> PENDING = ThreadLocal.withInitial(Pending::new);

    static {
        try {
            CREATING = MethodHandles.lookup().findStaticVarHandle(Woven.class, "creating", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What the advice commits itself, so that the events' stack traces start in the method the application called. */
    private static final class Pending {
        FutureTrackedEvent tracked;
        CallbackAttachedEvent attached;
        Wrapper creating;
    }

    private Woven() {
    }

    // ------------------------------------------------------------------ configuration and inspection

    /**
     * Makes the woven front end ready: its class initialisation reads
     * {@code CompletableFuture}'s fields and asks Flight Recorder what is
     * recorded, which takes a few hundred milliseconds on a cold JVM.
     */
    public static void init() {
        Futures.init();
    }

    /** Whether futures' state is in a field of {@code CompletableFuture} (else in a side table). */
    public static boolean stateInField() {
        return Futures.FIELD != null;
    }

    /** The agent recorder's counts, for tests and diagnosis. */
    public static TrackStats stats() {
        return REC.stats();
    }

    /** The last error the agent swallowed, or null. */
    public static Throwable lastError() {
        return REC.lastError();
    }

    /** The id of a traced future, or 0. */
    public static long id(CompletableFuture<?> f) {
        State s = state(f);
        Trace t = s == null ? null : s.trace;
        return t == null ? 0 : t.id();
    }

    // ------------------------------------------------------------------ what the advice commits

    /** The tracking event the last hook left for the advice to commit, or null; once. */
    public static FutureTrackedEvent takeTracked() {
        Pending p = PENDING.get();
        FutureTrackedEvent e = p.tracked;
        p.tracked = null;
        return e;
    }

    /** The attached event the last hook left for the advice to commit, or null; once. */
    public static CallbackAttachedEvent takeAttached() {
        Pending p = PENDING.get();
        CallbackAttachedEvent e = p.attached;
        p.attached = null;
        return e;
    }

    // ------------------------------------------------------------------ attaching

    /**
     * A callback is being attached to {@code self} by {@code method}: returns
     * the wrapper to attach instead, with the stage it makes reserved, or null
     * to attach the callback untouched (not traced, or the tracer failed).
     */
    public static Object attach(CompletableFuture<?> self, String method, Object fn, Object other) {
        try {
            int mode = JfrSwitch.mode();
            if (mode == 0 || fn == null || !owns(self)) {
                return null;
            }
            int k = Filter.current().kind(fn.getClass());
            State s = state(self);
            if (k == Filter.CANCELLER) {
                Trace t = s == null ? null : s.trace;
                if (t != null) {
                    t.internalDependent(+1);
                }
                return null;
            }
            if (k == Filter.OURS || (s == null && k != Filter.APP)) {
                return null;
            }
            if (s == null) {
                s = ensure(self);
            }
            // Attaching a dependent takes the outcome over.
            s.observed = true;
            Trace before = s.trace;
            if (before != null) {
                before.observed();
            }
            Trace t = record(self, s, mode, method, fn);
            if (t == null) {
                return null;
            }
            FutureTrackedEvent tracked = t.takeAnnouncement();
            Wrapper w = Stages.wrap(REC, mode, self, t, kindOf(method), fn,
                    other instanceof CompletionStage ? (CompletionStage<?>) other : null);
            Stages.Reservation r = Stages.reserve(ACCESS, self, REC, mode, w, method);
            Pending p = PENDING.get();
            p.tracked = tracked;
            if (r == null) {
                return null;
            }
            p.attached = r.takeEvent();
            return w;
        } catch (Throwable e) {
            REC.swallow(e);
            return null;
        }
    }

    /** The attaching method returned {@code stage} (or threw): the reservation is done with. */
    public static void attached(CompletableFuture<?> self, Object wrapper, Object stage) {
        Stages.Reservation res = Stages.reservation();
        boolean mine = res.wrapper == wrapper;
        try {
            Wrapper w = (Wrapper) wrapper;
            CompletableFuture<?> made = w.stage();
            if (made == null && mine && stage instanceof CompletableFuture && owns(stage)
                    && state((CompletableFuture<?>) stage) == null) {
                // A subclass made the stage without CompletableFuture's newIncompleteFuture().
                made = (CompletableFuture<?>) stage;
                Stages.stageMade(res, made, ACCESS);
            }
            if (made != null) {
                // The JDK stores the outcome of a stage made for an input already complete directly.
                seenIfDone(made);
            }
        } catch (Throwable e) {
            REC.swallow(e);
        } finally {
            if (mine) {
                res.clear();
            }
        }
    }

    /** {@code newIncompleteFuture()} of {@code self} made {@code stage}: the stage an attaching call reserved. */
    public static void made(CompletableFuture<?> self, Object stage) {
        try {
            Stages.Reservation res = Stages.reservation();
            if (res.wrapper == null || res.made != null || res.internal || (res.owner != self && res.other != self)
                    || !(stage instanceof CompletableFuture) || !owns(stage) || FutureAccess.of(res.owner) != ACCESS) {
                return;
            }
            Stages.stageMade(res, (CompletableFuture<?>) stage, ACCESS);
        } catch (Throwable e) {
            REC.swallow(e);
        }
    }

    private static int kindOf(String method) {
        String m = method.endsWith("Async") ? method.substring(0, method.length() - "Async".length()) : method;
        switch (m) {
            case "thenCompose":
                return Wrapper.COMPOSE;
            case "thenCombine":
            case "thenAcceptBoth":
            case "runAfterBoth":
                return Wrapper.TWO;
            case "applyToEither":
            case "acceptEither":
            case "runAfterEither":
                return Wrapper.EITHER;
            case "handle":
                return Wrapper.BOTH;
            case "whenComplete":
                return Wrapper.WHEN_COMPLETE;
            case "exceptionally":
                return Wrapper.FAILURE;
            case "exceptionallyCompose":
                return Wrapper.FAILURE_COMPOSE;
            default:
                return Wrapper.SUCCESS;
        }
    }

    /** {@code copy()} is about to attach its relay to {@code self}. */
    public static void copying(CompletableFuture<?> self) {
        try {
            State s = state(self);
            Trace t = s == null ? null : s.trace;
            if (t != null) {
                s.observed = true;
                t.observed();
                t.attaching(self);
            }
        } catch (Throwable e) {
            REC.swallow(e);
        }
    }

    /** {@code copy()} of {@code self} returned {@code copy}: traced as a stage that takes its outcome. */
    public static void copied(CompletableFuture<?> self, Object copy) {
        try {
            int mode = JfrSwitch.mode();
            State s = state(self);
            Trace t = s == null ? null : s.trace;
            if (mode == 0 || t == null || !(copy instanceof CompletableFuture) || !owns(copy)) {
                return;
            }
            CompletableFuture<?> c = (CompletableFuture<?>) copy;
            if (state(c) != null) {
                return;
            }
            Trace ct = Stages.derived(self, t, c, ACCESS, REC, mode, "copy");
            Stages.copied(self, t, c, ct);
            seenIfDone(c);
        } catch (Throwable e) {
            REC.swallow(e);
        }
    }

    // ------------------------------------------------------------------ creating

    /**
     * {@code supplyAsync}/{@code runAsync} is called with {@code fn}: returns
     * the wrapper to run instead when it is the application's, or null. The
     * future it completes is made next, on this thread ({@link #constructed}).
     */
    public static Object create(String method, Object fn) {
        try {
            int mode = JfrSwitch.mode();
            if (mode == 0 || fn == null || Filter.current().kind(fn.getClass()) != Filter.APP) {
                return null;
            }
            long id = REC.nextId();
            Wrapper w = fn instanceof Supplier ? Wrapper.supplier(REC, mode, null, id, (Supplier<?>) fn)
                    : Wrapper.runnable(REC, mode, null, id, null, Wrapper.SUPPLY, (Runnable) fn, id);
            Pending p = PENDING.get();
            p.tracked = REC.tracked(id, 0, null, "track");
            p.attached = REC.attached(id, id, 0, w.callbackName(), null, method);
            p.creating = w;
            CREATING.getAndAdd(1);
            return w;
        } catch (Throwable e) {
            REC.swallow(e);
            return null;
        }
    }

    /** A {@code CompletableFuture} was constructed while some thread was in supplyAsync/runAsync. */
    public static void constructed(CompletableFuture<?> f) {
        try {
            Pending p = PENDING.get();
            Wrapper w = p.creating;
            if (w != null && w.stage() == null && owns(f)) {
                p.creating = null;
                bindCreated(f, w);
            }
        } catch (Throwable e) {
            REC.swallow(e);
        }
    }

    private static void bindCreated(CompletableFuture<?> f, Wrapper w) {
        int mode = JfrSwitch.mode();
        Trace t = new Trace(REC, w.stageId, null);
        t.announced();
        t.origin(Origin.attached(w instanceof Supplier ? "supplyAsync" : "runAsync", w.name));
        t.measure(mode);
        t.register(f, mode);
        install(f, new State(true, t));
        w.stage(f);
    }

    /** supplyAsync/runAsync returned {@code future} (or threw). */
    public static void created(Object wrapper, Object future) {
        CREATING.getAndAdd(-1);
        try {
            Pending p = PENDING.get();
            if (p.creating == wrapper) {
                p.creating = null;
            }
            Wrapper w = (Wrapper) wrapper;
            if (w.stage() == null && future instanceof CompletableFuture && owns(future)
                    && state((CompletableFuture<?>) future) == null) {
                bindCreated((CompletableFuture<?>) future, w);
            }
            if (w.stage() != null) {
                seenIfDone(w.stage());
            }
        } catch (Throwable e) {
            REC.swallow(e);
        }
    }

    /** {@code completeAsync(supplier, executor)} on {@code self}: the wrapper to run instead, or null. */
    public static Object completeAsync(CompletableFuture<?> self, Object supplier) {
        try {
            int mode = JfrSwitch.mode();
            if (mode == 0 || !(supplier instanceof Supplier) || !owns(self)) {
                return null;
            }
            int k = Filter.current().kind(supplier.getClass());
            State s = state(self);
            if (k == Filter.OURS || k == Filter.CANCELLER || (s == null && k != Filter.APP)) {
                return null;
            }
            s = s != null ? s : ensure(self);
            Trace t = record(self, s, mode, "completeAsync", supplier);
            if (t == null) {
                return null;
            }
            Pending p = PENDING.get();
            p.tracked = t.takeAnnouncement();
            Wrapper w = Wrapper.supplier(REC, mode, self, t.id(), (Supplier<?>) supplier);
            p.attached = REC.attached(t.id(), t.id(), 0, w.callbackName(), null, "completeAsync");
            return w;
        } catch (Throwable e) {
            REC.swallow(e);
            return null;
        }
    }

    // ------------------------------------------------------------------ completion and inspection

    /** One of {@code self}'s completing methods changed it from incomplete to complete. */
    public static void completed(CompletableFuture<?> self) {
        State s = quickState(self);
        Trace t = s == null ? null : s.trace;
        if (t == null) {
            return;
        }
        try {
            t.completedBySelf(self, outcome(self));
        } catch (Throwable e) {
            REC.swallow(e);
        }
    }

    /** A failure is about to reach {@code self} from one of its own methods; see {@link Trace#beforeFailure}. */
    public static void beforeFailure(CompletableFuture<?> self) {
        State s = quickState(self);
        Trace t = s == null ? null : s.trace;
        if (t != null && outcome(self) == null) {
            try {
                t.beforeFailure(self);
            } catch (Throwable e) {
                REC.swallow(e);
            }
        }
    }

    /** {@code obtrudeValue}/{@code obtrudeException} forced a new outcome on {@code self}. */
    public static void obtruded(CompletableFuture<?> self) {
        State s = quickState(self);
        if (s == null) {
            return;
        }
        try {
            int mode = JfrSwitch.mode();
            Trace t = mode == 0 ? s.trace : record(self, s, mode, "obtrude", null);
            if (t != null) {
                t.commitAnnouncement();
                t.obtruded(self, outcome(self));
            }
        } catch (Throwable e) {
            REC.swallow(e);
        }
    }

    /** The application looked at {@code self}'s outcome (join, get, getNow, ...). */
    public static void inspected(CompletableFuture<?> self) {
        State s = quickState(self);
        if (s == null) {
            if (!owns(self)) {
                // A TrackedFuture: the recorder on the bootstrap class path is the JDK 17 build of it,
                // whose TrackedFuture does not override resultNow, exceptionNow and state.
                FutureAccess a = FutureAccess.of(self);
                if (a != null) {
                    a.observe(self);
                }
            }
            return;
        }
        s.observed = true;
        Trace t = s.trace;
        if (t == null) {
            return;
        }
        try {
            t.observed();
            if (!t.fired()) {
                Outcome o = outcome(self);
                if (o != null) {
                    t.seen(self, o);
                }
            }
        } catch (Throwable e) {
            REC.swallow(e);
        }
    }

    /** The outcome goes on to stages out of sight (minimalCompletionStage): taken over. */
    public static void observe(CompletableFuture<?> self) {
        ACCESS.observe(self);
    }

    /**
     * {@code allOf}, {@code anyOf}: each input's outcome goes on to the stage
     * they make, which takes it over. An input done already is read there
     * from its field, without a call any front end could see.
     */
    public static void gathered(CompletableFuture<?>[] inputs) {
        boolean recording = JfrSwitch.mode() != 0;
        for (CompletableFuture<?> f : inputs) {
            // A null input: allOf and anyOf throw for it themselves. A plain future's
            // observation matters only while something records, as for join and get.
            if (f == null || !recording && f.getClass() == CompletableFuture.class) {
                continue;
            }
            FutureAccess a = FutureAccess.of(f);
            if (a != null) {
                a.observe(f);
            }
        }
    }

}
