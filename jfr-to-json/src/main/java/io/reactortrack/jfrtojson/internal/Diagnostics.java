package io.reactortrack.jfrtojson.internal;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * Warnings and hints on stderr, one line each, prefixed with the tool's name.
 * Remembers whether any data was skipped, which --strict turns into an exit
 * code.
 */
public final class Diagnostics {

    /** Past this many warnings about one recording, the rest are only counted. */
    private static final int MAX_WARNINGS_PER_RECORDING = 10;

    private final PrintWriter err;
    private final Map<String, Integer> warningsBy = new HashMap<>();
    private boolean dataSkipped;
    private boolean muted;

    public Diagnostics(PrintWriter err) {
        this.err = err;
    }

    /** Part of a recording could not be read or was lost: the output is incomplete. */
    synchronized void dataSkipped(String recording, String message) {
        dataSkipped = true;
        warn(recording, message);
    }

    /** Something the user should know that does not make the output incomplete. */
    synchronized void warn(String recording, String message) {
        if (muted) {
            return;
        }
        int n = warningsBy.merge(recording, 1, Integer::sum);
        if (n <= MAX_WARNINGS_PER_RECORDING) {
            line("warning: " + recording + ": " + message);
        }
    }

    synchronized void hint(String message) {
        if (!muted) {
            line("hint: " + message);
        }
    }

    /** What the tool is doing, for someone watching it (--follow). */
    synchronized void note(String message) {
        line(message);
    }

    public synchronized void error(String message) {
        line(message);
    }

    /** Prints how many warnings were not shown; call once at the end. */
    synchronized void finish() {
        if (muted) {
            return;
        }
        warningsBy.forEach((recording, n) -> {
            if (n > MAX_WARNINGS_PER_RECORDING) {
                line("warning: " + recording + ": " + (n - MAX_WARNINGS_PER_RECORDING) + " more warnings not shown");
            }
        });
    }

    /** A second pass over the same recordings must not say everything twice. */
    synchronized void mute(boolean mute) {
        this.muted = mute;
    }

    public synchronized boolean dataSkipped() {
        return dataSkipped;
    }

    private void line(String s) {
        err.println("jfr-to-json: " + s);
        err.flush();
    }
}
