package io.reactortrack.recorder;

/**
 * A monitor that records to JDK Flight Recorder only: the production mode.
 *
 * <p>With no recording running (or with the Reactor Track events disabled in
 * it), a tracked future does what a plain {@code CompletableFuture} does plus
 * a flag test per call, and allocates nothing for tracing. Start the
 * application with {@code -XX:StartFlightRecording:settings=reactortrack.jfc}
 * (or start a recording later with {@code jcmd <pid> JFR.start}) and the
 * events appear.
 */
public final class JfrMonitor extends AbstractMonitor {

    /**
     * @param trackChained whether futures chained to a tracked one are tracked
     *                     too (see {@link Monitor#trackChained()})
     */
    public JfrMonitor(boolean trackChained) {
        super(trackChained, false);
    }

    @Override
    public String toString() {
        return "JfrMonitor{trackChained=" + trackChained() + '}';
    }
}
