package io.reactortrack.recorder;

/**
 * The management interface Reactor Track registers with
 * {@link ReactorTrack#registerMXBean()}, as {@value ReactorTrack#MXBEAN_NAME}:
 * what a hung application waits for, readable from JConsole, VisualVM or any
 * JMX client without a flight recording.
 */
public interface ReactorTrackMXBean {

    /** Every pending tracked future of every monitor, oldest first, one line each. */
    String[] getPendingFutures();

    /** How many tracked futures are pending. */
    int getPendingCount();

    /** The JVM-wide monitor's counts, as text. */
    String getDefaultMonitorStats();
}
