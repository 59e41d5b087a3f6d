package io.reactortrack.recorder.internal;

import java.util.ArrayList;
import java.util.List;

import io.reactortrack.monout.MonOutWriter;

/**
 * A {@code JsonMonitor}'s {@code mon.out} lines in memory, in the order they
 * were appended, written by the format's one writer. Appends are serialised:
 * a line is built and added under one lock so that lines of one event stay
 * together and in order.
 */
public final class JsonLines {

    private final MonOutWriter writer = new MonOutWriter();
    private final List<String> lines = new ArrayList<>();
    private final long epochMicrosAtStart;
    private final long nanoAtStart;

    public JsonLines() {
        long millis = System.currentTimeMillis();
        nanoAtStart = System.nanoTime();
        epochMicrosAtStart = millis * 1000;
    }

    /** Microseconds since the epoch for a {@code System.nanoTime()} value, monotonic within this buffer. */
    long micros(long nanoTime) {
        return epochMicrosAtStart + (nanoTime - nanoAtStart) / 1000;
    }

    /** A snapshot of the lines so far, in order. */
    public synchronized List<String> snapshot() {
        return List.copyOf(lines);
    }

    synchronized void tracked(long id, long nanoTime, String name, long parent, String via) {
        writer.tracked(id, micros(nanoTime), name, parent, via);
        lines.add(writer.takeLine());
    }

    synchronized void attached(long id, long other, long nanoTime, String callback, String errback, String method,
                               long result) {
        long ts = micros(nanoTime);
        writer.attached(id, ts, callback, errback, method, result);
        lines.add(writer.takeLine());
        if (other != 0) {
            writer.attached(other, ts, callback, errback, method, result);
            lines.add(writer.takeLine());
        }
        if (result != 0 && result != id) {
            writer.tracked(result, ts, null, id, "derived");
            lines.add(writer.takeLine());
        }
    }

    synchronized void chained(long id, long nanoTime, long target) {
        writer.chained(id, micros(nanoTime), target);
        lines.add(writer.takeLine());
    }

    synchronized void executed(long id, long nanoTime, String callback, boolean callbackPath, long nanos,
                               String thread, String error, long completedStage) {
        long ts = micros(nanoTime);
        writer.executed(id, ts, callback, callbackPath, nanos, thread, error);
        lines.add(writer.takeLine());
        if (completedStage != 0) {
            writer.fired(completedStage, ts, true, false, null, null, null, MonOutWriter.UNKNOWN, false);
            lines.add(writer.takeLine());
        }
    }

    synchronized void fired(long id, long nanoTime, Outcome o, String name, String callback, long lifetimeNanos,
                            boolean revised) {
        writer.fired(id, micros(nanoTime), o.success(), o.cancelled, o.success() ? null : Errors.describe(o.error),
                name, callback, lifetimeNanos, revised);
        lines.add(writer.takeLine());
    }

    synchronized void unhandled(long id, long nanoTime, String name, String error, String origin) {
        writer.unhandled(id, micros(nanoTime), name, error, origin);
        lines.add(writer.takeLine());
    }

    synchronized void pending(long id, long nanoTime, String name, long ageNanos, int dependents, String origin) {
        writer.pending(id, micros(nanoTime), name, ageNanos, dependents, origin);
        lines.add(writer.takeLine());
    }
}
