package io.reactortrack.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.reactortrack.events.ReactorTrackEvents;
import io.reactortrack.recorder.testing.JfrCapture;
import io.reactortrack.recorder.testing.MonOut;
import org.junit.jupiter.api.Test;

/**
 * Many threads attach callbacks to, chain, combine and complete thousands of
 * tracked futures at once. Nothing may be lost or recorded twice: one tracked
 * line per id, one fired per future, one executed per callback run, exactly
 * the attached lines the workload implies; with a {@link JsonMonitor}, and with
 * a {@link JfrMonitor} under a recording read back from its file.
 */
class ConcurrencyTest {

    private static final int THREADS = 8;
    private static final int FUTURES = Integer.getInteger("reactortrack.concurrency.futures", 20_000);

    /** What the workload must have recorded, and what it did. */
    private static final class Expected {
        long tracked;
        long attached;
        long executed;
        long fired;
        long chained;
        /** Callback name -> [attached lines, executed lines]. */
        final Map<String, int[]> perCallback = new HashMap<>();

        void callback(String name, int attachedLines, boolean runs) {
            perCallback.put(name, new int[] {attachedLines, runs ? 1 : 0});
            attached += attachedLines;
            executed += runs ? 1 : 0;
        }
    }

    private enum Outcome { SUCCESS, FAILURE, CANCEL }

    /**
     * Runs the workload with {@code monitor}: creates {@link #FUTURES} tracked
     * sources on {@link #THREADS} threads, then on those threads, in a shuffled
     * order, attaches to and completes them concurrently. Returns what must
     * have been recorded, once every thread is done.
     */
    private static Expected workload(Monitor monitor, long seed) throws Exception {
        Random random = new Random(seed);
        Outcome[] outcome = new Outcome[FUTURES];
        for (int i = 0; i < FUTURES; i++) {
            int x = random.nextInt(10);
            outcome[i] = x < 7 ? Outcome.SUCCESS : x < 9 ? Outcome.FAILURE : Outcome.CANCEL;
        }
        @SuppressWarnings("unchecked")
        TrackedFuture<Integer>[] sources = new TrackedFuture[FUTURES];
        ExecutorService workers = Executors.newFixedThreadPool(THREADS, r -> new Thread(r, "worker"));
        ExecutorService async = Executors.newFixedThreadPool(2, r -> new Thread(r, "async"));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try {
            // Phase 1: create the sources from every thread at once.
            AtomicInteger next = new AtomicInteger();
            runOnAll(workers, () -> {
                int i;
                while ((i = next.getAndIncrement()) < FUTURES) {
                    sources[i] = monitor.track(new CompletableFuture<>(), "s" + i);
                }
            }, failure);

            // Phase 2: attach and complete, shuffled, from every thread at once.
            List<Runnable> tasks = new ArrayList<>(2 * FUTURES);
            for (int n = 0; n < FUTURES; n++) {
                int i = n;
                TrackedFuture<Integer> s = sources[i];
                tasks.add(() -> {
                    switch (i % 4) {
                        case 0:
                            s.thenApply(Callbacks.function("f" + i, v -> v + 1));
                            s.whenComplete(Callbacks.biConsumer("g" + i, (v, e) -> { }));
                            break;
                        case 1:
                            s.thenApplyAsync(Callbacks.function("f" + i, v -> v + 1), async);
                            s.exceptionally(Callbacks.function("h" + i, e -> -1));
                            break;
                        case 2: {
                            TrackedFuture<Integer> target = new TrackedFuture<>();
                            s.chain(target);
                            target.thenApply(Callbacks.function("f" + i, v -> v + 1));
                            break;
                        }
                        default:
                            sources[i - 1].thenCombine(s, Callbacks.biFunction("f" + i, Integer::sum));
                            break;
                    }
                });
                tasks.add(() -> {
                    switch (outcome[i]) {
                        case SUCCESS:
                            s.complete(i);
                            break;
                        case FAILURE:
                            s.completeExceptionally(new IllegalStateException("x" + i));
                            break;
                        default:
                            s.cancel(false);
                            break;
                    }
                });
            }
            Collections.shuffle(tasks, random);
            AtomicInteger task = new AtomicInteger();
            runOnAll(workers, () -> {
                int t;
                while ((t = task.getAndIncrement()) < tasks.size()) {
                    tasks.get(t).run();
                }
            }, failure);
        } finally {
            workers.shutdown();
            assertTrue(workers.awaitTermination(60, TimeUnit.SECONDS));
            // Every async callback was submitted by a finished worker; let them run out.
            async.shutdown();
            assertTrue(async.awaitTermination(60, TimeUnit.SECONDS));
        }
        if (failure.get() != null) {
            throw new AssertionError("a worker failed", failure.get());
        }

        Expected x = new Expected();
        for (int i = 0; i < FUTURES; i++) {
            boolean ok = outcome[i] == Outcome.SUCCESS;
            switch (i % 4) {
                case 0: // s, thenApply stage, whenComplete stage
                    x.tracked += 3;
                    x.fired += 3;
                    x.callback("f" + i, 1, ok);
                    x.callback("g" + i, 1, true);
                    break;
                case 1: // s, async stage, exceptionally stage
                    x.tracked += 3;
                    x.fired += 3;
                    x.callback("f" + i, 1, ok);
                    x.callback("h" + i, 1, !ok);
                    break;
                case 2: // s, the chained target, its stage
                    x.tracked += 3;
                    x.fired += 3;
                    x.chained += 1;
                    x.callback("f" + i, 1, ok);
                    break;
                default: // s, the stage combining it with the previous source
                    x.tracked += 2;
                    x.fired += 2;
                    x.callback("f" + i, 2, ok && outcome[i - 1] == Outcome.SUCCESS);
                    break;
            }
        }
        return x;
    }

    /** Runs {@code body} on every worker thread at once (released together) and waits for all of them. */
    private static void runOnAll(ExecutorService workers, Runnable body, AtomicReference<Throwable> failure)
            throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(THREADS);
        for (int t = 0; t < THREADS; t++) {
            workers.execute(() -> {
                try {
                    ready.countDown();
                    go.await();
                    body.run();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            });
        }
        assertTrue(ready.await(30, TimeUnit.SECONDS));
        go.countDown();
        assertTrue(done.await(120, TimeUnit.SECONDS), "the workers did not finish");
    }

    @Test
    void a_json_monitor_loses_and_duplicates_nothing_under_concurrent_attach_and_complete() throws Exception {
        long seed = Long.getLong("reactortrack.seed", System.nanoTime());
        JsonMonitor monitor = new JsonMonitor(true);
        Expected x = workload(monitor, seed);
        String where = "seed=" + seed;

        List<Map<String, Object>> lines = MonOut.parseAll(monitor.buffer());
        Set<Long> tracked = new HashSet<>();
        for (Map<String, Object> l : MonOut.withAction(lines, "tracked")) {
            long id = MonOut.id(l, "deferred");
            assertTrue(tracked.add(id), () -> where + ": two tracked lines for " + id);
        }
        assertEquals(x.tracked, tracked.size(), where + ": tracked");
        Set<Long> fired = new HashSet<>();
        for (Map<String, Object> l : MonOut.withAction(lines, "fired")) {
            long id = MonOut.id(l, "deferred");
            assertTrue(fired.add(id), () -> where + ": fired twice: " + id);
        }
        assertEquals(tracked, fired, where + ": every tracked future fired exactly once");
        assertEquals(x.attached, MonOut.withAction(lines, "attached").size(), where + ": attached");
        assertEquals(x.executed, MonOut.withAction(lines, "executed").size(), where + ": executed");
        assertEquals(x.chained, MonOut.withAction(lines, "chained").size(), where + ": chained");
        for (Map<String, Object> l : lines) {
            for (String key : List.of("deferred", "result", "target", "parent")) {
                if (l.get(key) != null) {
                    assertTrue(tracked.contains(MonOut.id(l, key)), () -> where + ": untracked id in " + l);
                }
            }
        }
        Map<String, int[]> seen = new HashMap<>();
        for (Map<String, Object> l : MonOut.withAction(lines, "attached")) {
            String name = (String) (l.get("callback") != null ? l.get("callback") : l.get("errback"));
            seen.computeIfAbsent(name, k -> new int[2])[0]++;
        }
        for (Map<String, Object> l : MonOut.withAction(lines, "executed")) {
            seen.computeIfAbsent((String) l.get("callback"), k -> new int[2])[1]++;
        }
        assertPerCallback(x, seen, where);

        TrackStats stats = monitor.stats();
        assertEquals(0, stats.tracerErrors(), () -> where + ": " + monitor.lastTracerError());
        assertEquals(x.tracked, stats.futuresTracked());
        assertEquals(x.attached, stats.callbacksAttached());
        assertEquals(x.executed, stats.callbacksExecuted());
        assertEquals(x.fired, stats.futuresFired());
    }

    private static void assertPerCallback(Expected x, Map<String, int[]> seen, String where) {
        assertEquals(x.perCallback.keySet(), seen.keySet(), where + ": callback names");
        for (Map.Entry<String, int[]> e : x.perCallback.entrySet()) {
            int[] s = seen.get(e.getKey());
            assertEquals(e.getValue()[0], s[0], () -> where + ": attached lines of " + e.getKey());
            assertEquals(e.getValue()[1], s[1], () -> where + ": executed lines of " + e.getKey());
        }
    }

    @Test
    void a_jfr_monitor_under_a_recording_loses_and_duplicates_no_event() throws Exception {
        long seed = Long.getLong("reactortrack.seed", System.nanoTime());
        String where = "seed=" + seed;
        JfrMonitor monitor = new JfrMonitor(true);
        Map<String, Long> counts = new HashMap<>();
        Set<Long> tracked = new HashSet<>();
        Set<Long> fired = new HashSet<>();
        List<String> duplicates = new ArrayList<>();
        Map<String, int[]> seen = new HashMap<>();
        AtomicInteger attachedLines = new AtomicInteger();
        Expected x;
        try (JfrCapture jfr = JfrCapture.start()) {
            x = workload(monitor, seed);
            jfr.stopAndStream(e -> {
                String type = e.getEventType().getName();
                counts.merge(type, 1L, Long::sum);
                switch (type) {
                    case ReactorTrackEvents.FUTURE_TRACKED:
                        if (!tracked.add(e.getLong("futureId"))) {
                            duplicates.add("tracked " + e.getLong("futureId"));
                        }
                        break;
                    case ReactorTrackEvents.FUTURE_COMPLETED:
                        if (!fired.add(e.getLong("futureId"))) {
                            duplicates.add("fired " + e.getLong("futureId"));
                        }
                        break;
                    case ReactorTrackEvents.CALLBACK_ATTACHED: {
                        // One event per stage: it tracks the stage, and stands for one attached line per input.
                        if (!tracked.add(e.getLong("resultId"))) {
                            duplicates.add("tracked " + e.getLong("resultId"));
                        }
                        int inputs = e.getLong("otherId") != 0 ? 2 : 1;
                        attachedLines.addAndGet(inputs);
                        String name = e.getString("callback") != null ? e.getString("callback") : e.getString("errback");
                        seen.computeIfAbsent(name, k -> new int[2])[0] += inputs;
                        break;
                    }
                    case ReactorTrackEvents.CALLBACK_EXECUTED:
                        seen.computeIfAbsent(e.getString("callback"), k -> new int[2])[1]++;
                        if (e.getBoolean("completesStage") && !fired.add(e.getLong("resultId"))) {
                            duplicates.add("fired " + e.getLong("resultId"));
                        }
                        break;
                    default:
                        break;
                }
            });
        }
        assertTrue(duplicates.isEmpty(), () -> where + ": duplicated events " + duplicates.subList(0,
                Math.min(10, duplicates.size())));
        assertEquals(x.tracked, tracked.size(), where + ": tracked");
        assertEquals(x.attached, attachedLines.get(), where + ": attached");
        assertEquals(x.executed, counts.getOrDefault(ReactorTrackEvents.CALLBACK_EXECUTED, 0L), where + ": executed");
        assertEquals(x.fired, fired.size(), where + ": fired");
        assertEquals(x.chained, counts.getOrDefault(ReactorTrackEvents.FUTURE_CHAINED, 0L), where + ": chained");
        assertEquals(tracked, fired, where + ": every tracked future fired exactly once");
        assertPerCallback(x, seen, where);
        assertEquals(0, monitor.stats().tracerErrors(), () -> where + ": " + monitor.lastTracerError());
        System.out.println("ConcurrencyTest JFR events: " + counts);
    }
}
