package io.reactortrack.recorder.internal;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches one failed future that nobody has observed yet. Reports it, once, as
 * an unhandled failure when the future becomes unreachable (like Twisted's
 * "Unhandled error in Deferred" at garbage collection), when its monitor is
 * closed, or when the JVM exits during a recording; unless the failure is
 * observed first.
 *
 * <p>It holds no reference to the future: only what the report needs. The
 * set of outstanding watches is global, so a watch holds its monitor weakly:
 * a monitor its user dropped without closing is collected with its buffer, and
 * its watches then have nowhere to report and stay silent.
 */
public final class UnhandledWatch implements Runnable {

    private static final Cleaner CLEANER = Cleaner.create();
    private static final Set<UnhandledWatch> OUTSTANDING = ConcurrentHashMap.newKeySet();

    private final WeakReference<Recorder> monitor;
    final long id;
    final String name;
    final String error;
    final String origin;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Cleaner.Cleanable cleanable;

    UnhandledWatch(Recorder monitor, long id, String name, String error, String origin) {
        this.monitor = new WeakReference<>(monitor);
        this.id = id;
        this.name = name;
        this.error = error;
        this.origin = origin;
    }

    /** Starts watching {@code future}; call once, after publishing this watch on it. */
    void arm(java.util.concurrent.CompletableFuture<?> future) {
        OUTSTANDING.add(this);
        cleanable = CLEANER.register(future, this);
        if (done.get()) {
            disarm();
        }
    }

    /** The failure was observed after all: nothing to report. */
    void handled() {
        if (done.compareAndSet(false, true)) {
            disarm();
        }
    }

    private void disarm() {
        OUTSTANDING.remove(this);
        Cleaner.Cleanable c = cleanable;
        if (c != null) {
            c.clean();
        }
    }

    /** Called by the cleaner when the future became unreachable, or by {@link #disarm()}. */
    @Override
    public void run() {
        report();
    }

    private void report() {
        if (done.compareAndSet(false, true)) {
            OUTSTANDING.remove(this);
            Recorder m = monitor.get();
            if (m != null) {
                m.unhandled(id, name, error, origin);
            }
        }
    }

    /** Reports every outstanding failure of {@code monitor}, still reachable or not. */
    static void reportAll(Recorder monitor) {
        for (UnhandledWatch w : OUTSTANDING) {
            if (w.monitor.get() == monitor) {
                w.report();
                Cleaner.Cleanable c = w.cleanable;
                if (c != null) {
                    c.clean();
                }
            }
        }
    }

    public static void reportAllAtExit() {
        for (UnhandledWatch w : OUTSTANDING) {
            w.report();
        }
    }
}
