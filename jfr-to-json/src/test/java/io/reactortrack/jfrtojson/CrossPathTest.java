package io.reactortrack.jfrtojson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.reactortrack.recorder.Callbacks;
import io.reactortrack.recorder.JsonMonitor;
import io.reactortrack.recorder.TrackedFuture;
import io.reactortrack.recorder.testing.MonOut;
import jdk.jfr.Recording;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two ways to get mon.out agree: a workload tracked by a JsonMonitor
 * while a recording takes the Reactor Track events gives the same lines in
 * the monitor's buffer and through the converter, apart from the measured
 * keys (docs/mon-out.md: ts, time, thread, age and lifetime), with the same
 * keys in the same order, and the same thread names where both name one.
 *
 * <p>It holds the recorder to the contract as much as the converter: it
 * passes once the recorder writes the lean events and the JsonMonitor writes
 * through MonOutWriter.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class CrossPathTest {

    @TempDir
    Path dir;

    @Test
    void the_json_monitor_and_the_converted_recording_write_the_same_lines() throws Exception {
        Path file = dir.resolve("both.jfr");
        JsonMonitor monitor = new JsonMonitor(true);
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "pool-x"));
        try (Recording recording = RecordingGenerator.reactorTrackRecording()) {
            recording.start();
            workload(monitor, pool);
            monitor.close(); // reports unhandled failures, on both paths
            recording.stop();
            recording.dump(file);
        } finally {
            pool.shutdown();
        }
        List<Map<String, Object>> json = MonOut.parseAll(monitor.buffer());
        Cli.Result r = Cli.run(file.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("", r.err());
        List<Map<String, Object>> converted = MonOut.parseAll(r.lines());

        assertTrue(json.size() >= 30, "a workload too small to prove anything: " + json.size());
        String[] measured = {"ts", "time", "thread", "age", "lifetime"};
        List<Map<String, Object>> a = MonOut.withoutKeys(json, measured);
        List<Map<String, Object>> b = MonOut.withoutKeys(converted, measured);
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            assertEquals(List.copyOf(a.get(i).keySet()), List.copyOf(b.get(i).keySet()), "keys of line " + i);
            assertEquals(a.get(i), b.get(i), "line " + i);
        }
        assertEquals(a.size(), b.size());
        if (System.getProperty("crosspath.print") != null) {
            monitor.buffer().forEach(System.out::println);
        }
        // Same keys in the same order, and the same threads too where both name one.
        for (int i = 0; i < json.size(); i++) {
            assertEquals(List.copyOf(json.get(i).keySet()), List.copyOf(converted.get(i).keySet()));
            assertEquals(json.get(i).get("thread"), converted.get(i).get("thread"));
        }
    }

    /**
     * One step at a time, each finished before the next: the monitor appends
     * lines in the order things happen, the converter sorts by time, and
     * only a sequential workload makes the two orders the same by design.
     */
    private static void workload(JsonMonitor monitor, ExecutorService pool) {
        TrackedFuture<String> d = monitor.track(new CompletableFuture<>(), "d");
        TrackedFuture<Integer> length = d.thenApply(Callbacks.function("length", String::length));
        TrackedFuture<Integer> safe = length.exceptionally(e -> -1);
        d.complete("hello \"world\" ✓");
        safe.join();

        TrackedFuture<String> failing = monitor.track(new CompletableFuture<>(), "failing");
        TrackedFuture<String> boom = failing.thenApply(s -> {
            throw new IllegalStateException("boom");
        });
        TrackedFuture<String> recovered = boom.handle((s, e) -> e == null ? s : "recovered");
        failing.complete("x");
        recovered.join();

        TrackedFuture<Integer> composed = monitor.track(CompletableFuture.completedFuture(20), "base")
                .thenCompose(n -> CompletableFuture.completedFuture(n + 1));
        composed.join();

        TrackedFuture<String> beforeAsync = monitor.track(new CompletableFuture<>(), "async");
        TrackedFuture<String> async = beforeAsync.thenApplyAsync(s -> s + "!", pool);
        beforeAsync.complete("go");
        async.join();

        CompletableFuture<String> target = new CompletableFuture<>();
        TrackedFuture<String> source = monitor.track(new CompletableFuture<>(), "source");
        source.chain(target);
        source.complete("chained");
        target.join();

        TrackedFuture<String> cancelled = monitor.track(new CompletableFuture<>(), "cancelled");
        cancelled.whenComplete((s, e) -> { });
        cancelled.cancel(false);

        TrackedFuture<String> unobserved = monitor.track(new CompletableFuture<>(), "unobserved");
        unobserved.completeExceptionally(new java.io.IOException("nobody looks"));
    }
}
