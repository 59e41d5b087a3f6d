package io.reactortrack.recorder;

/**
 * Reports the unhandled failures still outstanding when the JVM exits, for
 * applications that print them on stderr instead of recording them.
 */
final class ExitReport {

    private static boolean installed;

    private ExitReport() {
    }

    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        Runtime.getRuntime().addShutdownHook(new Thread(UnhandledWatch::reportAllAtExit, "reactortrack-exit-report"));
    }
}
