package io.reactortrack.recorder.internal;

import java.util.concurrent.CompletionException;

/** How failures are described in events and mon.out lines. */
public final class Errors {

    private Errors() {
    }

    /**
     * {@code "ClassName: message"}, or {@code "ClassName"} without a message,
     * of the failure a {@link CompletionException} stands for: the wrapper says
     * nothing the user did not already know, its cause does.
     */
    public static String describe(Throwable t) {
        Throwable e = unwrap(t);
        String message = e.getMessage();
        String cls = e.getClass().getName();
        return message == null ? cls : cls + ": " + message;
    }

    /** The innermost cause behind a chain of {@link CompletionException} wrappers. */
    public static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while (e instanceof CompletionException && e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return e;
    }
}
