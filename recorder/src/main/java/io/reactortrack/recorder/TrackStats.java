package io.reactortrack.recorder;

/**
 * An immutable snapshot of what a monitor has recorded.
 *
 * <p>Counts only what was recorded: with {@link JfrMonitor} and no recording
 * running, nothing is recorded and the counts stay where they were.
 */
public final class TrackStats {

    private final long futuresTracked;
    private final long callbacksAttached;
    private final long callbacksExecuted;
    private final long futuresFired;
    private final long tracerErrors;

    public TrackStats(long futuresTracked, long callbacksAttached, long callbacksExecuted,
                      long futuresFired, long tracerErrors) {
        this.futuresTracked = futuresTracked;
        this.callbacksAttached = callbacksAttached;
        this.callbacksExecuted = callbacksExecuted;
        this.futuresFired = futuresFired;
        this.tracerErrors = tracerErrors;
    }

    /** Futures that started being tracked, by any route (track, derived, chained, composed). */
    public long futuresTracked() {
        return futuresTracked;
    }

    /** Callbacks and errbacks attached to tracked futures. */
    public long callbacksAttached() {
        return callbacksAttached;
    }

    /** Runs of attached callbacks. */
    public long callbacksExecuted() {
        return callbacksExecuted;
    }

    /** Completions of tracked futures. */
    public long futuresFired() {
        return futuresFired;
    }

    /**
     * Errors raised inside the tracer itself and swallowed so that they never
     * reach the application. Anything but 0 is a bug in Reactor Track worth
     * reporting; the application's results are unaffected.
     */
    public long tracerErrors() {
        return tracerErrors;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TrackStats)) {
            return false;
        }
        TrackStats s = (TrackStats) o;
        return futuresTracked == s.futuresTracked && callbacksAttached == s.callbacksAttached
                && callbacksExecuted == s.callbacksExecuted && futuresFired == s.futuresFired
                && tracerErrors == s.tracerErrors;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(futuresTracked) * 31 * 31 * 31 * 31 + Long.hashCode(callbacksAttached) * 31 * 31 * 31
                + Long.hashCode(callbacksExecuted) * 31 * 31 + Long.hashCode(futuresFired) * 31
                + Long.hashCode(tracerErrors);
    }

    @Override
    public String toString() {
        return "TrackStats{futuresTracked=" + futuresTracked + ", callbacksAttached=" + callbacksAttached
                + ", callbacksExecuted=" + callbacksExecuted + ", futuresFired=" + futuresFired
                + ", tracerErrors=" + tracerErrors + '}';
    }
}
