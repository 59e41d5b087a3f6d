package io.reactortrack.recorder;

import io.reactortrack.recorder.internal.JfrEvents;

/**
 * A monitor that records to JDK Flight Recorder only: the production mode.
 *
 * <p>With no recording running (or with the Reactor Track events disabled in
 * it), tracked futures do nothing beyond what a plain {@code CompletableFuture}
 * does but a flag test per call. Start the application with
 * {@code -XX:StartFlightRecording:settings=reactortrack.jfc} (or start a
 * recording later with {@code jcmd <pid> JFR.start settings=reactortrack.jfc})
 * and the events appear.
 */
public final class JfrMonitor extends BaseMonitor {

    /**
     * @param trackChained whether futures chained to a tracked one are tracked
     *                     too (see {@link Monitor#trackChained()})
     */
    public JfrMonitor(boolean trackChained) {
        super(trackChained, null);
    }

    @Override
    boolean active() {
        return JfrEvents.anyEnabled();
    }

    @Override
    public String toString() {
        return "JfrMonitor{trackChained=" + trackChained() + '}';
    }
}
