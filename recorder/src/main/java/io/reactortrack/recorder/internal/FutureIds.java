package io.reactortrack.recorder.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids of tracked futures: one counter per JVM run, shared by every monitor, so
 * an id names one future in a recording whatever monitor tracked it.
 */
public final class FutureIds {

    private static final AtomicLong LAST = new AtomicLong();

    private FutureIds() {
    }

    /** A new id, never 0. Called only when something is recorded. */
    public static long next() {
        return LAST.incrementAndGet();
    }
}
