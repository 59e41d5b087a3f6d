package io.reactortrack.recorder;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.reactortrack.events.PendingFutureEvent;
import jdk.jfr.FlightRecorder;

/**
 * The tracked futures that have not fired yet, held weakly: a future the
 * application drops is collected as if it had never been tracked.
 *
 * <p>Registration happens only while a monitor records, once per future; the
 * entry leaves when the future fires, or is swept once the future is collected.
 * Snapshots ({@link Monitor#pending()} and the {@code PendingFuture} event at the
 * end of every recording chunk) check each entry's real state, so a future
 * completed by a path the tracer did not see is never reported as pending.
 */
final class LiveFutures {

    static final class Entry extends WeakReference<TrackedFuture<?>> {
        final BaseMonitor monitor;
        final long id;
        final long trackedAt;

        Entry(TrackedFuture<?> future, BaseMonitor monitor, long id, ReferenceQueue<TrackedFuture<?>> queue) {
            super(future, queue);
            this.monitor = monitor;
            this.id = id;
            this.trackedAt = System.nanoTime();
        }
    }

    private static final Set<Entry> ENTRIES = ConcurrentHashMap.newKeySet();
    private static final ReferenceQueue<TrackedFuture<?>> COLLECTED = new ReferenceQueue<>();
    private static volatile boolean hookInstalled;

    private LiveFutures() {
    }

    static Entry register(TrackedFuture<?> future, BaseMonitor monitor, long id) {
        sweep();
        Entry e = new Entry(future, monitor, id, COLLECTED);
        ENTRIES.add(e);
        if (!hookInstalled) {
            installHook();
        }
        return e;
    }

    static void unregister(Entry e) {
        if (e != null) {
            ENTRIES.remove(e);
        }
    }

    /** How many futures are registered, complete or not; for tests of the registry itself. */
    static int size() {
        sweep();
        return ENTRIES.size();
    }

    /** Drops every entry of {@code monitor}: after close it reports nothing more. */
    static void forget(BaseMonitor monitor) {
        ENTRIES.removeIf(e -> e.monitor == monitor);
    }

    private static void sweep() {
        for (Object r; (r = COLLECTED.poll()) != null; ) {
            ENTRIES.remove(r);
        }
    }

    /** Incomplete futures of {@code monitor} (or of every monitor when null), oldest first. */
    static List<PendingFuture> snapshot(BaseMonitor monitor) {
        sweep();
        long now = System.nanoTime();
        List<Entry> entries = new ArrayList<>();
        for (Entry e : ENTRIES) {
            if (monitor == null || e.monitor == monitor) {
                entries.add(e);
            }
        }
        entries.sort(Comparator.comparingLong((Entry e) -> e.trackedAt).thenComparingLong(e -> e.id));
        List<PendingFuture> pending = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            TrackedFuture<?> f = e.get();
            if (f == null) {
                ENTRIES.remove(e);
            } else if (f.isDone()) {
                ENTRIES.remove(e);
            } else {
                pending.add(new PendingFuture(e.id, f.name(), Duration.ofNanos(now - e.trackedAt),
                        f.getNumberOfDependents(), f.originText()));
            }
        }
        return pending;
    }

    /**
     * Hooks the PendingFuture event to the end of every chunk. Done only once
     * Flight Recorder is recording Reactor Track events, so that an application
     * without a recording never initialises Flight Recorder because of us.
     */
    private static synchronized void installHook() {
        if (hookInstalled || !io.reactortrack.recorder.internal.JfrEvents.anyEnabled()) {
            return;
        }
        FlightRecorder.addPeriodicEvent(PendingFutureEvent.class, LiveFutures::endOfChunk);
        hookInstalled = true;
    }

    private static void endOfChunk() {
        try {
            for (PendingFuture p : snapshot(null)) {
                PendingFutureEvent event = new PendingFutureEvent();
                event.futureId = p.id();
                event.name = p.name();
                event.age = p.age().toNanos();
                event.dependents = p.dependents();
                event.origin = p.origin();
                event.commit();
            }
            if (ShutdownDetector.shuttingDown()) {
                UnhandledWatch.reportAllAtExit();
            }
        } catch (Throwable ignored) {
            // Flight Recorder calls this from its own thread: nothing of the application to protect, nothing to throw to.
        }
    }
}
