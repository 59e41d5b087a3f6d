package io.reactortrack.recorder.internal;

import io.reactortrack.events.CallbackAttachedEvent;
import io.reactortrack.events.CallbackExecutedEvent;
import io.reactortrack.events.FutureChainedEvent;
import io.reactortrack.events.FutureCompletedEvent;
import io.reactortrack.events.FutureFailedEvent;
import io.reactortrack.events.FutureRevisedEvent;
import io.reactortrack.events.FutureTrackedEvent;
import io.reactortrack.events.PendingFutureEvent;
import io.reactortrack.events.UnhandledFailureEvent;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;

/**
 * What the running recordings want of the Reactor Track events, as one flag
 * word that every tracked operation reads once: asking each event type on
 * every call would cost several checks per operation.
 *
 * <p>Kept current by a {@link FlightRecorderListener}, which Flight Recorder
 * calls after a recording's settings take effect; registering it does not
 * start Flight Recorder, so an application that never records pays nothing.
 * Settings changed on a running recording without a state change are picked
 * up at the end of the next chunk ({@link #refresh()} is also called there).
 */
public final class JfrSwitch {

    private static volatile int mode;

    /**
     * Whether the stack of the code that tracks a future is captured for the
     * pending and unhandled reports of recordings ({@code -Dreactortrack.origins=stack}).
     * Off by default: a capture costs microseconds per tracked future, and the
     * profile settings' FutureTracked event carries that stack already.
     */
    private static final boolean ORIGINS = "stack".equals(System.getProperty("reactortrack.origins"));
    private static volatile boolean logUnhandled = Boolean.getBoolean("reactortrack.logUnhandled");

    static {
        try {
            FlightRecorder.addListener(new FlightRecorderListener() {
                @Override
                public void recorderInitialized(FlightRecorder recorder) {
                    refresh();
                }

                @Override
                public void recordingStateChanged(Recording recording) {
                    refresh();
                }
            });
        } catch (Throwable e) {
            // No Flight Recorder in this runtime (a jlinked image without jdk.jfr): nothing records.
        }
        refresh();
    }

    private JfrSwitch() {
    }

    /** The {@link Recorder} mode bits the running recordings ask for. */
    public static int mode() {
        return mode;
    }

    /** Whether unhandled failures are printed on stderr (then failures are tracked without a recording too). */
    public static boolean logUnhandled() {
        return logUnhandled;
    }

    public static void logUnhandled(boolean on) {
        logUnhandled = on;
        refresh();
    }

    /** Recomputes the mode from the event types' current state. */
    public static void refresh() {
        int m = 0;
        try {
            boolean executed = new CallbackExecutedEvent().isEnabled();
            boolean life = new FutureCompletedEvent().isEnabled();
            boolean pending = new PendingFutureEvent().isEnabled();
            boolean tracked = new FutureTrackedEvent().isEnabled();
            boolean any = executed || life || pending || tracked || new FutureFailedEvent().isEnabled()
                    || new UnhandledFailureEvent().isEnabled()
                    || new FutureRevisedEvent().isEnabled()
                    || new CallbackAttachedEvent().isEnabled() || new FutureChainedEvent().isEnabled();
            if (any) {
                m = Recorder.ON | (executed ? Recorder.EXECUTED : 0) | (life ? Recorder.LIFE : 0)
                        | (pending ? Recorder.PENDING : 0) | (ORIGINS ? Recorder.ORIGINS : 0);
                if (pending) {
                    Registry.installChunkHook();
                }
            }
        } catch (Throwable e) {
            m = 0;
        }
        if (logUnhandled) {
            // Printed reports say where a future came from: worth the capture when asked for them.
            m |= Recorder.ON | Recorder.ORIGINS;
        }
        boolean starts = mode == 0 && (m & Recorder.PENDING) != 0;
        mode = m;
        if (starts) {
            // A recording starts: what already waited before it is pending from now on.
            Registry.promoteHeld();
        }
    }
}
