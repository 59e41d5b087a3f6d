package io.reactortrack.recorder.internal;

import io.reactortrack.recorder.TrackStats;

/**
 * Records what a monitor did. Each method is called once per occurrence, on the
 * thread where it occurred, so implementations must be thread-safe and cheap.
 */
public interface StatsCounter {

    /** Call when a future starts being tracked. */
    void recordTracked();

    /** Call when a callback is attached to a tracked future. */
    void recordAttached();

    /** Call after an attached callback ran. */
    void recordExecuted();

    /** Call when a tracked future is seen to complete. */
    void recordFired();

    /** Call when the tracer itself failed and the failure was swallowed. */
    void recordError(Throwable error);

    /** Returns the counts so far; a consistent-enough view, not an atomic one. */
    TrackStats snapshot();
}
