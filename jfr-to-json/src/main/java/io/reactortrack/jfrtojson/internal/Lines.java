package io.reactortrack.jfrtojson.internal;

/**
 * Where {@link EventLines} puts the lines it makes of an event: one method per
 * action, with the keys of docs/mon-out.md. {@code ts} is microseconds since
 * the epoch, durations are nanoseconds, ids of no future are 0.
 */
interface Lines {

    void tracked(long ts, long id, String name, long parent, String via);

    void attached(long ts, long id, String callback, String errback, String method, long result);

    void chained(long ts, long id, long target);

    void executed(long ts, long id, String callback, boolean callbackPath, long nanos, String thread,
            boolean failed, String error);

    /** @param lifetimeNanos {@link io.reactortrack.monout.MonOutLine#UNKNOWN} when not measured */
    void fired(long ts, long id, boolean success, boolean cancelled, String error, String name, String callback,
            long lifetimeNanos, boolean revised);

    void unhandled(long ts, long id, String name, String error, String origin);

    void pending(long ts, long id, String name, long ageNanos, int dependents, String origin);
}
