package io.reactortrack.monout;

import java.io.IOException;

/**
 * The input is not {@code mon.out}: its first line is not a line of the
 * format. Thrown by {@link MonOutReader}; also what a consumer may throw to
 * turn a bad line into an error.
 */
public final class MonOutFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long lineNumber;
    private final String problem;

    public MonOutFormatException(long lineNumber, String problem) {
        super("line " + lineNumber + ": " + problem);
        this.lineNumber = lineNumber;
        this.problem = problem;
    }

    /** The 1-based number of the line. */
    public long lineNumber() {
        return lineNumber;
    }

    /** What is wrong with it, without the line number. */
    public String problem() {
        return problem;
    }
}
