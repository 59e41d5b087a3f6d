package io.reactortrack.recorder;

import java.util.concurrent.CompletableFuture;

/**
 * The JVM-wide default monitor, for applications that just want JFR events:
 * {@code ReactorTrack.track(future, "name")} anywhere, and start the JVM with
 * {@code -XX:StartFlightRecording:settings=reactortrack.jfc}.
 *
 * <p>The default is a {@link JfrMonitor} that tracks chained futures.
 */
public final class ReactorTrack {

    private static final JfrMonitor DEFAULT = new JfrMonitor(true);

    private ReactorTrack() {
    }

    /** The JVM-wide monitor. */
    public static Monitor monitor() {
        return DEFAULT;
    }

    /** Tracks {@code future} with the JVM-wide monitor. See {@link Monitor#track(CompletableFuture, String)}. */
    public static <T> TrackedFuture<T> track(CompletableFuture<T> future) {
        return DEFAULT.track(future, null);
    }

    /** Tracks {@code future} under {@code name} with the JVM-wide monitor. */
    public static <T> TrackedFuture<T> track(CompletableFuture<T> future, String name) {
        return DEFAULT.track(future, name);
    }

    /**
     * Also prints every unhandled failure on stderr, for applications that run
     * without Flight Recorder; off unless the system property
     * {@code reactortrack.logUnhandled} is {@code true}. When on, failures still
     * unobserved when the JVM exits are printed by a shutdown hook.
     */
    public static void logUnhandledFailures(boolean enabled) {
        BaseMonitor.logUnhandled = enabled;
        if (enabled) {
            ExitReport.install();
        }
    }

    /** Whether unhandled failures are printed on stderr. */
    public static boolean logsUnhandledFailures() {
        return BaseMonitor.logUnhandled;
    }

    /** A new incomplete future tracked by the JVM-wide monitor. */
    public static <T> TrackedFuture<T> newFuture(String name) {
        return DEFAULT.newFuture(name);
    }
}
