package io.reactortrack.recorder;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import io.reactortrack.events.CallbackExecutedEvent;
import io.reactortrack.recorder.internal.CallbackNames;

/**
 * A user callback wrapped so that its runs are recorded. The wrapper calls the
 * callback exactly once per run, on the thread the future gives it, and hands
 * back exactly what the callback returned or threw.
 *
 * <p>Around the run it notes what the run proves: that the source future has
 * fired (before the run), and how the stage the callback completes will fire
 * (after it), so fired events come before the callbacks they trigger.
 */
abstract class Traced {

    /** Runs on success only: thenApply, thenAccept, thenRun. */
    static final int SUCCESS = 0;
    /** Runs on failure only: exceptionally. */
    static final int FAILURE = 1;
    /** Runs on both paths and its result completes the stage: handle. */
    static final int BOTH = 2;
    /** Runs on both paths, the stage keeps the source's outcome: whenComplete. */
    static final int WHEN_COMPLETE = 3;
    /** Success only, returns a stage that completes the result: thenCompose. */
    static final int COMPOSE = 4;
    /** Failure only, returns a stage: exceptionallyCompose. */
    static final int FAILURE_COMPOSE = 5;
    /** Runs with whichever of two sources succeeds first: applyToEither and friends. */
    static final int EITHER = 6;
    /** Runs when both sources succeed: thenCombine and friends. */
    static final int TWO = 7;
    /** Produces the value of the source itself: completeAsync. */
    static final int SUPPLY = 8;

    final BaseMonitor monitor;
    final TrackedFuture<?> source;
    final CompletableFuture<?> other;
    final int kind;
    final String name;
    /** The stage this callback completes; set when the stage is created, before the callback can run. */
    TrackedFuture<?> result;

    Traced(BaseMonitor monitor, TrackedFuture<?> source, CompletableFuture<?> other, int kind, Object callback) {
        this.monitor = monitor;
        this.source = source;
        this.other = other;
        this.kind = kind;
        BaseMonitor.probe("wrap");
        this.name = CallbackNames.nameOf(callback);
    }

    final String callbackName() {
        return kind == FAILURE || kind == FAILURE_COMPOSE ? null : name;
    }

    final String errbackName() {
        return kind == FAILURE || kind == FAILURE_COMPOSE || kind == BOTH || kind == WHEN_COMPLETE ? name : null;
    }

    /** Which outcomes of the source complete the result without running the callback. */
    final int propagation() {
        switch (kind) {
            case SUCCESS:
            case COMPOSE:
            case TWO:
            case EITHER:
                return TrackedFuture.ON_FAILURE;
            case FAILURE:
            case FAILURE_COMPOSE:
                return TrackedFuture.ON_SUCCESS;
            default:
                return 0;
        }
    }

    final boolean composes() {
        return kind == COMPOSE || kind == FAILURE_COMPOSE;
    }

    /** Called first in a run; never throws. */
    final CallbackExecutedEvent enter(Throwable sourceError) {
        try {
            BaseMonitor.probe("enter");
            switch (kind) {
                case SUCCESS:
                case COMPOSE:
                    source.observed(null);
                    break;
                case FAILURE:
                case FAILURE_COMPOSE:
                case BOTH:
                case WHEN_COMPLETE:
                    source.observed(sourceError);
                    break;
                case TWO:
                    source.observed(null);
                    if (other instanceof TrackedFuture) {
                        ((TrackedFuture<?>) other).observed(null);
                    }
                    break;
                default:
                    break;
            }
            return monitor.beginExecuted();
        } catch (Throwable e) {
            monitor.swallow(e);
            return null;
        }
    }

    final long startNanos() {
        return monitor.lines != null ? System.nanoTime() : 0L;
    }

    /** Called last in a run, with what the callback threw (or null); never throws. */
    final void exit(CallbackExecutedEvent event, long startNanos, boolean callbackPath, Throwable sourceError,
                    Throwable thrown) {
        try {
            BaseMonitor.probe("exit");
            monitor.executed(event, startNanos, source.idFor(monitor), name, callbackPath, thrown);
            TrackedFuture<?> target = kind == SUPPLY ? source : result;
            if (target == null) {
                return;
            }
            if (kind == WHEN_COMPLETE && sourceError != null) {
                // The action saw the failure: passing it on unchanged is not leaving it unhandled.
                target.markObservedUpstream();
                target.settle(new TrackedFuture.Failure(sourceError, false));
            } else if (thrown != null) {
                target.settle(new TrackedFuture.Failure(thrown, false));
            } else if (!composes()) {
                target.settle(TrackedFuture.SUCCEEDED);
            }
        } catch (Throwable e) {
            monitor.swallow(e);
        }
    }

    /**
     * Links the stage a compose function returned into the picture: tracked as
     * "composed" when the monitor tracks chained futures, and the result stage
     * fires when it fires. Returns what the future must relay: the returned
     * stage itself, or a tracked future that completes exactly as it does.
     */
    final Object composed(Object returned) {
        if (!(returned instanceof CompletionStage)) {
            return returned;
        }
        try {
            BaseMonitor.probe("composed");
            long sourceId = source.idFor(monitor);
            TrackedFuture<?> target = null;
            Object relay = returned;
            if (returned instanceof TrackedFuture) {
                TrackedFuture<?> g = (TrackedFuture<?>) returned;
                if (monitor.trackChained()) {
                    g.adopt(monitor, sourceId, null, "composed");
                }
                target = g.isTracked() ? g : null;
            } else if (monitor.trackChained() && returned instanceof CompletableFuture) {
                TrackedFuture<Object> mirror = new TrackedFuture<>();
                mirror.adopt(monitor, sourceId, null, "composed");
                @SuppressWarnings("unchecked")
                CompletableFuture<Object> g = (CompletableFuture<Object>) returned;
                g.whenComplete(mirror::mirror);
                target = mirror;
                relay = mirror;
            }
            monitor.chained(sourceId, target == null ? 0 : target.trackedId());
            if (target != null && result != null) {
                target.addDependent(result, TrackedFuture.ON_SUCCESS | TrackedFuture.ON_FAILURE);
            }
            return relay;
        } catch (Throwable e) {
            monitor.swallow(e);
            return returned;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static final class Fn extends Traced implements Function<Object, Object> {
        private final Function fn;

        Fn(BaseMonitor m, TrackedFuture<?> source, CompletableFuture<?> other, int kind, Function fn) {
            super(m, source, other, kind, fn);
            this.fn = fn;
        }

        @Override
        public Object apply(Object x) {
            boolean path = kind != FAILURE && kind != FAILURE_COMPOSE;
            Throwable sourceError = path ? null : (Throwable) x;
            CallbackExecutedEvent event = enter(sourceError);
            long t0 = startNanos();
            Object r;
            try {
                r = fn.apply(x);
            } catch (Throwable t) {
                exit(event, t0, path, sourceError, t);
                throw t;
            }
            exit(event, t0, path, sourceError, null);
            return composes() ? composed(r) : r;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static final class BiFn extends Traced implements BiFunction<Object, Object, Object> {
        private final BiFunction fn;

        BiFn(BaseMonitor m, TrackedFuture<?> source, CompletableFuture<?> other, int kind, BiFunction fn) {
            super(m, source, other, kind, fn);
            this.fn = fn;
        }

        @Override
        public Object apply(Object a, Object b) {
            Throwable sourceError = kind == BOTH ? (Throwable) b : null;
            boolean path = sourceError == null;
            CallbackExecutedEvent event = enter(sourceError);
            long t0 = startNanos();
            Object r;
            try {
                r = fn.apply(a, b);
            } catch (Throwable t) {
                exit(event, t0, path, sourceError, t);
                throw t;
            }
            exit(event, t0, path, sourceError, null);
            return r;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static final class Cons extends Traced implements Consumer<Object> {
        private final Consumer fn;

        Cons(BaseMonitor m, TrackedFuture<?> source, CompletableFuture<?> other, int kind, Consumer fn) {
            super(m, source, other, kind, fn);
            this.fn = fn;
        }

        @Override
        public void accept(Object x) {
            CallbackExecutedEvent event = enter(null);
            long t0 = startNanos();
            try {
                fn.accept(x);
            } catch (Throwable t) {
                exit(event, t0, true, null, t);
                throw t;
            }
            exit(event, t0, true, null, null);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static final class BiCons extends Traced implements BiConsumer<Object, Object> {
        private final BiConsumer fn;

        BiCons(BaseMonitor m, TrackedFuture<?> source, CompletableFuture<?> other, int kind, BiConsumer fn) {
            super(m, source, other, kind, fn);
            this.fn = fn;
        }

        @Override
        public void accept(Object a, Object b) {
            Throwable sourceError = kind == WHEN_COMPLETE ? (Throwable) b : null;
            boolean path = sourceError == null;
            CallbackExecutedEvent event = enter(sourceError);
            long t0 = startNanos();
            try {
                fn.accept(a, b);
            } catch (Throwable t) {
                exit(event, t0, path, sourceError, t);
                throw t;
            }
            exit(event, t0, path, sourceError, null);
        }
    }

    static final class Run extends Traced implements Runnable {
        private final Runnable fn;

        Run(BaseMonitor m, TrackedFuture<?> source, CompletableFuture<?> other, int kind, Runnable fn) {
            super(m, source, other, kind, fn);
            this.fn = fn;
        }

        @Override
        public void run() {
            CallbackExecutedEvent event = enter(null);
            long t0 = startNanos();
            try {
                fn.run();
            } catch (Throwable t) {
                exit(event, t0, true, null, t);
                throw t;
            }
            exit(event, t0, true, null, null);
        }
    }

    @SuppressWarnings("rawtypes")
    static final class Supply extends Traced implements Supplier<Object> {
        private final Supplier fn;

        Supply(BaseMonitor m, TrackedFuture<?> source, Supplier fn) {
            super(m, source, null, SUPPLY, fn);
            this.fn = fn;
        }

        @Override
        public Object get() {
            CallbackExecutedEvent event = enter(null);
            long t0 = startNanos();
            Object r;
            try {
                r = fn.get();
            } catch (Throwable t) {
                exit(event, t0, true, null, t);
                throw t;
            }
            exit(event, t0, true, null, null);
            return r;
        }
    }
}
