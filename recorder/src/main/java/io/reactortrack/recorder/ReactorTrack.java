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

    /** The object name of the management bean; see {@link #registerMXBean()}. */
    public static final String MXBEAN_NAME = "io.reactortrack:type=ReactorTrack";

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

    /**
     * Registers {@link ReactorTrackMXBean} with the platform MBean server, so
     * that pending futures can be listed over JMX. Not done by default: the
     * platform MBean server is not free to start. Calling it again does nothing.
     */
    public static synchronized void registerMXBean() {
        try {
            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            javax.management.ObjectName name = new javax.management.ObjectName(MXBEAN_NAME);
            if (!server.isRegistered(name)) {
                server.registerMBean(new Management(), name);
            }
        } catch (javax.management.JMException e) {
            throw new IllegalStateException("cannot register " + MXBEAN_NAME + ": " + e.getMessage(), e);
        }
    }

    private static final class Management implements ReactorTrackMXBean {
        @Override
        public String[] getPendingFutures() {
            return LiveFutures.snapshot(null).stream().map(PendingFuture::toString).toArray(String[]::new);
        }

        @Override
        public int getPendingCount() {
            return LiveFutures.snapshot(null).size();
        }

        @Override
        public String getDefaultMonitorStats() {
            return DEFAULT.stats().toString();
        }
    }

    /** A new incomplete future tracked by the JVM-wide monitor. */
    public static <T> TrackedFuture<T> newFuture(String name) {
        return DEFAULT.newFuture(name);
    }
}
