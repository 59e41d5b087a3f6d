package io.reactortrack.recorder.internal;

import java.util.concurrent.atomic.LongAdder;

import io.reactortrack.recorder.TrackStats;

/**
 * A lock-free {@link StatsCounter}: one {@link LongAdder} per count, so threads
 * completing futures at once do not contend on a shared counter.
 */
public final class ConcurrentStatsCounter implements StatsCounter {

    private final LongAdder tracked = new LongAdder();
    private final LongAdder attached = new LongAdder();
    private final LongAdder executed = new LongAdder();
    private final LongAdder fired = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private volatile Throwable lastError;

    @Override
    public void recordTracked() {
        tracked.increment();
    }

    @Override
    public void recordAttached() {
        attached.increment();
    }

    @Override
    public void recordExecuted() {
        executed.increment();
    }

    @Override
    public void recordFired() {
        fired.increment();
    }

    @Override
    public void recordError(Throwable error) {
        errors.increment();
        lastError = error;
    }

    /** The last error swallowed, for diagnosis; null when there was none. */
    public Throwable lastError() {
        return lastError;
    }

    @Override
    public TrackStats snapshot() {
        return new TrackStats(tracked.sum(), attached.sum(), executed.sum(), fired.sum(), errors.sum());
    }
}
