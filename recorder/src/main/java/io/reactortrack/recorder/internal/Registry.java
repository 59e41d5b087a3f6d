package io.reactortrack.recorder.internal;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.reactortrack.events.PendingFutureEvent;
import jdk.jfr.FlightRecorder;

/**
 * The tracked futures that may still be pending, held weakly: a future the
 * application drops is collected as if it had never been tracked.
 *
 * <p>While something records, every tracked future is registered when it is
 * tracked. While nothing records, a future is registered only when it could
 * start to hang someone: when a dependent is attached to it while it is
 * incomplete, or a thread blocks on it. That keeps the story "a
 * {@code JFR.dump} of a hung application shows what it waits for" true when
 * the recording starts after the hang.
 *
 * <p>An entry leaves when the future's completion is recorded, or is swept
 * once the future is collected. Snapshots check each future's real state, so a
 * future completed by a path the tracer did not see is never listed.
 */
public final class Registry {

    /** One registered future. */
    static final class Entry extends WeakReference<CompletableFuture<?>> {
        /** Dropped when the future completes, so that nothing here keeps a monitor alive. */
        volatile Trace trace;
        final long since;

        Entry(CompletableFuture<?> future, Trace trace, long since) {
            super(future);
            this.trace = trace;
            this.since = since;
        }
    }

    /** A pending future as a snapshot sees it. */
    public record Pending(long id, String name, long ageNanos, int dependents, String origin) {
    }

    /**
     * Entries in stripes picked by thread, each an array under its own lock:
     * registering is an append to the caller's stripe, unregistering clears the
     * entry's reference in place, and a stripe compacts itself when it fills.
     * A concurrent set costs several times more per future, on the path of
     * every tracked future while a recording runs.
     */
    private static final class Stripe {
        private Entry[] entries = new Entry[64];
        private int size;

        synchronized void add(Entry e) {
            if (size == entries.length) {
                compact();
            }
            entries[size++] = e;
        }

        /** Drops cleared and collected entries; grows when it stays more than half full. */
        private void compact() {
            int live = 0;
            for (int i = 0; i < size; i++) {
                if (!entries[i].refersTo(null) && entries[i].trace != null) {
                    entries[live++] = entries[i];
                }
            }
            java.util.Arrays.fill(entries, live, size, null);
            size = live;
            if (size > entries.length / 2) {
                entries = java.util.Arrays.copyOf(entries, entries.length * 2);
            }
        }

        synchronized void collect(Recorder rec, List<Entry> into) {
            compact();
            for (int i = 0; i < size; i++) {
                Trace t = entries[i].trace;
                if (t != null && (rec == null || t.rec == rec)) {
                    into.add(entries[i]);
                }
            }
        }

        synchronized int size() {
            compact();
            return size;
        }
    }

    private static final Stripe[] STRIPES = new Stripe[16];

    /*
     * Futures that started waiting while nothing recorded ("held"): a slot in
     * a small ring per thread stripe, with no allocation and no clock read, so
     * that the path every tracked future takes with no recording stays a few
     * nanoseconds. A held future that completes empties its slot; one still
     * pending when its slot comes round again, or when a recording or a
     * snapshot looks, is registered for real then. The rings hold their
     * futures strongly, at most RING x RINGS of them, incomplete ones only.
     */
    private static final int RING = 256;
    private static final int RINGS = 16;
    private static final CompletableFuture<?>[][] HELD = new CompletableFuture<?>[RINGS][RING];
    private static final int[] NEXT = new int[RINGS * 16];
    private static final java.lang.invoke.VarHandle SLOT =
            java.lang.invoke.MethodHandles.arrayElementVarHandle(CompletableFuture[].class);
    private static volatile boolean hookInstalled;

    static {
        for (int i = 0; i < STRIPES.length; i++) {
            STRIPES[i] = new Stripe();
        }
    }

    private Registry() {
    }

    @SuppressWarnings("deprecation") // getId() is threadId() on JDK 19+; it only picks a stripe.
    private static Stripe stripe() {
        return STRIPES[(int) Thread.currentThread().getId() & (STRIPES.length - 1)];
    }

    /** Registers a tracked future; returns its entry, to be passed to {@link #unregister} when it completes. */
    static Entry register(CompletableFuture<?> future, Trace trace) {
        long since = trace.trackedNanos != 0 ? trace.trackedNanos : System.nanoTime();
        Entry e = new Entry(future, trace, since);
        stripe().add(e);
        return e;
    }

    /**
     * Holds a future that something now waits on while nothing records;
     * returns where (never 0), for {@link #release}.
     */
    @SuppressWarnings("deprecation")
    public static int hold(CompletableFuture<?> f) {
        int ring = (int) Thread.currentThread().getId() & (RINGS - 1);
        // One counter per ring, spread over cache lines; a rare race between two threads of one
        // ring can only make them share a slot, and the older future is then registered for real.
        int slot = NEXT[ring * 16]++ & (RING - 1);
        CompletableFuture<?>[] slots = HELD[ring];
        Object old = SLOT.getAndSet(slots, slot, f);
        if (old != null) {
            findable((CompletableFuture<?>) old);
        }
        return ring * RING + slot + 1;
    }

    /** A held future completed: its slot is free again. */
    public static void release(CompletableFuture<?> f, int where) {
        int i = where - 1;
        CompletableFuture<?>[] slots = HELD[i / RING];
        if (SLOT.getAcquire(slots, i % RING) == f) {
            SLOT.compareAndSet(slots, i % RING, f, null);
        }
    }

    /** Registers every held future that is still pending: a recording starts, or a snapshot is taken. */
    static void promoteHeld() {
        for (CompletableFuture<?>[] slots : HELD) {
            for (int i = 0; i < RING; i++) {
                Object f = SLOT.getAcquire(slots, i);
                if (f != null && SLOT.compareAndSet(slots, i, f, null)) {
                    findable((CompletableFuture<?>) f);
                }
            }
        }
    }

    private static void findable(CompletableFuture<?> f) {
        if (!f.isDone()) {
            FutureAccess a = FutureAccess.of(f);
            if (a != null) {
                a.findable(f);
            }
        }
    }

    /** The future completed: its entry is dropped at its stripe's next compaction. */
    static void unregister(Entry e) {
        if (e != null) {
            // Not Reference.clear(): a native call on every completion; the entry is dropped at the
            // stripe's next compaction, and the future is collected as if it were never registered.
            e.trace = null;
        }
    }

    /** How many futures are registered and not known complete; for tests of the registry itself. */
    public static int size() {
        int n = 0;
        for (Stripe s : STRIPES) {
            n += s.size();
        }
        return n;
    }

    /** Incomplete futures of {@code rec} (or of every recorder when null), oldest first (by id). */
    public static List<Pending> snapshot(Recorder rec) {
        promoteHeld();
        long now = System.nanoTime();
        List<Entry> entries = new ArrayList<>();
        for (Stripe s : STRIPES) {
            s.collect(rec, entries);
        }
        // Ids count up as futures are tracked: oldest first, even where an age is only a lower bound.
        entries.sort(Comparator.comparingLong(e -> {
            Trace t = e.trace;
            return t == null ? 0 : t.id;
        }));
        List<Pending> pending = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            CompletableFuture<?> f = e.get();
            Trace t = e.trace;
            if (f == null || t == null) {
                continue;
            }
            FutureAccess a = FutureAccess.of(f);
            Outcome done = a != null ? a.outcome(f) : Outcome.readPlain(f);
            if (done != null) {
                unregister(e);
                // Completed by a path nothing announced (an internal completion of a stage nobody waits on).
                t.seen(f, done);
                continue;
            }
            int all = a != null ? a.dependents(f) : f.getNumberOfDependents();
            int dependents = Math.max(0, all - t.internalDependents());
            pending.add(new Pending(t.id, t.name, now - e.since, dependents, t.originText()));
        }
        return pending;
    }

    /** Reports every pending future of {@code rec}, then forgets them: after close it reports nothing more. */
    static void reportAndForget(Recorder rec) {
        List<Entry> entries = new ArrayList<>();
        for (Stripe s : STRIPES) {
            s.collect(rec, entries);
        }
        for (Pending p : snapshot(rec)) {
            rec.pending(p.id(), p.name(), p.ageNanos(), p.dependents(), p.origin());
        }
        for (Entry e : entries) {
            unregister(e);
        }
    }

    /**
     * Hooks the PendingFuture event to the end of every chunk. Done once a
     * recording wants it, so that an application without a recording never
     * initialises Flight Recorder because of us.
     */
    static synchronized void installChunkHook() {
        if (hookInstalled) {
            return;
        }
        FlightRecorder.addPeriodicEvent(PendingFutureEvent.class, Registry::endOfChunk);
        hookInstalled = true;
    }

    private static void endOfChunk() {
        try {
            JfrSwitch.refresh();
            for (Pending p : snapshot(null)) {
                JfrEvents.pending(p.id(), p.name(), p.ageNanos(), p.dependents(), p.origin());
            }
            if (ShutdownDetector.shuttingDown()) {
                UnhandledWatch.reportAllAtExit();
            }
        } catch (Throwable ignored) {
            // Flight Recorder calls this from its own thread: nothing of the application to protect, nothing to throw to.
        }
    }
}
