package io.reactortrack.jfrtojson.internal;

/** The exit codes of jfr-to-json; documented in its help and in docs/jfr-to-json.md. */
public final class ExitCodes {
    /** Converted; warnings may have been printed. */
    public static final int OK = 0;
    /** A bug in jfr-to-json. */
    public static final int INTERNAL = 1;
    /** Wrong options or arguments (picocli's own code). */
    public static final int USAGE = 2;
    /** An input is missing or unreadable, or a directory holds no recordings. */
    public static final int INPUT_MISSING = 3;
    /** An input is not a JFR recording, is empty, or cannot be converted at all. */
    public static final int NOT_A_RECORDING = 4;
    /** The output cannot be written. */
    public static final int OUTPUT = 5;
    /** With --strict: part of an input was unreadable or lost. */
    public static final int INCOMPLETE = 6;
    /** --follow stopped by Ctrl+C: the JVM's own status for SIGINT, set when it exits. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
