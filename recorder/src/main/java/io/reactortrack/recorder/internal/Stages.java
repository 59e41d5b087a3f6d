package io.reactortrack.recorder.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

import io.reactortrack.events.CallbackAttachedEvent;

/**
 * How an attaching call is recorded, whichever front end made it: the
 * callback wrapped, its {@code attached} record, and the stage it completes
 * reserved so that the stage has its id and record before anything can
 * happen to it.
 *
 * <p>{@code CompletableFuture} makes every stage with
 * {@code newIncompleteFuture()}, on the calling thread, before the callback
 * can run. The attaching call therefore leaves a {@link Reservation} in a
 * thread-local slot, and the front end's {@code newIncompleteFuture()} hands
 * the stage it made to {@link #stageMade}: the subclass front end in its
 * override, the woven one in advice on the JDK's method.
 */
public final class Stages {

    /** Both outcomes of an input. */
    public static final int ALL = Trace.ON_SUCCESS | Trace.ON_FAILURE;

    /** What an attaching call leaves for the {@code newIncompleteFuture()} it is about to cause. */
    public static final class Reservation {
        /** The future the callback is attached to. */
        public CompletableFuture<?> owner;
        public Wrapper wrapper;
        /** The stage made with the reservation; null until then. */
        public CompletableFuture<?> made;
        public int mode;
        public String method;
        int mask;
        Trace.BothInputs both;
        /** The other input of a two-input or either method. */
        public CompletableFuture<?> other;
        /** The attached event, filled in, for the method the application called to commit. */
        CallbackAttachedEvent event;
        /** A stage of the tracer's own, or of the JDK's timer canceller: untracked, invisible. */
        public boolean internal;

        /** The attached event to commit in the method the application called, or null; once. */
        public CallbackAttachedEvent takeEvent() {
            CallbackAttachedEvent e = event;
            event = null;
            return e;
        }

        public void clear() {
            owner = null;
            wrapper = null;
            event = null;
            made = null;
            both = null;
            other = null;
            internal = false;
        }
    }

    private static final ThreadLocal<Reservation> RESERVATION = ThreadLocal.withInitial(Reservation::new);

    private Stages() {
    }

    /** This thread's reservation slot. */
    public static Reservation reservation() {
        return RESERVATION.get();
    }

    /**
     * Wraps a callback attached to {@code self} (record {@code t}, null when
     * none) with {@code kind}; the stage it completes gets a new id now.
     */
    public static Wrapper wrap(Recorder r, int mode, CompletableFuture<?> self, Trace t, int kind, Object fn,
                               CompletionStage<?> other) {
        long sourceId = t == null ? 0 : t.id();
        CompletableFuture<?> o = other instanceof CompletableFuture ? (CompletableFuture<?>) other : null;
        long stageId = r.nextId();
        if (fn instanceof Function) {
            return Wrapper.function(r, mode, self, sourceId, o, kind, (Function<?, ?>) fn, stageId);
        } else if (fn instanceof BiFunction) {
            return Wrapper.biFunction(r, mode, self, sourceId, o, kind, (BiFunction<?, ?, ?>) fn, stageId);
        } else if (fn instanceof Consumer) {
            return Wrapper.consumer(r, mode, self, sourceId, o, kind, (Consumer<?>) fn, stageId);
        } else if (fn instanceof BiConsumer) {
            return Wrapper.biConsumer(r, mode, self, sourceId, o, kind, (BiConsumer<?, ?>) fn, stageId);
        } else {
            return Wrapper.runnable(r, mode, self, sourceId, o, kind, (Runnable) fn, stageId);
        }
    }

    /**
     * Records the attaching of {@code w} to {@code self} and reserves the
     * stage it will complete; the attached event comes back in the
     * reservation, for the method the application called to commit. Null
     * when {@code self} has no record.
     */
    public static Reservation reserve(FutureAccess a, CompletableFuture<?> self, Recorder rec, int mode, Wrapper w,
                                      String method) {
        Trace t = a.traceFor(self, rec, mode);
        if (t == null) {
            return null;
        }
        t.attaching(self);
        CompletableFuture<?> other = w.kind == Wrapper.TWO || w.kind == Wrapper.EITHER ? w.otherFuture() : null;
        Trace ot = other == null ? null : tracedOther(other, rec, mode);
        CallbackAttachedEvent event = rec.attached(t.id(), w.stageId, ot == null || other == self ? 0 : ot.id(),
                w.callbackName(), w.errbackName(), method);
        Reservation r = RESERVATION.get();
        r.owner = self;
        r.wrapper = w;
        r.event = event;
        r.made = null;
        r.mode = mode;
        r.method = method;
        r.mask = w.propagation();
        r.other = other;
        r.both = w.kind == Wrapper.TWO ? new Trace.BothInputs(self, other) : null;
        r.internal = false;
        return r;
    }

    /** The record of a two-input stage's other input, made if its front end tracks it. */
    private static Trace tracedOther(CompletableFuture<?> other, Recorder rec, int mode) {
        FutureAccess oa = FutureAccess.of(other);
        Trace t = oa == null ? null : oa.traceFor(other, rec, mode);
        if (t != null) {
            t.attaching(other);
        }
        return t;
    }

    /**
     * The stage reserved in {@code res} was made: it gets the record the
     * attached event announced, and is linked to the inputs it takes an
     * outcome from without running the callback.
     */
    public static void stageMade(Reservation res, CompletableFuture<?> child, FutureAccess childAccess) {
        CompletableFuture<?> self = res.owner;
        FutureAccess a = FutureAccess.of(self);
        Trace pt = a == null ? null : a.trace(self);
        Wrapper w = res.wrapper;
        Recorder r = w.rec;
        long parent = pt == null ? 0 : pt.id();
        Trace ct = new Trace(r, w.stageId, null);
        ct.announced();
        ct.origin(Origin.derived(res.method, w.name, parent));
        if (w.kind == Wrapper.COMPOSE || w.kind == Wrapper.FAILURE_COMPOSE) {
            ct.measure(res.mode);
        }
        ct.register(child, res.mode);
        childAccess.made(child, r, ct);
        w.stage(child);
        res.made = child;
        if (res.both != null) {
            if (pt != null) {
                pt.addDependent(self, child, ALL, res.both, true);
            }
            CompletableFuture<?> other = res.other;
            FutureAccess oa = other == null ? null : FutureAccess.of(other);
            Trace ot = oa == null ? null : oa.trace(other);
            if (ot != null) {
                ot.addDependent(other, child, ALL, res.both, false);
            } else {
                childAccess.listen(child);
            }
        } else if (w.kind == Wrapper.EITHER) {
            childAccess.listen(child);
        } else if (res.mask != 0) {
            ct.derivedFrom(self, res.mask);
            if (pt != null) {
                pt.addDependent(self, child, res.mask, null, false);
            }
        }
    }

    /**
     * A stage of {@code self} made without a callback of its own
     * ({@code copy}, or a {@code newIncompleteFuture()} no attaching call
     * reserved): tracked as derived, its tracking committed here.
     */
    public static Trace derived(CompletableFuture<?> self, Trace parentTrace, CompletableFuture<?> child,
                                FutureAccess childAccess, Recorder r, int mode, String method) {
        long parent = parentTrace == null ? 0 : parentTrace.id();
        Trace ct = Trace.start(r, child, mode, null, parent, "derived", Origin.derived(method, null, parent), false);
        ct.commitAnnouncement();
        childAccess.made(child, r, ct);
        return ct;
    }

    /** {@code copy} made {@code child}: it takes {@code self}'s outcome, whatever it is. */
    public static void copied(CompletableFuture<?> self, Trace parentTrace, CompletableFuture<?> child, Trace ct) {
        if (parentTrace != null && ct != null) {
            ct.derivedFrom(self, ALL);
            parentTrace.addDependent(self, child, ALL, null, false);
        }
    }
}
