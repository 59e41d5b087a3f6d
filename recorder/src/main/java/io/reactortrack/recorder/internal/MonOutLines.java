package io.reactortrack.recorder.internal;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * Builds {@code mon.out} lines (see docs/mon-out.md) and keeps them in the order
 * they were appended. Keys are written in the contract's order so that the
 * lines are byte-for-byte what {@code jfr-to-json} writes for the same events,
 * apart from the measured {@code ts}, {@code time} and {@code thread}.
 */
public final class MonOutLines {

    private static final JsonStringEncoder ENCODER = JsonStringEncoder.getInstance();

    private final ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    private final long epochMicrosAtStart;
    private final long nanoAtStart;

    public MonOutLines() {
        long millis = System.currentTimeMillis();
        nanoAtStart = System.nanoTime();
        epochMicrosAtStart = millis * 1000;
    }

    /** Microseconds since the epoch, monotonic within this buffer. */
    private long nowMicros() {
        return epochMicrosAtStart + (System.nanoTime() - nanoAtStart) / 1000;
    }

    /** A snapshot of the lines so far, in order. */
    public List<String> snapshot() {
        return List.copyOf(lines);
    }

    public void tracked(long id, long parent, String name, String via) {
        StringBuilder b = start("tracked", id);
        b.append(",\"name\":");
        string(b, name);
        b.append(",\"parent\":");
        id(b, parent);
        b.append(",\"via\":");
        string(b, via);
        end(b);
    }

    public void attached(long id, long result, String callback, String errback, String method) {
        StringBuilder b = start("attached", id);
        b.append(",\"callback\":");
        string(b, callback);
        b.append(",\"errback\":");
        string(b, errback);
        b.append(",\"method\":");
        string(b, method);
        b.append(",\"result\":");
        id(b, result);
        end(b);
    }

    public void chained(long id, long target) {
        StringBuilder b = start("chained", id);
        b.append(",\"target\":");
        id(b, target);
        end(b);
    }

    public void executed(long id, String callback, boolean callbackPath, long nanos, String thread, String error) {
        StringBuilder b = start("executed", id);
        b.append(",\"callback\":");
        string(b, callback);
        b.append(",\"callback?\":").append(callbackPath);
        b.append(",\"time\":").append(nanos / 1e9);
        b.append(",\"thread\":");
        string(b, thread);
        b.append(",\"failed\":").append(error != null);
        if (error != null) {
            b.append(",\"error\":");
            string(b, error);
        }
        end(b);
    }

    public void fired(long id, boolean success, boolean cancelled, String error) {
        StringBuilder b = start("fired", id);
        b.append(",\"success\":").append(success);
        if (!success) {
            b.append(",\"error\":");
            string(b, error);
        }
        b.append(",\"cancelled\":").append(cancelled);
        end(b);
    }

    public void unhandled(long id, String name, String error, String origin) {
        StringBuilder b = start("unhandled", id);
        b.append(",\"name\":");
        string(b, name);
        b.append(",\"error\":");
        string(b, error);
        b.append(",\"origin\":");
        string(b, origin);
        end(b);
    }

    public void pending(long id, String name, long ageNanos, int dependents, String origin) {
        StringBuilder b = start("pending", id);
        b.append(",\"name\":");
        string(b, name);
        b.append(",\"age\":").append(ageNanos / 1e9);
        b.append(",\"dependents\":").append(dependents);
        b.append(",\"origin\":");
        string(b, origin);
        end(b);
    }

    private StringBuilder start(String action, long id) {
        StringBuilder b = new StringBuilder(160);
        b.append("{\"action\":\"").append(action).append("\",\"deferred\":").append(id)
                .append(",\"ts\":").append(nowMicros());
        return b;
    }

    private void end(StringBuilder b) {
        b.append('}');
        lines.add(b.toString());
    }

    private static void id(StringBuilder b, long id) {
        if (id == 0) {
            b.append("null");
        } else {
            b.append(id);
        }
    }

    private static void string(StringBuilder b, String s) {
        if (s == null) {
            b.append("null");
        } else {
            b.append('"');
            ENCODER.quoteAsString(s, b);
            b.append('"');
        }
    }
}
