package io.reactortrack.monout;

/**
 * One line of {@code mon.out}, typed: what {@link MonOutReader} returns.
 *
 * <p>Every component exists for every action; those an action does not carry
 * are null, 0, false or {@link #UNKNOWN}. Ids of no future ({@code null} in
 * the line) are 0, as the events carry them. Durations are nanoseconds, read
 * from the seconds of the line.
 *
 * <p>Plain data without a JSON library in sight: the writer side of the module
 * may load it, the JSON parser stays with the reader.
 *
 * @param action        what happened; null for an action this reader does not know
 * @param deferred      id of the future it happened to
 * @param ts            microseconds since the epoch
 * @param name          tracked, fired, unhandled, pending: the future's name
 * @param parent        tracked: the future it comes from
 * @param via           tracked: track, derived, chained or composed
 * @param callback      attached, executed, fired: the callback
 * @param errback       attached: the errback
 * @param method        attached: the {@code CompletableFuture} method
 * @param result        attached: the stage the callback completes
 * @param target        chained: the future the result goes to
 * @param callbackPath  executed: {@code callback?}
 * @param timeNanos     executed: how long it ran
 * @param thread        executed: the thread that ran it
 * @param failed        executed: it threw
 * @param error         executed, fired, unhandled: the failure
 * @param success       fired: completed normally
 * @param cancelled     fired: cancelled
 * @param lifetimeNanos fired: from tracked to fired, or {@link #UNKNOWN}
 * @param revised       fired: replaces the previous fired line of the future
 * @param origin        unhandled, pending: where the future came from
 * @param ageNanos      pending: how long it has been incomplete
 * @param dependents    pending: stages waiting on it
 * @param jvm           the JVM run, from 1, or 0 when the line has no {@code jvm} key
 */
public record MonOutLine(
        Action action,
        long deferred,
        long ts,
        String name,
        long parent,
        String via,
        String callback,
        String errback,
        String method,
        long result,
        long target,
        boolean callbackPath,
        long timeNanos,
        String thread,
        boolean failed,
        String error,
        boolean success,
        boolean cancelled,
        long lifetimeNanos,
        boolean revised,
        String origin,
        long ageNanos,
        int dependents,
        int jvm) {

    /** No {@code lifetime}: the writer did not know when the future was tracked. */
    public static final long UNKNOWN = MonOutWriter.UNKNOWN;

    /** Writes this line with the one writer: the same bytes any writer of the same line writes. */
    public void writeTo(MonOutWriter w) {
        int before = w.jvmKey();
        w.jvm(jvm);
        try {
            switch (action) {
                case TRACKED:
                    w.tracked(deferred, ts, name, parent, via);
                    break;
                case ATTACHED:
                    w.attached(deferred, ts, callback, errback, method, result);
                    break;
                case CHAINED:
                    w.chained(deferred, ts, target);
                    break;
                case EXECUTED:
                    w.executed(deferred, ts, callback, callbackPath, timeNanos, thread, failed ? error : null,
                            failed);
                    break;
                case FIRED:
                    w.fired(deferred, ts, success, cancelled, error, name, callback, lifetimeNanos, revised);
                    break;
                case UNHANDLED:
                    w.unhandled(deferred, ts, name, error, origin);
                    break;
                case PENDING:
                    w.pending(deferred, ts, name, ageNanos, dependents, origin);
                    break;
                default:
                    throw new IllegalStateException("a line of an action this reader does not know has nothing to write");
            }
        } finally {
            w.jvm(before);
        }
    }
}
