package io.reactortrack.recorder.internal;

/**
 * Tells whether the JVM is shutting down. Flight Recorder writes its last chunk
 * from its own shutdown hook, in no order relative to ours, so the end-of-chunk
 * hook asks instead: adding a shutdown hook is refused once shutdown started.
 */
final class ShutdownDetector {

    private ShutdownDetector() {
    }

    static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
