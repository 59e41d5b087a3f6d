package io.reactortrack.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.reactortrack.recorder.testing.MonOut;
import org.junit.jupiter.api.Test;

/**
 * The shape of the original example's mon.out, from a copy of the example's
 * pipeline (without its one-second sleeps): the same callbacks attached, run on
 * the same paths, the failure of {@code problem} recorded with its error, and
 * {@code d2} tracked only because it is chained.
 */
class ExampleShapeTest {

    private static final String PREFIX = ExampleShapeTest.class.getName() + "::";

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

    static Object finished(Object ignored) {
        return "FINISHED!";
    }

    @Test
    void the_example_pipeline_writes_the_lines_of_the_original_example() throws Exception {
        JsonMonitor monitor = new JsonMonitor(true);
        ExecutorService scheduler = Executors.newSingleThreadExecutor(r -> new Thread(r, "scheduler-1"));
        TrackedFuture<Object> d = monitor.track(new CompletableFuture<>(), "d");
        TrackedFuture<Object> d2 = new TrackedFuture<>();
        TrackedFuture<Object> errbackStage;
        try {
            TrackedFuture<Object> recovered = d
                    .thenApply(ExampleShapeTest::simpleCallback)
                    .thenApply(ExampleShapeTest::followup)
                    .thenApply(ExampleShapeTest::problem)
                    .exceptionally(ExampleShapeTest::simpleErrback);
            errbackStage = recovered;
            TrackedFuture<Object> chained = recovered.chain(d2);
            assertTrue(chained == recovered, "chain returns the future it was called on");
            CompletableFuture<Object> d2Done = d2.thenApply(ExampleShapeTest::simpleCallback);
            CompletableFuture<Object> done = recovered.thenApply(ExampleShapeTest::finished);
            scheduler.execute(() -> d.complete(null));
            assertEquals("FINISHED!", done.get(10, TimeUnit.SECONDS));
            assertEquals(1, d2Done.get(10, TimeUnit.SECONDS));
        } finally {
            scheduler.shutdown();
            assertTrue(scheduler.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertEquals(0, monitor.stats().tracerErrors());
        List<Map<String, Object>> lines = MonOut.parseAll(monitor.buffer());

        // Keys in the contract's order on every line.
        for (Map<String, Object> l : lines) {
            List<String> keys = new ArrayList<>(l.keySet());
            assertEquals(List.of("action", "deferred", "ts"), keys.subList(0, 3), l.toString());
        }

        // d is tracked by name; d2 only because it is chained.
        Map<String, Object> dTracked = MonOut.withAction(lines, "tracked").get(0);
        assertEquals(d.id(), MonOut.id(dTracked, "deferred"));
        assertEquals("d", dTracked.get("name"));
        assertEquals("track", dTracked.get("via"));
        Map<String, Object> d2Tracked = tracked(lines, d2.id());
        assertEquals("chained", d2Tracked.get("via"));
        assertNull(d2Tracked.get("name"));
        assertEquals(errbackStage.id(), MonOut.id(d2Tracked, "parent"));
        List<Map<String, Object>> chained = MonOut.withAction(lines, "chained");
        assertEquals(1, chained.size());
        assertEquals(errbackStage.id(), MonOut.id(chained.get(0), "deferred"));
        assertEquals(d2.id(), MonOut.id(chained.get(0), "target"));

        // The same callbacks attached as in the original, in the same order.
        List<String> attached = MonOut.withAction(lines, "attached").stream()
                .map(l -> l.get("method") + " " + name(l.get("callback")) + "/" + name(l.get("errback")))
                .collect(Collectors.toList());
        assertEquals(List.of("thenApply simpleCallback/null", "thenApply followup/null", "thenApply problem/null",
                "exceptionally null/simpleErrback", "thenApply simpleCallback/null", "thenApply finished/null"),
                attached);
        assertEquals(d2.id(), MonOut.id(MonOut.withAction(lines, "attached").get(4), "deferred"),
                "d2 gets simpleCallback");
        assertEquals(d.id(), MonOut.id(MonOut.withAction(lines, "attached").get(0), "deferred"));

        // Run on the same paths; problem fails with its error; simpleErrback runs as an errback.
        List<Map<String, Object>> executed = MonOut.withAction(lines, "executed");
        List<String> runs = executed.stream()
                .map(l -> name(l.get("callback")) + " callback?=" + l.get("callback?") + " failed=" + l.get("failed"))
                .collect(Collectors.toList());
        assertEquals(List.of("simpleCallback callback?=true failed=false", "followup callback?=true failed=false",
                "problem callback?=true failed=true", "simpleErrback callback?=false failed=false"),
                runs.subList(0, 4));
        assertTrue(runs.subList(4, 6).containsAll(List.of("simpleCallback callback?=true failed=false",
                "finished callback?=true failed=false")), runs.toString());
        Map<String, Object> problem = executed.get(2);
        assertEquals("java.lang.IllegalStateException: oh no", problem.get("error"));
        for (Map<String, Object> l : executed) {
            assertEquals("scheduler-1", l.get("thread"), "every callback ran on the thread that fired d");
            assertTrue(l.get("time") instanceof Double, l.toString());
            if (!Boolean.TRUE.equals(l.get("failed"))) {
                assertTrue(!l.containsKey("error"), "error only when failed: " + l);
            }
        }

        // Every tracked future fired once; the problem stage failed, the others succeeded.
        List<Map<String, Object>> fired = MonOut.withAction(lines, "fired");
        assertEquals(MonOut.withAction(lines, "tracked").size(), fired.size());
        assertEquals(fired.size(), fired.stream().map(l -> l.get("deferred")).distinct().count());
        List<Map<String, Object>> failures = fired.stream().filter(l -> Boolean.FALSE.equals(l.get("success")))
                .collect(Collectors.toList());
        assertEquals(1, failures.size(), failures.toString());
        assertEquals("java.lang.IllegalStateException: oh no", failures.get(0).get("error"));
        assertEquals(false, failures.get(0).get("cancelled"));
    }

    private static Map<String, Object> tracked(List<Map<String, Object>> lines, long id) {
        return MonOut.withAction(lines, "tracked").stream().filter(l -> MonOut.id(l, "deferred") == id)
                .findFirst().orElseThrow(() -> new AssertionError("no tracked line for " + id));
    }

    private static String name(Object callback) {
        if (callback == null) {
            return "null";
        }
        String s = (String) callback;
        assertTrue(s.startsWith(PREFIX), () -> "a method reference is named Class::method: " + s);
        return s.substring(PREFIX.length());
    }
}
