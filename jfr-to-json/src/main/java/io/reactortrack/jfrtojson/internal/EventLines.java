package io.reactortrack.jfrtojson.internal;

import io.reactortrack.monout.MonOutLine;

/**
 * The one definition of how Reactor Track events become mon.out lines
 * (docs/mon-out.md, "From events to lines"), for every way of reading them:
 * a recording through JMC, a live stream through the JDK's consumer API.
 * Each method takes an event's fields, already decoded, and hands its lines
 * to {@link Lines} in the order the contract gives.
 *
 * <p>Times: {@code startNanos} is the event's start in nanoseconds since the
 * epoch, {@code durationNanos} its duration; a line's {@code ts} is in
 * microseconds.
 */
final class EventLines {

    static final String DERIVED = "derived";

    private EventLines() {
    }

    static long micros(long epochNanos) {
        return Math.floorDiv(epochNanos, 1000L);
    }

    static void tracked(Lines out, long startNanos, long id, long parent, String name, String via) {
        out.tracked(micros(startNanos), id, name, parent, via);
    }

    /** attached for the future, another for a tracked second input, then tracked for the stage made. */
    static void attached(Lines out, long startNanos, long id, long result, long other, String callback,
            String errback, String method) {
        long ts = micros(startNanos);
        out.attached(ts, id, callback, errback, method, result);
        if (other != 0) {
            out.attached(ts, other, callback, errback, method, result);
        }
        if (result != 0) {
            out.tracked(ts, result, null, id, DERIVED);
        }
    }

    static void chained(Lines out, long startNanos, long id, long target) {
        out.chained(micros(startNanos), id, target);
    }

    /** executed when the callback finished, then fired for the stage its value completed. */
    static void executed(Lines out, long startNanos, long durationNanos, long id, long result, String callback,
            boolean callbackPath, boolean failed, String error, boolean completesStage, String thread) {
        long ts = micros(startNanos + durationNanos);
        out.executed(ts, id, callback, callbackPath, durationNanos, thread, failed, failed ? error : null);
        if (completesStage && result != 0) {
            out.fired(ts, result, true, false, null, null, null, MonOutLine.UNKNOWN, false);
        }
    }

    /**
     * fired when the future completed: the event's end, its duration the
     * future's life when the tracer measured one.
     */
    static void completed(Lines out, long startNanos, long durationNanos, long id, String name, boolean success,
            boolean cancelled, String error, String callback) {
        out.fired(micros(startNanos + durationNanos), id, success, cancelled, success ? null : error, name,
                callback, durationNanos > 0 ? durationNanos : MonOutLine.UNKNOWN, false);
    }

    /** fired for a failure the continuous settings keep whatever the life; no life is measured. */
    static void failed(Lines out, long startNanos, long id, String name, boolean cancelled, String error,
            String callback) {
        out.fired(micros(startNanos), id, false, cancelled, error, name, callback, MonOutLine.UNKNOWN, false);
    }

    /** fired with revised: this completion replaces the future's earlier one. */
    static void revised(Lines out, long startNanos, long id, boolean success, boolean cancelled, String error) {
        out.fired(micros(startNanos), id, success, cancelled, success ? null : error, null, null,
                MonOutLine.UNKNOWN, true);
    }

    static void unhandled(Lines out, long startNanos, long id, String name, String error, String origin) {
        out.unhandled(micros(startNanos), id, name, error, origin);
    }

    static void pending(Lines out, long startNanos, long id, String name, long ageNanos, int dependents,
            String origin) {
        out.pending(micros(startNanos), id, name, ageNanos, dependents, origin);
    }
}
