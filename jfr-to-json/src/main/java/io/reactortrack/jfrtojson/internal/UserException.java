package io.reactortrack.jfrtojson.internal;

/**
 * A problem the user can fix: printed as one line, ends the command with
 * {@link #exitCode()}. Never carries a stack trace to the terminal.
 */
public final class UserException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public UserException(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
