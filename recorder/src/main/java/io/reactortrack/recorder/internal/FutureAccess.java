package io.reactortrack.recorder.internal;

import java.util.concurrent.CompletableFuture;

/**
 * What the tracer reads of a future without changing what the application
 * sees: a front end (the {@code TrackedFuture} subclass, or code woven into
 * {@code CompletableFuture} by the agent) implements it for its futures and
 * installs it in {@link #install} or {@link #installWoven}, the way the JDK
 * hands internals across packages. Reading through the public methods would
 * count as the application looking at the outcome.
 *
 * <p>Two front ends can be installed at once: the subclass front end owns
 * its instances, and the woven one every other {@code CompletableFuture}, so
 * that no future is traced twice.
 */
public interface FutureAccess {

    /** The record kept for {@code f}, or null when nothing was recorded about it. */
    Trace trace(CompletableFuture<?> f);

    /** How {@code f} completed, or null while it is incomplete; never marks it observed. */
    Outcome outcome(CompletableFuture<?> f);

    /**
     * The stages {@code CompletableFuture} counts as waiting on {@code f}
     * ({@code getNumberOfDependents()}), including the tracer's own.
     */
    int dependents(CompletableFuture<?> f);

    /** Whether the application looked at {@code f}'s outcome or attached a dependent to it. */
    boolean observed(CompletableFuture<?> f);

    /** Marks {@code f}'s outcome as taken over: it went on to a stage or a callback that saw it. */
    void observe(CompletableFuture<?> f);

    /**
     * Starts tracking {@code f} with {@code rec} (as a chain target or a composed
     * future) when nothing tracks it yet; returns its record, or null when it
     * is not tracked.
     */
    Trace adopt(CompletableFuture<?> f, Recorder rec, int mode, long parent, String via);

    /**
     * Makes sure the tracer hears of {@code f}'s completion however it comes
     * (a listener of the tracer's own, invisible to the application), for a
     * stage whose completion nothing else announces.
     */
    void listen(CompletableFuture<?> f);

    /**
     * Makes a future that started waiting while nothing recorded findable by
     * snapshots from now on: a record without a {@code tracked} line, and a
     * place among the pending futures.
     */
    void findable(CompletableFuture<?> f);

    /**
     * The record of {@code f} for an operation that records, made (and its
     * tracking recorded) when this front end tracks {@code f} but nothing was
     * recorded about it yet; null when this front end does not track it.
     */
    Trace traceFor(CompletableFuture<?> f, Recorder rec, int mode);

    /**
     * Gives a stage this front end's record {@code t}, made by {@link Stages}
     * for the stage an attaching call reserved, before anything can happen to it.
     */
    void made(CompletableFuture<?> stage, Recorder rec, Trace t);

    /** The front end of {@code f}, or null when {@code f} is a future no front end knows. */
    static FutureAccess of(CompletableFuture<?> f) {
        FutureAccess a = Installed.tracked;
        if (a != null && a.owns(f)) {
            return a;
        }
        FutureAccess w = Installed.woven;
        return w != null && w.owns(f) ? w : null;
    }

    /** Whether {@code f} is one of this front end's futures. */
    boolean owns(CompletableFuture<?> f);

    /** Installs the front end of tracked futures; called once, from its class initialiser. */
    static void install(FutureAccess access) {
        Installed.tracked = access;
    }

    /**
     * Installs the front end woven into {@code CompletableFuture} itself: it
     * owns the futures the subclass front end does not.
     */
    static void installWoven(FutureAccess access) {
        Installed.woven = access;
    }

    /** Holder of the installed front ends. */
    final class Installed {
        static volatile FutureAccess tracked;
        static volatile FutureAccess woven;

        private Installed() {
        }
    }
}
