package io.reactortrack.recorder;

/**
 * An immutable snapshot of what a monitor has recorded.
 *
 * <p>Counts only what was recorded: with {@link JfrMonitor} and no recording
 * running, nothing is recorded and the counts stay where they were.
 *
 * @param futuresTracked    futures that started being tracked, by any route (track, derived, chained, composed)
 * @param callbacksAttached callbacks and errbacks attached to tracked futures
 * @param callbacksExecuted runs of attached callbacks
 * @param futuresFired      completions of tracked futures
 * @param tracerErrors      errors raised inside the tracer itself and swallowed so that they never
 *                          reach the application. Anything but 0 is a bug in Reactor Track worth
 *                          reporting; the application's results are unaffected
 */
public record TrackStats(long futuresTracked, long callbacksAttached, long callbacksExecuted, long futuresFired,
                         long tracerErrors) {
}
