package io.reactortrack.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.reactortrack.events.ReactorTrackEvents;
import io.reactortrack.recorder.testing.JfrCapture;
import io.reactortrack.recorder.testing.MonOut;
import jdk.jfr.consumer.RecordedEvent;
import org.junit.jupiter.api.Test;

/**
 * A {@link JsonMonitor} under a recording writes each thing that happens twice,
 * as a mon.out line and as a JFR event; both must say the same: the same ids,
 * actions and fields, the thread of an executed callback included.
 */
class JsonAndJfrAgreeTest {

    @Test
    void the_mon_out_lines_and_the_jfr_events_of_one_run_describe_the_same_things() throws Exception {
        JsonMonitor monitor = new JsonMonitor(true);
        ExecutorService exec = Executors.newSingleThreadExecutor(r -> new Thread(r, "agree-exec"));
        List<RecordedEvent> events;
        try (JfrCapture jfr = JfrCapture.start()) {
            TrackedFuture<Object> d = monitor.track(new CompletableFuture<>(), "d");
            TrackedFuture<Object> d2 = new TrackedFuture<>();
            TrackedFuture<Object> recovered = d
                    .thenApply(JsonAndJfrAgreeTest::simpleCallback)
                    .thenApplyAsync(JsonAndJfrAgreeTest::followup, exec)
                    .thenApply(JsonAndJfrAgreeTest::problem)
                    .exceptionally(JsonAndJfrAgreeTest::simpleErrback)
                    .chain(d2);
            TrackedFuture<Object> other = monitor.track(new CompletableFuture<>(), "other");
            TrackedFuture<Object> combined = recovered.thenCombine(other, (a, b) -> "both");
            TrackedFuture<Object> composed = other.thenCompose(x -> CompletableFuture.completedFuture("inner"));
            TrackedFuture<Object> cancelled = monitor.track(new CompletableFuture<>(), "cancelled");
            cancelled.whenComplete((v, e) -> { });
            CompletableFuture<Object> d2Done = d2.thenApply(JsonAndJfrAgreeTest::simpleCallback);
            d.complete(null);
            other.complete("o");
            cancelled.cancel(false);
            d2Done.get(10, TimeUnit.SECONDS);
            combined.get(10, TimeUnit.SECONDS);
            composed.get(10, TimeUnit.SECONDS);
            events = jfr.stop();
        } finally {
            exec.shutdownNow();
        }
        List<String> fromLines = new ArrayList<>();
        for (Map<String, Object> l : MonOut.parseAll(monitor.buffer())) {
            String s = fromLine(l);
            if (s != null) {
                fromLines.add(s);
            }
        }
        List<String> fromEvents = new ArrayList<>();
        for (RecordedEvent e : events) {
            String s = fromEvent(e);
            if (s != null) {
                fromEvents.add(s);
            }
        }
        Collections.sort(fromLines);
        Collections.sort(fromEvents);
        assertTrue(fromLines.size() > 20, () -> "too few lines: " + fromLines);
        assertEquals(String.join("\n", fromLines), String.join("\n", fromEvents));
        for (String action : List.of("tracked", "attached", "chained", "executed", "fired")) {
            assertTrue(fromLines.stream().anyMatch(s -> s.startsWith(action + " ")), "no " + action);
        }
    }

    static Object simpleCallback(Object ignored) {
        return 1;
    }

    static Object followup(Object ignored) {
        return 2;
    }

    static Object problem(Object ignored) {
        throw new IllegalStateException("oh no");
    }

    static Object simpleErrback(Throwable failure) {
        return null;
    }

    private static String id(Object v) {
        return v == null ? "0" : v.toString();
    }

    /** A line as "action key=value ..." in a fixed key order, without the measured ts and time. */
    private static String fromLine(Map<String, Object> l) {
        String d = id(l.get("deferred"));
        switch ((String) l.get("action")) {
            case "tracked":
                return "tracked " + d + " parent=" + id(l.get("parent")) + " name=" + l.get("name") + " via=" + l.get("via");
            case "attached":
                return "attached " + d + " result=" + id(l.get("result")) + " callback=" + l.get("callback")
                        + " errback=" + l.get("errback") + " method=" + l.get("method");
            case "chained":
                return "chained " + d + " target=" + id(l.get("target"));
            case "executed":
                return "executed " + d + " callback=" + l.get("callback") + " path=" + l.get("callback?")
                        + " failed=" + l.get("failed") + " error=" + l.get("error") + " thread=" + l.get("thread");
            case "fired":
                return "fired " + d + " success=" + l.get("success") + " cancelled=" + l.get("cancelled")
                        + " error=" + l.get("error");
            default:
                return null;
        }
    }

    private static String fromEvent(RecordedEvent e) {
        String d = Long.toString(e.getLong("futureId"));
        switch (e.getEventType().getName()) {
            case ReactorTrackEvents.FUTURE_TRACKED:
                return "tracked " + d + " parent=" + e.getLong("parentId") + " name=" + e.getString("name")
                        + " via=" + e.getString("via");
            case ReactorTrackEvents.CALLBACK_ATTACHED:
                return "attached " + d + " result=" + e.getLong("resultId") + " callback=" + e.getString("callback")
                        + " errback=" + e.getString("errback") + " method=" + e.getString("method");
            case ReactorTrackEvents.FUTURE_CHAINED:
                return "chained " + d + " target=" + e.getLong("targetId");
            case ReactorTrackEvents.CALLBACK_EXECUTED:
                return "executed " + d + " callback=" + e.getString("callback") + " path="
                        + e.getBoolean("callbackPath") + " failed=" + e.getBoolean("failed") + " error="
                        + e.getString("error") + " thread=" + e.getThread().getJavaName();
            case ReactorTrackEvents.FUTURE_FIRED:
                return "fired " + d + " success=" + e.getBoolean("success") + " cancelled="
                        + e.getBoolean("cancelled") + " error=" + e.getString("error");
            default:
                return null;
        }
    }
}
