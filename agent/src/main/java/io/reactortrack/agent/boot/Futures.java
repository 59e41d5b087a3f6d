package io.reactortrack.agent.boot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;

import io.reactortrack.recorder.internal.CallbackNames;
import io.reactortrack.recorder.internal.FutureAccess;
import io.reactortrack.recorder.internal.JfrSwitch;
import io.reactortrack.recorder.internal.Origin;
import io.reactortrack.recorder.internal.Outcome;
import io.reactortrack.recorder.internal.Recorder;
import io.reactortrack.recorder.internal.Trace;

/**
 * Plain futures as the tracer sees them: each traced future's state, and
 * what is read of a future without side effects, straight from
 * {@code CompletableFuture}'s fields (its public methods would count as the
 * application looking, and a minimal stage's throw).
 *
 * <p>The state lives outside the application's classes: in a field the
 * agent adds to {@code CompletableFuture} when it is loaded after the agent
 * ({@code -javaagent}), else in a weak identity table ({@link SideTable}: an
 * agent loaded into a running JVM, where no field can be added). A future
 * has state only once it is traced.
 */
final class Futures {

    private static final String TRACKED_FUTURE = "io.reactortrack.recorder.TrackedFuture";

    static final Recorder REC = new Recorder(Woven.class, true, false);
    static final Access ACCESS = new Access();

    static final VarHandle FIELD;
    private static final VarHandle RESULT;
    private static final VarHandle ALT_EX;
    private static final Class<?> ALT;
    private static final VarHandle STACK;
    private static final VarHandle NEXT;

    /** Whether a future of this class belongs to the subclass front end (any copy of TrackedFuture). */
    private static final ClassValue<Boolean> SUBCLASS_FRONT_END = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> c) {
            for (Class<?> k = c; k != null; k = k.getSuperclass()) {
                if (k.getName().equals(TRACKED_FUTURE)) {
                    return true;
                }
            }
            return false;
        }
    };

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.privateLookupIn(CompletableFuture.class, MethodHandles.lookup());
            RESULT = l.findVarHandle(CompletableFuture.class, "result", Object.class);
            ALT = Class.forName("java.util.concurrent.CompletableFuture$AltResult");
            ALT_EX = MethodHandles.privateLookupIn(ALT, MethodHandles.lookup()).findVarHandle(ALT, "ex", Throwable.class);
            Class<?> completion = Class.forName("java.util.concurrent.CompletableFuture$Completion");
            STACK = l.findVarHandle(CompletableFuture.class, "stack", completion);
            NEXT = MethodHandles.privateLookupIn(completion, MethodHandles.lookup())
                    .findVarHandle(completion, "next", completion);
            VarHandle f;
            try {
                f = l.findVarHandle(CompletableFuture.class, Woven.STATE_FIELD, Object.class);
            } catch (NoSuchFieldException e) {
                f = null;
            }
            FIELD = f;
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        FutureAccess.installWoven(ACCESS);
    }

    /** A traced future's state. */
    static final class State {
        /** Traced on its own, not as a stage made by a traced future. */
        final boolean root;
        volatile Trace trace;
        volatile boolean observed;

        State(boolean root, Trace trace) {
            this.root = root;
            this.trace = trace;
        }
    }
    private Futures() {
    }

    /** Runs the class initialiser: the VarHandles, the recorder, the front end's installation. */
    static void init() {
        // Nothing more.
    }

    // ------------------------------------------------------------------ state

    static boolean owns(Object f) {
        Class<?> c = f.getClass();
        return c == CompletableFuture.class || !SUBCLASS_FRONT_END.get(c);
    }

    static State state(CompletableFuture<?> f) {
        return FIELD != null ? (State) FIELD.getAcquire(f) : SideTable.get(f);
    }

    /** The state when reading it is cheap (a field), or when something records; else null. */
    static State quickState(CompletableFuture<?> f) {
        return FIELD != null ? (State) FIELD.getAcquire(f) : JfrSwitch.mode() != 0 ? SideTable.get(f) : null;
    }

    /** Installs {@code s} unless {@code f} has a state already; returns the state {@code f} has. */
    static State install(CompletableFuture<?> f, State s) {
        if (FIELD != null) {
            return FIELD.compareAndExchangeRelease(f, null, s) instanceof State existing ? existing : s;
        }
        State existing = SideTable.putIfAbsent(f, s);
        return existing != null ? existing : s;
    }

    static State ensure(CompletableFuture<?> f) {
        State s = state(f);
        return s != null ? s : install(f, new State(true, null));
    }

    /** How {@code f} completed, read from its field without marking it observed; null while incomplete. */
    static Outcome outcome(CompletableFuture<?> f) {
        Object r = RESULT.getAcquire(f);
        if (r == null) {
            return null;
        }
        if (r.getClass() == ALT) {
            Throwable x = (Throwable) ALT_EX.get(r);
            return x == null ? Outcome.SUCCESS : Outcome.failure(x);
        }
        return Outcome.SUCCESS;
    }

    /**
     * The stages waiting on {@code f}, counted as {@code getNumberOfDependents()}
     * does, from its fields: a minimal stage's public methods throw.
     */
    static int dependents(CompletableFuture<?> f) {
        int n = 0;
        for (Object c = STACK.getAcquire(f); c != null && n < Integer.MAX_VALUE; c = NEXT.getAcquire(c)) {
            n++;
        }
        return n;
    }

    static Trace record(CompletableFuture<?> f, State s, int mode, String method, Object fn) {
        Trace t = s.trace;
        if (t != null) {
            t.announce(s.root ? "track" : "derived");
            return t;
        }
        synchronized (s) {
            t = s.trace;
            if (t == null) {
                t = start(f, s, mode, 0, s.root ? "track" : "derived",
                        Origin.attached(method, fn == null ? null : CallbackNames.nameOf(fn)));
            }
        }
        return t;
    }

    static Trace start(CompletableFuture<?> f, State s, int mode, long parent, String via, Origin origin) {
        Trace t = Trace.start(REC, f, mode, null, parent, via, origin, true);
        s.trace = t;
        Outcome done = outcome(f);
        if (done != null) {
            t.seen(f, done);
        }
        return t;
    }

    static void seenIfDone(CompletableFuture<?> f) {
        State s = state(f);
        Trace t = s == null ? null : s.trace;
        if (t != null && !t.fired()) {
            Outcome o = outcome(f);
            if (o != null) {
                t.seen(f, o);
            }
        }
    }

    // ------------------------------------------------------------------ the tracer's view

    /** What the tracer reads of plain futures; see {@link FutureAccess}. */
    static final class Access implements FutureAccess {
        @Override
        public boolean owns(CompletableFuture<?> f) {
            return Futures.owns(f);
        }

        @Override
        public Trace trace(CompletableFuture<?> f) {
            State s = state(f);
            return s == null ? null : s.trace;
        }

        @Override
        public Outcome outcome(CompletableFuture<?> f) {
            return Futures.outcome(f);
        }

        @Override
        public int dependents(CompletableFuture<?> f) {
            return Futures.dependents(f);
        }

        @Override
        public boolean observed(CompletableFuture<?> f) {
            State s = state(f);
            return s != null && s.observed;
        }

        @Override
        public void observe(CompletableFuture<?> f) {
            State s = quickState(f);
            if (s != null) {
                s.observed = true;
                Trace t = s.trace;
                if (t != null) {
                    t.observed();
                }
            }
        }

        @Override
        public Trace adopt(CompletableFuture<?> f, Recorder rec, int mode, long parent, String via) {
            State s = ensure(f);
            synchronized (s) {
                Trace t = s.trace;
                return t != null ? t : start(f, s, mode, parent, via, Origin.derived(via, null, parent));
            }
        }

        @Override
        public void listen(CompletableFuture<?> f) {
            // Every completion of a woven future goes through a method the agent advises.
        }

        @Override
        public void findable(CompletableFuture<?> f) {
            // A plain future is traced only while something records, so it is registered as it is traced.
            State s = state(f);
            Trace t = s == null ? null : s.trace;
            if (t != null) {
                t.promote(f);
            }
        }

        @Override
        public Trace traceFor(CompletableFuture<?> f, Recorder rec, int mode) {
            Trace t = record(f, ensure(f), mode, "other input", null);
            if (t != null) {
                t.commitAnnouncement();
            }
            return t;
        }

        @Override
        public void made(CompletableFuture<?> stage, Recorder rec, Trace t) {
            install(stage, new State(false, t));
        }
    }
}
