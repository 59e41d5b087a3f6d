package io.reactortrack.recorder;

import io.reactortrack.events.FutureTrackedEvent;
import io.reactortrack.recorder.internal.ExitReport;
import io.reactortrack.recorder.internal.JfrSwitch;
import io.reactortrack.recorder.internal.Registry;

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
        TrackedFuture<T> t = DEFAULT.trackQuietly(future, null);
        FutureTrackedEvent e = t.takeAnnouncement();
        if (e != null) {
            e.commit();
        }
        return AbstractMonitor.follow(future, t);
    }

    /** Tracks {@code future} under {@code name} with the JVM-wide monitor. */
    public static <T> TrackedFuture<T> track(CompletableFuture<T> future, String name) {
        TrackedFuture<T> t = DEFAULT.trackQuietly(future, name);
        // Committed here, so that the event's stack trace starts at the caller.
        FutureTrackedEvent e = t.takeAnnouncement();
        if (e != null) {
            e.commit();
        }
        return AbstractMonitor.follow(future, t);
    }

    /**
     * Also prints every unhandled failure on stderr, for applications that run
     * without Flight Recorder; off unless the system property
     * {@code reactortrack.logUnhandled} is {@code true}. When on, failures still
     * unobserved when the JVM exits are printed by a shutdown hook.
     */
    public static void logUnhandledFailures(boolean enabled) {
        JfrSwitch.logUnhandled(enabled);
        if (enabled) {
            ExitReport.install();
        }
    }

    /** Whether unhandled failures are printed on stderr. */
    public static boolean logsUnhandledFailures() {
        return JfrSwitch.logUnhandled();
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
            return Registry.snapshot(null).stream()
                    .map(p -> new PendingFuture(p.id(), p.name(), java.time.Duration.ofNanos(p.ageNanos()),
                            p.dependents(), p.origin()).toString())
                    .toArray(String[]::new);
        }

        @Override
        public int getPendingCount() {
            return Registry.snapshot(null).size();
        }

        @Override
        public String getDefaultMonitorStats() {
            return DEFAULT.stats().toString();
        }
    }

    /** A new incomplete future tracked by the JVM-wide monitor. */
    public static <T> TrackedFuture<T> newFuture(String name) {
        TrackedFuture<T> t = TrackedFuture.create(DEFAULT.recorder, name);
        FutureTrackedEvent e = t.takeAnnouncement();
        if (e != null) {
            e.commit();
        }
        return t;
    }
}
