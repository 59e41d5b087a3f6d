package io.reactortrack.recorder.internal;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.reactortrack.events.CallbackExecutedEvent;

/**
 * A user callback wrapped so that its run is recorded. The wrapper calls the
 * callback exactly once per run, on the thread the future gives it, and hands
 * back exactly what the callback returned or threw.
 *
 * <p>Around the run it records what the run proves: before it, that the input
 * completed (the callback runs with its result); after it, how the stage it
 * was attached for will complete (see {@link Trace} for why that is certain).
 */
public abstract class Wrapper {

    /** Runs on success only: thenApply, thenAccept, thenRun. */
    public static final int SUCCESS = 0;
    /** Runs on failure only: exceptionally. */
    public static final int FAILURE = 1;
    /** Runs on both paths and its result completes the stage: handle. */
    public static final int BOTH = 2;
    /** Runs on both paths, the stage keeps the input's outcome: whenComplete. */
    public static final int WHEN_COMPLETE = 3;
    /** Success only, returns a stage that completes the result: thenCompose. */
    public static final int COMPOSE = 4;
    /** Failure only, returns a stage: exceptionallyCompose. */
    public static final int FAILURE_COMPOSE = 5;
    /** Runs with whichever of two inputs completes first: applyToEither and friends. */
    public static final int EITHER = 6;
    /** Runs when both inputs succeed: thenCombine and friends. */
    public static final int TWO = 7;
    /** Produces the value of the future itself: completeAsync. */
    public static final int SUPPLY = 8;

    final Recorder rec;
    final int mode;
    final CompletableFuture<?> source;
    final CompletableFuture<?> other;
    public final int kind;
    public final String name;
    final long sourceId;
    /** The id reserved for the stage this callback completes. */
    public final long stageId;
    /** The stage, set when it is made, before the callback can run. */
    private volatile CompletableFuture<?> stage;
    private CallbackExecutedEvent event;
    private long startNanos;
    /** Nothing records at the time of the run: it runs as a plain callback. */
    private boolean off;

    Wrapper(Recorder rec, int mode, CompletableFuture<?> source, long sourceId, CompletableFuture<?> other, int kind,
            Object callback, long stageId) {
        this.rec = rec;
        this.mode = mode;
        this.source = source;
        this.sourceId = sourceId;
        this.other = other;
        this.kind = kind;
        this.stageId = stageId;
        Recorder.probe("wrap");
        this.name = CallbackNames.nameOf(callback);
    }

    /** The callback name on the success path, as the attached record says: null for failure-only methods. */
    public String callbackName() {
        return kind == FAILURE || kind == FAILURE_COMPOSE ? null : name;
    }

    /** The callback name on the failure path: set for failure-only and both-path methods. */
    public String errbackName() {
        return kind == FAILURE || kind == FAILURE_COMPOSE || kind == BOTH || kind == WHEN_COMPLETE ? name : null;
    }

    /** Which outcomes of the input complete the stage without running the callback. */
    public int propagation() {
        switch (kind) {
            case SUCCESS:
            case COMPOSE:
            case TWO:
            case EITHER:
                return Trace.ON_FAILURE;
            case FAILURE:
            case FAILURE_COMPOSE:
                return Trace.ON_SUCCESS;
            default:
                return 0;
        }
    }

    /** The other input of a two-input or either method, when it is a {@code CompletableFuture}. */
    public CompletableFuture<?> otherFuture() {
        return other;
    }

    public void stage(CompletableFuture<?> s) {
        stage = s;
    }

    public CompletableFuture<?> stage() {
        return stage;
    }

    // ------------------------------------------------------------------ a run

    /** Called first in a run, with the failure the callback receives (or null); never throws. */
    final void enter(Throwable received) {
        try {
            if (rec.mode() == 0) {
                off = true;
                return;
            }
            Recorder.probe("enter");
            switch (kind) {
                case SUCCESS:
                case COMPOSE:
                    witness(source, Outcome.SUCCESS);
                    break;
                case FAILURE:
                case FAILURE_COMPOSE:
                case BOTH:
                case WHEN_COMPLETE:
                    witness(source, Outcome.of(received));
                    break;
                case TWO:
                    witness(source, Outcome.SUCCESS);
                    witness(other, Outcome.SUCCESS);
                    break;
                case EITHER:
                    witnessIfDone(source);
                    witnessIfDone(other);
                    break;
                default:
                    break;
            }
            event = (mode & Recorder.EXECUTED) != 0 ? rec.beginExecuted() : null;
            startNanos = rec.nanos();
        } catch (Throwable e) {
            rec.swallow(e);
        }
    }

    /**
     * Called last in a run, with what the callback received, threw (or null)
     * and returned; returns what the future must get instead of
     * {@code returned} (the same object but for a compose function's stage);
     * never throws.
     */
    final Object exit(Throwable received, Throwable thrown, Object returned) {
        if (off) {
            return returned;
        }
        try {
            Recorder.probe("exit");
            boolean path = kind == FAILURE || kind == FAILURE_COMPOSE ? false
                    : kind == BOTH || kind == WHEN_COMPLETE ? received == null : true;
            // A supplier whose future did not exist yet when it was wrapped (supplyAsync) gets it as its stage.
            CompletableFuture<?> s = kind == SUPPLY && source != null ? source : stage;
            FutureAccess a = s == null ? null : FutureAccess.of(s);
            Trace st = a == null ? null : a.trace(s);
            long resultId = kind == SUPPLY ? sourceId : stageId;
            if (st == null) {
                rec.executed(event, startNanos, sourceId, resultId, name, path, thrown, 0);
                return returned;
            }
            Outcome already = a.outcome(s);
            if (already != null) {
                // Completed from outside while the callback ran: its value is dropped.
                rec.executed(event, startNanos, sourceId, resultId, name, path, thrown, 0);
                st.seen(s, already);
            } else if (kind == WHEN_COMPLETE && received != null) {
                rec.executed(event, startNanos, sourceId, resultId, name, path, thrown, 0);
                // The action saw the failure: passing it on unchanged is not leaving it unhandled.
                a.observe(s);
                st.predict(s, Outcome.of(received).propagated(), null);
            } else if (thrown != null) {
                rec.executed(event, startNanos, sourceId, resultId, name, path, thrown, 0);
                st.predict(s, Outcome.thrown(thrown), name);
            } else if (kind == COMPOSE || kind == FAILURE_COMPOSE) {
                rec.executed(event, startNanos, sourceId, resultId, name, path, null, 0);
                return composed(s, st, returned);
            } else if (st.claimByCallback()) {
                rec.executed(event, startNanos, sourceId, resultId, name, path, null, resultId);
                st.afterCallback(s);
            } else {
                rec.executed(event, startNanos, sourceId, resultId, name, path, null, 0);
            }
        } catch (Throwable e) {
            rec.swallow(e);
        }
        return returned;
    }

    /**
     * Links the stage a compose function returned into the record: tracked as
     * "composed" when the monitor tracks chained futures, and the result stage
     * completes as it does.
     */
    private Object composed(CompletableFuture<?> stage, Trace st, Object returned) {
        Recorder.probe("composed");
        CompletableFuture<?> g = returned instanceof CompletableFuture ? (CompletableFuture<?>) returned : null;
        FutureAccess ga = g == null ? null : FutureAccess.of(g);
        Trace gt = null;
        if (ga != null) {
            ga.observe(g);
            gt = rec.trackChained() ? ga.adopt(g, rec, mode, sourceId, "composed") : ga.trace(g);
            if (gt != null) {
                gt.commitAnnouncement();
            }
        }
        rec.commit(rec.chained(sourceId, gt == null ? 0 : gt.id));
        if (gt != null) {
            gt.addDependent(g, stage, Trace.ON_SUCCESS | Trace.ON_FAILURE, null, false);
            return returned;
        }
        Outcome done = g == null || ga != null ? null : Outcome.readPlain(g);
        if (done != null) {
            // CompletableFuture relays a completed stage at once, with this outcome.
            st.predict(stage, done.propagated(), null);
        } else {
            FutureAccess.of(stage).listen(stage);
        }
        return returned;
    }

    private static void witness(CompletableFuture<?> f, Outcome o) {
        FutureAccess a = f == null ? null : FutureAccess.of(f);
        Trace t = a == null ? null : a.trace(f);
        if (t != null) {
            t.seen(f, o);
        }
    }

    private static void witnessIfDone(CompletableFuture<?> f) {
        FutureAccess a = f == null ? null : FutureAccess.of(f);
        Trace t = a == null ? null : a.trace(f);
        if (t != null && !t.fired()) {
            Outcome o = a.outcome(f);
            if (o != null) {
                t.seen(f, o);
            }
        }
    }

    // ------------------------------------------------------------------ the shapes of callbacks

    public static Wrapper function(Recorder rec, int mode, CompletableFuture<?> source, long sourceId,
                                   CompletableFuture<?> other, int kind, Function<?, ?> fn, long stageId) {
        return new Fn(rec, mode, source, sourceId, other, kind, fn, stageId);
    }

    public static Wrapper biFunction(Recorder rec, int mode, CompletableFuture<?> source, long sourceId,
                                     CompletableFuture<?> other, int kind, BiFunction<?, ?, ?> fn, long stageId) {
        return new BiFn(rec, mode, source, sourceId, other, kind, fn, stageId);
    }

    public static Wrapper consumer(Recorder rec, int mode, CompletableFuture<?> source, long sourceId,
                                   CompletableFuture<?> other, int kind, Consumer<?> fn, long stageId) {
        return new Cons(rec, mode, source, sourceId, other, kind, fn, stageId);
    }

    public static Wrapper biConsumer(Recorder rec, int mode, CompletableFuture<?> source, long sourceId,
                                     CompletableFuture<?> other, int kind, BiConsumer<?, ?> fn, long stageId) {
        return new BiCons(rec, mode, source, sourceId, other, kind, fn, stageId);
    }

    public static Wrapper runnable(Recorder rec, int mode, CompletableFuture<?> source, long sourceId,
                                   CompletableFuture<?> other, int kind, Runnable fn, long stageId) {
        return new Run(rec, mode, source, sourceId, other, kind, fn, stageId);
    }

    public static Wrapper supplier(Recorder rec, int mode, CompletableFuture<?> source, long sourceId,
                                   Supplier<?> fn) {
        return new Supply(rec, mode, source, sourceId, fn);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final class Fn extends Wrapper implements Function<Object, Object> {
        private final Function fn;

        Fn(Recorder rec, int mode, CompletableFuture<?> source, long sourceId, CompletableFuture<?> other, int kind,
           Function fn, long stageId) {
            super(rec, mode, source, sourceId, other, kind, fn, stageId);
            this.fn = fn;
        }

        @Override
        public Object apply(Object x) {
            Throwable received = kind == FAILURE || kind == FAILURE_COMPOSE ? (Throwable) x : null;
            enter(received);
            Object r;
            try {
                r = fn.apply(x);
            } catch (Throwable t) {
                exit(received, t, null);
                throw t;
            }
            return exit(received, null, r);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final class BiFn extends Wrapper implements BiFunction<Object, Object, Object> {
        private final BiFunction fn;

        BiFn(Recorder rec, int mode, CompletableFuture<?> source, long sourceId, CompletableFuture<?> other,
             int kind, BiFunction fn, long stageId) {
            super(rec, mode, source, sourceId, other, kind, fn, stageId);
            this.fn = fn;
        }

        @Override
        public Object apply(Object a, Object b) {
            Throwable received = kind == BOTH ? (Throwable) b : null;
            enter(received);
            Object r;
            try {
                r = fn.apply(a, b);
            } catch (Throwable t) {
                exit(received, t, null);
                throw t;
            }
            return exit(received, null, r);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final class Cons extends Wrapper implements Consumer<Object> {
        private final Consumer fn;

        Cons(Recorder rec, int mode, CompletableFuture<?> source, long sourceId, CompletableFuture<?> other,
             int kind, Consumer fn, long stageId) {
            super(rec, mode, source, sourceId, other, kind, fn, stageId);
            this.fn = fn;
        }

        @Override
        public void accept(Object x) {
            enter(null);
            try {
                fn.accept(x);
            } catch (Throwable t) {
                exit(null, t, null);
                throw t;
            }
            exit(null, null, null);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static final class BiCons extends Wrapper implements BiConsumer<Object, Object> {
        private final BiConsumer fn;

        BiCons(Recorder rec, int mode, CompletableFuture<?> source, long sourceId, CompletableFuture<?> other,
               int kind, BiConsumer fn, long stageId) {
            super(rec, mode, source, sourceId, other, kind, fn, stageId);
            this.fn = fn;
        }

        @Override
        public void accept(Object a, Object b) {
            Throwable received = kind == WHEN_COMPLETE ? (Throwable) b : null;
            enter(received);
            try {
                fn.accept(a, b);
            } catch (Throwable t) {
                exit(received, t, null);
                throw t;
            }
            exit(received, null, null);
        }
    }

    private static final class Run extends Wrapper implements Runnable {
        private final Runnable fn;

        Run(Recorder rec, int mode, CompletableFuture<?> source, long sourceId, CompletableFuture<?> other, int kind,
            Runnable fn, long stageId) {
            super(rec, mode, source, sourceId, other, kind, fn, stageId);
            this.fn = fn;
        }

        @Override
        public void run() {
            enter(null);
            try {
                fn.run();
            } catch (Throwable t) {
                exit(null, t, null);
                throw t;
            }
            exit(null, null, null);
        }
    }

    @SuppressWarnings("rawtypes")
    private static final class Supply extends Wrapper implements Supplier<Object> {
        private final Supplier fn;

        Supply(Recorder rec, int mode, CompletableFuture<?> source, long sourceId, Supplier fn) {
            super(rec, mode, source, sourceId, null, SUPPLY, fn, sourceId);
            this.fn = fn;
        }

        @Override
        public Object get() {
            enter(null);
            Object r;
            try {
                r = fn.get();
            } catch (Throwable t) {
                exit(null, t, null);
                throw t;
            }
            return exit(null, null, r);
        }
    }
}
