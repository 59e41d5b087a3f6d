package io.reactortrack.viewer;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Makes a large, realistic {@code mon.out}: many request pipelines on a pool of threads, each a
 * tracked future with a few derived stages, some failing into an {@code exceptionally}, some
 * chained into another tracked future, a few left unhandled or pending. Deterministic (fixed seed).
 */
final class LargeMonOut {

    private LargeMonOut() {}

    private record Line(long ts, long order, String json) {}

    /** Writes at least {@code minLines} lines (a little more, to finish the last pipeline). */
    static Path write(Path file, int minLines) throws IOException {
        Random random = new Random(42);
        List<Line> lines = new ArrayList<>(minLines + 64);
        long[] order = {0};
        long id = 0;
        long start = 1_795_624_112_000_000L;
        String[] stages = {
            "com.shop.orders.OrderService::validate",
            "com.shop.orders.OrderService::priceItems",
            "com.shop.orders.OrderService.lambda$checkout$3(OrderService.java:88)",
            "com.shop.payments.PaymentClient::authorize",
            "com.shop.orders.OrderService::persist",
            "com.shop.mail.Mailer::sendConfirmation"
        };
        int pipeline = 0;
        List<long[]> pending = new ArrayList<>();
        List<long[]> unhandledFutures = new ArrayList<>();
        while (lines.size() < minLines) {
            pipeline++;
            long t = start + pipeline * 140L + random.nextInt(100);
            String thread = "worker-" + (1 + random.nextInt(8));
            long root = ++id;
            add(lines, order, t, tracked(root, t, "\"request-" + pipeline + "\"", "null", "track"));
            long previous = root;
            if (pipeline % 997 == 0) {
                // Never completed: something forgot to complete the request.
                long stage = ++id;
                add(lines, order, t + 1, attached(root, t + 1, json(stages[0]), "null", "thenApply", stage));
                add(lines, order, t + 2, tracked(stage, t + 2, "null", String.valueOf(root), "derived"));
                pending.add(new long[] {root, t});
                continue;
            }
            int count = 2 + random.nextInt(4);
            boolean fails = random.nextInt(12) == 0;
            boolean unhandled = fails && pipeline % 3 == 0;
            List<long[]> chain = new ArrayList<>();
            for (int s = 0; s < count; s++) {
                long stage = ++id;
                t += 1 + random.nextInt(5);
                add(lines, order, t, attached(previous, t, json(stages[s]), "null", "thenApply", stage));
                add(lines, order, t + 1, tracked(stage, t + 1, "null", String.valueOf(previous), "derived"));
                chain.add(new long[] {previous, stage, s});
                previous = stage;
            }
            long audit = 0;
            long audited = 0;
            if (!fails && pipeline % 10 == 0) {
                audit = ++id;
                audited = ++id;
                t += 2;
                add(lines, order, t, "{\"action\":\"chained\",\"deferred\":" + previous + ",\"ts\":" + t
                        + ",\"target\":" + audit + "}");
                add(lines, order, t + 1, tracked(audit, t + 1, "\"audit-" + pipeline + "\"", String.valueOf(previous), "chained"));
                add(lines, order, t + 2, attached(audit, t + 2, json("com.shop.audit.AuditLog::record"), "null", "thenAccept", audited));
                add(lines, order, t + 3, tracked(audited, t + 3, "null", String.valueOf(audit), "derived"));
            }
            long recovered = 0;
            if (fails && !unhandled) {
                recovered = ++id;
                t += 2;
                add(lines, order, t, attached(previous, t,
                        "null", json("com.shop.orders.OrderService::fallback"), "exceptionally", recovered));
                add(lines, order, t + 1, tracked(recovered, t + 1, "null", String.valueOf(previous), "derived"));
            }
            t += 50 + random.nextInt(400);
            add(lines, order, t, fired(root, t, true, null));
            boolean failed = false;
            int failAt = fails ? random.nextInt(count) : -1;
            for (long[] link : chain) {
                int s = (int) link[2];
                long micros = 5 + (long) Math.abs(random.nextGaussian() * (s == 3 ? 4000 : 300));
                t += micros + 2;
                if (failed) {
                    add(lines, order, t, fired(link[1], t, false, "java.io.UncheckedIOException: upstream timed out"));
                    continue;
                }
                boolean throwsHere = s == failAt;
                add(lines, order, t, executed(link[0], t, json(stages[s]), true, micros, thread, throwsHere,
                        throwsHere ? "java.io.UncheckedIOException: upstream timed out" : null));
                t += 1;
                if (throwsHere) {
                    failed = true;
                    add(lines, order, t, fired(link[1], t, false, "java.io.UncheckedIOException: upstream timed out"));
                } else {
                    add(lines, order, t, fired(link[1], t, true, null));
                }
            }
            if (audit != 0) {
                t += 3;
                add(lines, order, t, fired(audit, t, true, null));
                long micros = 40 + random.nextInt(200);
                t += micros;
                add(lines, order, t, executed(audit, t, json("com.shop.audit.AuditLog::record"), true, micros,
                        "audit-" + (1 + (pipeline / 10) % 2), false, null));
                add(lines, order, t + 1, fired(audited, t + 1, true, null));
            }
            if (unhandled) {
                unhandledFutures.add(new long[] {previous, t});
            } else if (fails) {
                t += 20;
                add(lines, order, t, executed(previous, t, json("com.shop.orders.OrderService::fallback"), false, 15,
                        thread, false, null));
                add(lines, order, t + 1, fired(recovered, t + 1, true, null));
            }
        }
        long end = lines.stream().mapToLong(Line::ts).max().orElse(start) + 1000;
        for (long[] u : unhandledFutures) {
            add(lines, order, end, "{\"action\":\"unhandled\",\"deferred\":" + u[0] + ",\"ts\":" + end
                    + ",\"name\":null,\"error\":\"java.io.UncheckedIOException: upstream timed out\",\"origin\":"
                    + "\"thenApply(com.shop.orders.OrderService::persist) on #" + (u[0] - 1) + "\"}");
        }
        for (long[] p : pending) {
            add(lines, order, end + 1, "{\"action\":\"pending\",\"deferred\":" + p[0] + ",\"ts\":" + (end + 1)
                    + ",\"name\":\"request-pending\",\"age\":" + String.format(Locale.ROOT, "%.3f", (end - p[1]) / 1e6)
                    + ",\"dependents\":1,\"origin\":\"com.shop.web.Handler.handle(Handler.java:37)\\n"
                    + "com.shop.web.Server.dispatch(Server.java:112)\"}");
        }
        lines.sort(Comparator.comparingLong(Line::ts).thenComparingLong(Line::order));
        Files.createDirectories(file.getParent());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Line line : lines) {
                out.write(line.json);
                out.write('\n');
            }
        }
        return file;
    }

    private static void add(List<Line> lines, long[] order, long ts, String json) {
        lines.add(new Line(ts, order[0]++, json));
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String tracked(long id, long ts, String name, String parent, String via) {
        return "{\"action\":\"tracked\",\"deferred\":" + id + ",\"ts\":" + ts + ",\"name\":" + name
                + ",\"parent\":" + parent + ",\"via\":\"" + via + "\"}";
    }

    private static String attached(long id, long ts, String cb, String eb, String method, long result) {
        return "{\"action\":\"attached\",\"deferred\":" + id + ",\"ts\":" + ts + ",\"callback\":" + cb
                + ",\"errback\":" + eb + ",\"method\":\"" + method + "\",\"result\":" + result + "}";
    }

    private static String executed(long id, long ts, String cb, boolean path, long micros, String thread,
            boolean failed, String error) {
        return "{\"action\":\"executed\",\"deferred\":" + id + ",\"ts\":" + ts + ",\"callback\":" + cb
                + ",\"callback?\":" + path + ",\"time\":" + String.format(Locale.ROOT, "%.6f", micros / 1e6)
                + ",\"thread\":\"" + thread + "\",\"failed\":" + failed
                + (error == null ? "" : ",\"error\":" + json(error)) + "}";
    }

    private static String fired(long id, long ts, boolean success, String error) {
        return "{\"action\":\"fired\",\"deferred\":" + id + ",\"ts\":" + ts + ",\"success\":" + success
                + (error == null ? "" : ",\"error\":" + json(error)) + ",\"cancelled\":false}";
    }
}
