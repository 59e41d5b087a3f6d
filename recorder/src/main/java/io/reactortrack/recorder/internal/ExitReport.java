package io.reactortrack.recorder.internal;

/**
 * Reports the unhandled failures still outstanding when the JVM exits, for
 * applications that print them on stderr instead of recording them.
 */
public final class ExitReport {

    private static boolean installed;

    private ExitReport() {
    }

    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        Runtime.getRuntime().addShutdownHook(new Thread(UnhandledWatch::reportAllAtExit, "reactortrack-exit-report"));
    }
}
