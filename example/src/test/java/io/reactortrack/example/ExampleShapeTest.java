package io.reactortrack.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.reactortrack.recorder.JsonMonitor;
import io.reactortrack.recorder.testing.MonOut;
import org.junit.jupiter.api.Test;

/**
 * The shape of the original example's mon.out, from {@link Example#run}: the
 * same callbacks attached, run on the same paths, the failure of
 * {@code problem} recorded with its error, and {@code d2} tracked only because
 * it is chained. {@link ExampleOnJdksTest} holds the example run as a user
 * runs it to the same shape.
 */
class ExampleShapeTest {

    private static final String PREFIX = Example.class.getName() + "::";

    @Test
    void the_example_pipeline_writes_the_lines_of_the_original_example() {
        JsonMonitor monitor = new JsonMonitor(true);
        Example.run(monitor);
        assertEquals(0, monitor.stats().tracerErrors());
        assertShape(MonOut.parseAll(monitor.buffer()), "in process");
    }

    /** Asserts that {@code lines}, the mon.out of one run of the example, have its shape; {@code where} says whose. */
    static void assertShape(List<Map<String, Object>> lines, String where) {
        // Keys in the contract's order on every line.
        for (Map<String, Object> l : lines) {
            List<String> keys = new ArrayList<>(l.keySet());
            assertEquals(List.of("action", "deferred", "ts"), keys.subList(0, 3), l + "; " + where);
        }

        // d is tracked by name; d2 only because it is chained, to the stage the errback made.
        List<Map<String, Object>> tracked = MonOut.withAction(lines, "tracked");
        Map<String, Object> dTracked = tracked.get(0);
        long d = MonOut.id(dTracked, "deferred");
        assertEquals("d", dTracked.get("name"), where);
        assertEquals("track", dTracked.get("via"), where);
        List<Map<String, Object>> attachedLines = MonOut.withAction(lines, "attached");
        long errbackStage = MonOut.id(attachedLines.get(3), "result");
        List<Map<String, Object>> chained = MonOut.withAction(lines, "chained");
        assertEquals(1, chained.size(), where);
        assertEquals(errbackStage, MonOut.id(chained.get(0), "deferred"), where);
        long d2 = MonOut.id(chained.get(0), "target");
        Map<String, Object> d2Tracked = tracked.stream().filter(l -> MonOut.id(l, "deferred") == d2).findFirst()
                .orElseThrow(() -> new AssertionError("d2 is not tracked; " + where));
        assertEquals("chained", d2Tracked.get("via"), where);
        assertNull(d2Tracked.get("name"), where);
        assertEquals(errbackStage, MonOut.id(d2Tracked, "parent"), where);

        // The same callbacks attached as in the original, in the same order.
        List<String> attached = attachedLines.stream()
                .map(l -> l.get("method") + " " + name(l.get("callback")) + "/" + name(l.get("errback")))
                .collect(Collectors.toList());
        assertEquals(List.of("thenApply simpleCallback/null", "thenApply followup/null", "thenApply problem/null",
                "exceptionally null/simpleErrback", "thenApply simpleCallback/null", "thenApply finished/null"),
                attached, where);
        assertEquals(d, MonOut.id(attachedLines.get(0), "deferred"), where);
        assertEquals(d2, MonOut.id(attachedLines.get(4), "deferred"), "d2 gets simpleCallback; " + where);
        assertEquals(errbackStage, MonOut.id(attachedLines.get(5), "deferred"),
                "chain returns the future it was called on, which gets finished; " + where);

        // Run on the same paths; problem fails with its error; simpleErrback runs as an errback.
        List<Map<String, Object>> executed = MonOut.withAction(lines, "executed");
        List<String> runs = executed.stream()
                .map(l -> name(l.get("callback")) + " callback?=" + l.get("callback?") + " failed=" + l.get("failed"))
                .collect(Collectors.toList());
        assertEquals(6, runs.size(), runs + "; " + where);
        assertEquals(List.of("simpleCallback callback?=true failed=false", "followup callback?=true failed=false",
                "problem callback?=true failed=true", "simpleErrback callback?=false failed=false"),
                runs.subList(0, 4), where);
        assertTrue(runs.subList(4, 6).containsAll(List.of("simpleCallback callback?=true failed=false",
                "finished callback?=true failed=false")), runs + "; " + where);
        assertEquals("java.lang.IllegalStateException: oh no", executed.get(2).get("error"), where);
        for (Map<String, Object> l : executed) {
            assertEquals("scheduler-1", l.get("thread"), "every callback ran on the thread that fired d; " + where);
            assertTrue(l.get("time") instanceof Double, l + "; " + where);
            if (!Boolean.TRUE.equals(l.get("failed"))) {
                assertTrue(!l.containsKey("error"), "error only when failed: " + l + "; " + where);
            }
        }

        // Every tracked future fired once; the problem stage failed, the others succeeded.
        List<Map<String, Object>> fired = MonOut.withAction(lines, "fired");
        assertEquals(tracked.size(), fired.size(), "every tracked future fired; " + where);
        assertEquals(fired.size(), fired.stream().map(l -> l.get("deferred")).distinct().count(), where);
        List<Map<String, Object>> failures = fired.stream().filter(l -> Boolean.FALSE.equals(l.get("success")))
                .collect(Collectors.toList());
        assertEquals(1, failures.size(), failures + "; " + where);
        assertEquals("java.lang.IllegalStateException: oh no", failures.get(0).get("error"), where);
        assertEquals(false, failures.get(0).get("cancelled"), where);
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
