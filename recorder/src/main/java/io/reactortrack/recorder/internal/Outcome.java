package io.reactortrack.recorder.internal;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * How a future completed, as the tracer records it: {@link #SUCCESS}, or a
 * failure with the exception the future holds (for a stage that failed because
 * its input did, the {@code CompletionException} wrapping the cause).
 */
public final class Outcome {

    /** Completed normally; the value is never kept. */
    public static final Outcome SUCCESS = new Outcome(null, false);

    /** The exception the future holds, or null for {@link #SUCCESS}. */
    public final Throwable error;
    /** Whether the future itself was cancelled ({@code isCancelled()}). */
    public final boolean cancelled;

    private Outcome(Throwable error, boolean cancelled) {
        this.error = error;
        this.cancelled = cancelled;
    }

    /**
     * The outcome of a future holding {@code error} as {@code CompletableFuture}
     * stores it: a bare {@code CancellationException} is a cancellation of the
     * future itself; anything else, including a cancellation wrapped in a
     * {@code CompletionException} (a stage whose input was cancelled), is a failure.
     */
    public static Outcome failure(Throwable error) {
        return new Outcome(error, error instanceof CancellationException);
    }

    /**
     * The outcome of a stage whose callback threw {@code thrown}:
     * {@code CompletableFuture} stores it wrapped in a {@code CompletionException},
     * so it is a failure, never the stage's own cancellation.
     */
    public static Outcome thrown(Throwable thrown) {
        return new Outcome(thrown, false);
    }

    /** The outcome a whenComplete-style callback or an errback received: null error is success. */
    public static Outcome of(Throwable received) {
        return received == null ? SUCCESS : failure(received);
    }

    public boolean success() {
        return error == null;
    }

    /** A failure that is a cancellation, of this future or passed on from an input: never reported unhandled. */
    public boolean isCancellation() {
        return error != null && Errors.unwrap(error) instanceof CancellationException;
    }

    /**
     * The outcome of a stage that takes this one's outcome without running
     * anything: a failure arrives wrapped, so it is never the stage's own
     * cancellation.
     */
    public Outcome propagated() {
        if (error == null) {
            return SUCCESS;
        }
        return error instanceof CompletionException ? new Outcome(error, false)
                : new Outcome(new CompletionException(error), false);
    }

    /** Whether two outcomes say the same thing in a record: both success, or the same failure. */
    public boolean sameAs(Outcome o) {
        if (o == null) {
            return false;
        }
        if (error == null || o.error == null) {
            return error == o.error;
        }
        return cancelled == o.cancelled && Errors.unwrap(error) == Errors.unwrap(o.error);
    }

    /**
     * Reads the outcome of a future through its public methods, which on a
     * plain {@code CompletableFuture} change nothing; null while incomplete,
     * or when the future cannot say (a minimal stage).
     */
    public static Outcome readPlain(CompletableFuture<?> f) {
        try {
            if (!f.isDone()) {
                return null;
            }
            // getNow throws the very CancellationException the future holds, or its failure in a
            // CompletionException: the error is described as it really is.
            f.getNow(null);
            return SUCCESS;
        } catch (CancellationException e) {
            return failure(storedCancellation(e));
        } catch (CompletionException e) {
            return new Outcome(e, false);
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * The CancellationException a cancelled future holds, from the one
     * {@code getNow} threw: JDK 17 throws the very one, later JDKs a new one
     * saying {@code getNow} with it as the cause.
     */
    public static CancellationException storedCancellation(CancellationException thrown) {
        Throwable cause = thrown.getCause();
        return cause instanceof CancellationException && "getNow".equals(thrown.getMessage())
                ? (CancellationException) cause : thrown;
    }

    @Override
    public String toString() {
        return error == null ? "success" : (cancelled ? "cancelled" : "failed: " + Errors.describe(error));
    }
}
