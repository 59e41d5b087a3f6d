package io.reactortrack.viewer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A run served by virtual threads: {@code requests} requests, each on a virtual thread of its own
 * that lives for its callbacks, a new one every 100 µs, with up to about ten at a time, and a
 * platform thread that does a little besides. Each request has a response future, tracked when the
 * request comes and completed from outside after its callbacks, with its lifetime.
 * Deterministic (fixed seed).
 */
final class VirtualThreadsMonOut {

    static final long START = 1_795_624_200_000_000L;

    private VirtualThreadsMonOut() {}

    private record Line(long ts, long order, String json) {}

    static String make(int requests) {
        Random random = new Random(7);
        List<Line> lines = new ArrayList<>();
        long[] order = {0};
        long id = 0;
        for (int i = 0; i < requests; i++) {
            long t = START + i * 100L;
            String thread = i % 50 == 0 ? "fetcher (virtual#" + (5000 + i) + ")" : "virtual#" + (5000 + i);
            long request = ++id;
            long parsed = ++id;
            long answered = ++id;
            long response = ++id;
            add(lines, order, t, "{\"action\":\"tracked\",\"deferred\":" + response + ",\"ts\":" + t
                + ",\"name\":\"response-" + i + "\",\"parent\":null,\"via\":\"track\"}");
            add(lines, order, t, "{\"action\":\"tracked\",\"deferred\":" + request + ",\"ts\":" + t
                + ",\"name\":\"request-" + i + "\",\"parent\":null,\"via\":\"track\"}");
            add(lines, order, t + 1, attached(request, t + 1, "com.shop.web.Handler::parse", parsed));
            add(lines, order, t + 2, derived(parsed, t + 2, request));
            add(lines, order, t + 3, attached(parsed, t + 3, "com.shop.web.Handler::answer", answered));
            add(lines, order, t + 4, derived(answered, t + 4, parsed));
            long parseMicros = 100 + random.nextInt(400);
            long answerMicros = 100 + random.nextInt(400);
            long end1 = t + 10 + parseMicros;
            long end2 = end1 + 2 + answerMicros;
            boolean fails = i % 97 == 0;
            add(lines, order, t + 9, "{\"action\":\"fired\",\"deferred\":" + request + ",\"ts\":" + (t + 9)
                + ",\"success\":true,\"cancelled\":false,\"name\":\"request-" + i + "\",\"lifetime\":0.000009}");
            add(lines, order, end1, executed(request, end1, "com.shop.web.Handler::parse", parseMicros, thread, false));
            add(lines, order, end1 + 1, fired(parsed, end1 + 1, true));
            add(lines, order, end2, executed(parsed, end2, "com.shop.web.Handler::answer", answerMicros, thread, fails));
            add(lines, order, end2 + 1, fired(answered, end2 + 1, !fails));
            add(lines, order, end2 + 2, "{\"action\":\"fired\",\"deferred\":" + response + ",\"ts\":" + (end2 + 2)
                + ",\"success\":true,\"cancelled\":false,\"name\":\"response-" + i + "\",\"lifetime\":"
                + String.format(Locale.ROOT, "%.6f", (end2 + 2 - t) / 1e6) + "}");
            if (i % 20 == 0) {
                long m = end2 + 3;
                add(lines, order, m, executed(answered, m, "com.shop.web.Metrics::count", 1, "main", false));
            }
        }
        lines.sort(Comparator.comparingLong(Line::ts).thenComparingLong(Line::order));
        StringBuilder out = new StringBuilder();
        for (Line line : lines) {
            out.append(line.json).append('\n');
        }
        return out.toString();
    }

    private static void add(List<Line> lines, long[] order, long ts, String json) {
        lines.add(new Line(ts, order[0]++, json));
    }

    private static String attached(long id, long ts, String callback, long result) {
        return "{\"action\":\"attached\",\"deferred\":" + id + ",\"ts\":" + ts + ",\"callback\":\"" + callback
            + "\",\"errback\":null,\"method\":\"thenApply\",\"result\":" + result + "}";
    }

    private static String derived(long id, long ts, long parent) {
        return "{\"action\":\"tracked\",\"deferred\":" + id + ",\"ts\":" + ts + ",\"name\":null,\"parent\":" + parent
            + ",\"via\":\"derived\"}";
    }

    private static String executed(long id, long ts, String callback, long micros, String thread, boolean failed) {
        return "{\"action\":\"executed\",\"deferred\":" + id + ",\"ts\":" + ts + ",\"callback\":\"" + callback
            + "\",\"callback?\":true,\"time\":" + String.format(Locale.ROOT, "%.6f", micros / 1e6) + ",\"thread\":\""
            + thread + "\",\"failed\":" + failed
            + (failed ? ",\"error\":\"java.net.http.HttpTimeoutException: request timed out\"" : "") + "}";
    }

    private static String fired(long id, long ts, boolean success) {
        return "{\"action\":\"fired\",\"deferred\":" + id + ",\"ts\":" + ts + ",\"success\":" + success
            + (success ? "" : ",\"error\":\"java.net.http.HttpTimeoutException: request timed out\"")
            + ",\"cancelled\":false}";
    }
}
