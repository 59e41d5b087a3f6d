package io.reactortrack.recorder;

import java.lang.ref.Cleaner;
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
 * <p>It holds no reference to the future: only what the report needs.
 */
final class UnhandledWatch implements Runnable {

    private static final Cleaner CLEANER = Cleaner.create();
    private static final Set<UnhandledWatch> OUTSTANDING = ConcurrentHashMap.newKeySet();

    final BaseMonitor monitor;
    final long id;
    final String name;
    final String error;
    final String origin;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Cleaner.Cleanable cleanable;

    UnhandledWatch(BaseMonitor monitor, long id, String name, String error, String origin) {
        this.monitor = monitor;
        this.id = id;
        this.name = name;
        this.error = error;
        this.origin = origin;
    }

    /** Starts watching {@code future}; call once, after publishing this watch on it. */
    void arm(TrackedFuture<?> future) {
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
            monitor.unhandled(id, name, error, origin);
        }
    }

    /** Reports every outstanding failure of {@code monitor}, still reachable or not. */
    static void reportAll(BaseMonitor monitor) {
        for (UnhandledWatch w : OUTSTANDING) {
            if (w.monitor == monitor) {
                w.report();
                Cleaner.Cleanable c = w.cleanable;
                if (c != null) {
                    c.clean();
                }
            }
        }
    }

    static void reportAllAtExit() {
        for (UnhandledWatch w : OUTSTANDING) {
            w.report();
        }
    }
}
